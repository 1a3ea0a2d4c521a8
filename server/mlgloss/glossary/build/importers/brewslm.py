"""Importer for the BrewSLM Academy layout: ``- Term`` then ``- Definition``, under headers.

Section headers sit on lines of their own (a letter range, ``Track 1 — SFT fundamentals``). The
scrape turned inline code into line breaks, so a definition may start on a line without
``- `` (``Completion format`` → ``{prompt, completion}. Simplest…``) and may continue
on the lines after it (``DataCollator``, ``Top-p (nucleus sampling)``); those pieces are
joined back into one definition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mlgloss.glossary.build.importers.errors import SeedFormatError
from mlgloss.glossary.build.importers.names import record_from_headword
from mlgloss.glossary.build.importers.records import SeedRecord
from mlgloss.glossary.build.importers.text import join_broken_lines

_ITEM = re.compile(r"^- (?P<text>.+)$")
# A letter range ("A", en dash, "E") or a track header ("Track 3 — With BrewSLM").
_SECTION = re.compile(r"^(?:[A-Z]\s*[\u2013-]\s*[A-Z]|Track\s+\d+\s+—\s+\S.*)$")
_NAVIGATION = re.compile(r"^[←→]")  # "← Back to the Academy"


@dataclass
class _OpenEntry:
    headword: str
    line: int
    section: str | None
    pieces: list[str] = field(default_factory=list)


def import_brewslm(text: str, source: str) -> list[SeedRecord]:
    """Records of a BrewSLM-layout glossary, in file order, one per ``- Term``."""
    records: list[SeedRecord] = []
    section: str | None = None
    entry: _OpenEntry | None = None
    in_preamble = True

    def close(finished: _OpenEntry | None, at_line: int) -> None:
        if finished is None:
            return
        if not finished.pieces:
            raise SeedFormatError(
                source,
                finished.line,
                f"term {finished.headword!r} has no definition before line {at_line}",
            )
        records.append(
            record_from_headword(
                source=source,
                headword=finished.headword,
                definition=join_broken_lines(finished.pieces),
                line=finished.line,
                section=finished.section,
            )
        )

    lines = text.splitlines()
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        if _SECTION.match(line) or _NAVIGATION.match(line):
            close(entry, number)
            entry = None
            in_preamble = False
            if _SECTION.match(line):
                section = line
            continue
        item = _ITEM.match(line)
        if entry is not None and not entry.pieces:
            entry.pieces.append(item["text"] if item else line)  # the definition's first piece
        elif item:
            close(entry, number)
            entry = _OpenEntry(headword=item["text"], line=number, section=section)
            in_preamble = False
        elif entry is not None:
            entry.pieces.append(line)  # a definition broken where inline code was
        elif not in_preamble:
            raise SeedFormatError(source, number, f"text outside any entry: {line!r}")
    close(entry, len(lines) + 1)
    return records
