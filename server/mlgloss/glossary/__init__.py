"""The glossary: its model, loading and validation, the term index and look-up."""
