"""Importer for the explainer layout: ``- term Introduced in §NN · Title``, then ``- definition``.

The "introduced in" part is the entry's section, kept as ``§NN · Title``. Lines before the
first term are the page's introduction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mlgloss.glossary.importers.errors import SeedFormatError
from mlgloss.glossary.importers.names import record_from_headword
from mlgloss.glossary.importers.records import SeedRecord
from mlgloss.glossary.importers.text import join_broken_lines

_TERM = re.compile(r"^- (?P<headword>.+?) Introduced in (?P<section>§.+)$")
_ITEM = re.compile(r"^- (?P<text>.+)$")


@dataclass
class _Entry:
    headword: str
    section: str
    line: int
    pieces: list[str] = field(default_factory=list)


def import_explainer(text: str, source: str) -> list[SeedRecord]:
    """Records of an explainer-layout glossary, in file order."""
    entries: list[_Entry] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        term = _TERM.match(line)
        entry = entries[-1] if entries else None
        if term:
            if entry is not None and not entry.pieces:
                raise SeedFormatError(source, entry.line, f"{entry.headword!r} has no definition")
            entries.append(_Entry(headword=term["headword"], section=term["section"], line=number))
        elif entry is not None:
            item = _ITEM.match(line)
            if item and entry.pieces:
                raise SeedFormatError(
                    source, number, f"a second definition for {entry.headword!r}: {line!r}"
                )
            entry.pieces.append(item["text"] if item else line)
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
