"""An entry while an importer reads it, and the records a finished list of them makes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from mlgloss.glossary.build.importers.errors import SeedFormatError
from mlgloss.glossary.build.importers.names import record_from_headword
from mlgloss.glossary.build.importers.records import SeedRecord
from mlgloss.glossary.build.importers.text import join_broken_lines


@dataclass
class PendingEntry:
    headword: str
    line: int  # 1-based line of the headword
    section: str | None = None
    pieces: list[str] = field(default_factory=list)  # the definition's lines, as read


def records_from(entries: Sequence[PendingEntry], source: str) -> list[SeedRecord]:
    """One record per entry, in order; the last entry must have a definition."""
    if entries and not entries[-1].pieces:
        raise SeedFormatError(
            source, entries[-1].line, f"{entries[-1].headword!r} has no definition"
        )
    return [
        record_from_headword(
            source=source,
            headword=entry.headword,
            definition=join_broken_lines(entry.pieces),
            line=entry.line,
            section=entry.section,
        )
        for entry in entries
    ]
