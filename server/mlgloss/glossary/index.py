"""The term index: finds every occurrence of any form of any glossary entry in a text.

(Contract; implementation follows.) ``TermIndex(entries).find(text, start, end)`` returns
:class:`Occurrence` objects ordered by offset, non-overlapping, longest match first.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlgloss.glossary.model import Entry, Form


@dataclass(frozen=True, slots=True)
class Occurrence:
    start: int  # code-point offsets into the searched text
    end: int
    entry: Entry
    form: Form  # the glossary form this text is (its status says preferred/admitted/…)
    surface: str  # the text as written (may span a line break)
    plural: bool = False  # matched with a plural suffix ("LoRAs", "embeddings")
