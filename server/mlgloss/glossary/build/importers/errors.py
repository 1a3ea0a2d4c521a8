"""The error an importer raises when a glossary's text does not fit its layout."""

from __future__ import annotations


class SeedFormatError(ValueError):
    """A glossary file breaks its layout; says where (``file:line``) and what is wrong."""

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}")
        self.file = file
        self.line = line  # 1-based
        self.message = message
