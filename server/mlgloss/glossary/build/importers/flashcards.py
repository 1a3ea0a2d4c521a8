"""Importer for a flashcard deck: a term line, then its definition on one or more lines.

There are no markers, so a term is told from a definition's next line by its form: the
definition before it has ended a sentence, and the line itself is short and does not end
one (``Loss Mask`` starts a card; ``~80% of the sequence. In TRL: …`` continues one). The
header above the cards ("73 cards · 0 marked known") is not a card; when it states a
count, the import must find exactly that many cards.

Formulas were stripped from the scraped definitions, leaving gaps such as "Default
learning rate ." The gaps are kept: filling or closing them would put words in the
source's mouth.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mlgloss.glossary.build.importers.errors import SeedFormatError
from mlgloss.glossary.build.importers.names import record_from_headword
from mlgloss.glossary.build.importers.records import SeedRecord
from mlgloss.glossary.build.importers.text import join_broken_lines

_CARD_COUNT = re.compile(r"^(?P<count>\d+) cards?\b")
_HEADER_SEARCH_LINES = 10  # the count line sits in the deck's short header
_MAX_HEADWORD_CHARS = 80
_MAX_HEADWORD_WORDS = 8
_SENTENCE_END = tuple('.!?)"”')
_NOT_A_HEADWORD_END = tuple(".,;:!?—-–")


@dataclass
class _Card:
    headword: str
    line: int
    pieces: list[str] = field(default_factory=list)


def import_flashcards(text: str, source: str) -> list[SeedRecord]:
    """Records of a flashcard deck, in file order, one per card."""
    lines = text.splitlines()
    start, stated_count = _cards_start(lines)
    cards: list[_Card] = []
    for number in range(start + 1, len(lines) + 1):
        line = lines[number - 1].strip()
        if not line:
            continue
        card = cards[-1] if cards else None
        if card is not None and not card.pieces:
            card.pieces.append(line)
        elif card is None or _starts_card(card.pieces[-1], line):
            cards.append(_Card(headword=line, line=number))
        else:
            card.pieces.append(line)
    if cards and not cards[-1].pieces:
        raise SeedFormatError(source, cards[-1].line, f"card {cards[-1].headword!r} has no back")
    if stated_count is not None and stated_count != len(cards):
        raise SeedFormatError(
            source, start, f"the deck says {stated_count} cards but {len(cards)} were found"
        )
    return [
        record_from_headword(
            source=source,
            headword=card.headword,
            definition=join_broken_lines(card.pieces),
            line=card.line,
        )
        for card in cards
    ]


def _cards_start(lines: list[str]) -> tuple[int, int | None]:
    """The number of header lines (cards start after them) and the count they state."""
    for index, line in enumerate(lines[:_HEADER_SEARCH_LINES]):
        match = _CARD_COUNT.match(line.strip())
        if match:
            return index + 1, int(match["count"])
    return 0, None


def _starts_card(previous: str, line: str) -> bool:
    if not previous.endswith(_SENTENCE_END):
        return False
    return (
        len(line) <= _MAX_HEADWORD_CHARS
        and len(line.split()) <= _MAX_HEADWORD_WORDS
        and not line.endswith(_NOT_A_HEADWORD_END)
        and ". " not in line
    )
