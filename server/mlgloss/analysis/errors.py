"""Errors raised by the analysis core for bad user input.

The base class lives in :mod:`mlgloss.errors` so that the glossary loader, the analysis core
and the front ends share one ``MlglossError``; it is re-exported here.
"""

from __future__ import annotations

from mlgloss.errors import MlglossError

__all__ = ["ConfigError", "MlglossError"]


class ConfigError(MlglossError):
    """A configuration that cannot be used: broken TOML, an unknown key, a wrong value.

    ``key`` is the dotted path of the offending setting as the user wrote it
    (``rules.variant.severity``, or ``builtinGlossary`` for editor settings), when known.
    """

    def __init__(
        self,
        message: str,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        *,
        key: str | None = None,
    ) -> None:
        super().__init__(message, file, line, column)
        self.key = key
