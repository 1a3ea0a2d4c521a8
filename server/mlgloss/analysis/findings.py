"""What the engine reports: findings, their fixes and severities.

Positions are code-point offsets into the document's text (Python ``str`` indices). The
front ends convert them to lines and columns in whatever encoding they speak.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Severity(IntEnum):
    """Ordered so that ``a >= b`` means "a is at least as serious as b"."""

    HINT = 1
    INFO = 2
    WARNING = 3
    ERROR = 4

    @classmethod
    def parse(cls, name: str) -> Severity:
        try:
            return cls[name.strip().upper()]
        except KeyError:
            allowed = ", ".join(s.name.lower() for s in cls)
            raise ValueError(f"unknown severity {name!r} (expected one of {allowed})") from None

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace ``text[start:end]`` with ``new_text``."""

    start: int
    end: int
    new_text: str


@dataclass(frozen=True, slots=True)
class Fix:
    title: str
    edits: tuple[TextEdit, ...]
    safe: bool = True  # applied by ``mlgloss check --fix`` and "fix all"


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str  # stable rule code, e.g. "variant"
    severity: Severity
    start: int
    end: int
    message: str
    fixes: tuple[Fix, ...] = ()
    entry_id: str | None = None
    cell: int | None = None  # notebook cell index, for .ipynb documents

    @property
    def fix(self) -> Fix | None:
        return self.fixes[0] if self.fixes else None
