"""Importer for the textbook layout: ``- Term``, ``- Definition``, ``- See Section NN.N (…)``.

The "see" line is the entry's section (``Section 15.1 (Parameter-Efficient Methods)``);
it may be missing. Lines before the first ``- `` are the section's introduction.
"""

from __future__ import annotations

import re

from mlgloss.glossary.build.importers.pending import PendingEntry, records_from
from mlgloss.glossary.build.importers.records import SeedRecord

_ITEM = re.compile(r"^- (?P<text>.+)$")
_SEE = re.compile(r"^See (?P<section>.+)$")


def import_textbook(text: str, source: str) -> list[SeedRecord]:
    """Records of a textbook-layout glossary, in file order."""
    entries: list[PendingEntry] = []
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
            entries.append(PendingEntry(headword=item["text"], line=number))
    return records_from(entries, source)
