"""Importer for the explainer layout: ``- term Introduced in §NN · Title``, then ``- definition``.

The "introduced in" part is the entry's section, kept as ``§NN · Title``. Lines before the
first term are the page's introduction.
"""

from __future__ import annotations

import re

from mlgloss.glossary.build.importers.errors import SeedFormatError
from mlgloss.glossary.build.importers.pending import PendingEntry, records_from
from mlgloss.glossary.build.importers.records import SeedRecord

_TERM = re.compile(r"^- (?P<headword>.+?) Introduced in (?P<section>§.+)$")
_ITEM = re.compile(r"^- (?P<text>.+)$")


def import_explainer(text: str, source: str) -> list[SeedRecord]:
    """Records of an explainer-layout glossary, in file order."""
    entries: list[PendingEntry] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        term = _TERM.match(line)
        entry = entries[-1] if entries else None
        if term:
            if entry is not None and not entry.pieces:
                raise SeedFormatError(source, entry.line, f"{entry.headword!r} has no definition")
            entries.append(
                PendingEntry(headword=term["headword"], section=term["section"], line=number)
            )
        elif entry is not None:
            item = _ITEM.match(line)
            if item and entry.pieces:
                raise SeedFormatError(
                    source, number, f"a second definition for {entry.headword!r}: {line!r}"
                )
            entry.pieces.append(item["text"] if item else line)
    return records_from(entries, source)
