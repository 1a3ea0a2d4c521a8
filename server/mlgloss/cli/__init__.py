"""The command line: ``mlgloss check``, ``define``, ``search``, ``glossary``, ``serve``."""
