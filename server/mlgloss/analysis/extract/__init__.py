"""Extractors: one per file kind, each finding the prose of a document."""
