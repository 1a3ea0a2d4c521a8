"""The error an extractor raises when a document cannot be read at all (a broken notebook)."""

from __future__ import annotations

from mlgloss.errors import MlglossError


class ExtractionError(MlglossError):
    """A document whose structure cannot be read; ``line`` and ``column`` are 1-based."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message, None, line, column)
