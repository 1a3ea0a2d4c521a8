"""The error every part of mlgloss raises for bad input: it names the file, line and column."""

from __future__ import annotations


class MlglossError(Exception):
    """Bad input from a user's file. ``str()`` reads ``file:line:col: message``."""

    def __init__(
        self,
        message: str,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line  # 1-based
        self.column = column  # 1-based

    def __str__(self) -> str:
        place = [str(p) for p in (self.file, self.line, self.column) if p is not None]
        return f"{':'.join(place)}: {self.message}" if place else self.message


class GlossaryError(MlglossError):
    """A glossary file that cannot be loaded or fails its own checks."""
