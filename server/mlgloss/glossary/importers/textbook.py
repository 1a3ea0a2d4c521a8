"""Importer for the textbook layout: ``- Term``, ``- Definition``, ``- See Section NN.N (…)``.

The "see" line is the entry's section (``Section 15.1 (Parameter-Efficient Methods)``);
it may be missing. Lines before the first ``- `` are the section's introduction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mlgloss.glossary.importers.errors import SeedFormatError
from mlgloss.glossary.importers.names import record_from_headword
from mlgloss.glossary.importers.records import SeedRecord
from mlgloss.glossary.importers.text import join_broken_lines

_ITEM = re.compile(r"^- (?P<text>.+)$")
_SEE = re.compile(r"^See (?P<section>.+)$")


@dataclass
class _Entry:
    headword: str
    line: int
    pieces: list[str] = field(default_factory=list)
    section: str | None = None


def import_textbook(text: str, source: str) -> list[SeedRecord]:
    """Records of a textbook-layout glossary, in file order."""
    entries: list[_Entry] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        item = _ITEM.match(line)
        entry = entries[-1] if entries else None
        if not line:
            continue
        if item is None:
            if entry is None:
                continue  # the introduction
            if entry.section is not None:
                entry.section += " " + line  # a "see" reference wrapped onto another line
            else:
                entry.pieces.append(line)  # a definition wrapped onto another line
            continue
        see = _SEE.match(item["text"])
        if entry is not None and not entry.pieces:
            entry.pieces.append(item["text"])
        elif see and entry is not None and entry.section is None:
            entry.section = see["section"]
        else:
            entries.append(_Entry(headword=item["text"], line=number))
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
