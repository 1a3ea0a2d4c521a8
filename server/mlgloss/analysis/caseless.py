"""Case-insensitive searches for lower-case ASCII patterns, made on the lower-cased text.

Python's ``re.IGNORECASE`` cannot use its fast literal search, so a whole-document scan
for a few phrases ("copyright", "licensed under") costs 10-25 ms on 750 kB. Lower-casing
the text once (2 ms) and searching it case-sensitively finds the same matches at the same
offsets, provided the text holds none of the three characters that a case-insensitive
pattern matches to an ASCII letter while their lower case is not that letter: U+0130
(capital I with a dot, whose lower case is two characters long), U+0131 (dotless i) and
U+017F (long s). That was checked
over every code point: otherwise lower-casing keeps the length of every character and
whether it is a letter, digit or space, and the only character outside ASCII whose lower
case is an ASCII letter, the Kelvin sign, is matched by ``k`` in both searches.

A whole document is lowered a piece at a time (:func:`lowered_pieces`): ``str.lower`` of a
text holding one emoji takes 16 bytes per character while it runs (a 12-byte work buffer
and the 4-byte result), which for a large document outweighs all else the engine holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_FOLDS_APART = ("\u0130", "\u0131", "\u017f")
CHUNK = 1 << 14
"""Characters lowered at a time by :func:`lowered_pieces` (then up to the next line break)."""


def lowered(text: str) -> str | None:
    """``text.lower()``, where a case-sensitive search of it for a pattern of lower-case
    ASCII letters (and characters without case) finds what an ``IGNORECASE`` search of
    ``text`` finds; None where it may not (see the module doc)."""
    if folds_apart(text):
        return None
    return text.lower()


def folds_apart(text: str) -> bool:
    """Whether ``text`` holds a character for which a search of its lower case may find
    other matches than an ``IGNORECASE`` search (see the module doc)."""
    return not text.isascii() and any(c in text for c in _FOLDS_APART)


def lowered_pieces(text: str, chunk: int = CHUNK) -> Iterator[tuple[int, str]]:
    """``text.lower()`` a piece at a time: each piece's offset and lower case, each piece
    ending just after a line break (or at the end), so that no line spans two. Searched
    for patterns that never match a line break, the pieces give the whole's matches."""
    lo = 0
    while lo < len(text):
        hi = text.find("\n", min(lo + chunk, len(text))) + 1 or len(text)
        yield lo, text[lo:hi].lower()
        lo = hi


def starts_by_pieces(
    pattern: re.Pattern[str], exact: re.Pattern[str], text: str, chunk: int = CHUNK
) -> list[int]:
    """:func:`starts` of ``lowered(text)`` for a pattern whose matches never hold a line
    break, the text lowered a piece at a time (:func:`lowered_pieces`)."""
    if folds_apart(text):
        return [m.start() for m in pattern.finditer(text)]
    return [lo + m.start() for lo, low in lowered_pieces(text, chunk) for m in exact.finditer(low)]


def starts(
    pattern: re.Pattern[str], exact: re.Pattern[str], text: str, low: str | None
) -> list[int]:
    """The starts of ``pattern.finditer(text)`` (``IGNORECASE``); ``exact`` is the same
    pattern without the flag, searched in ``low`` (``lowered(text)``) when that is not None."""
    if low is None:
        return [m.start() for m in pattern.finditer(text)]
    return [m.start() for m in exact.finditer(low)]


def case_sensitive(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` without ``IGNORECASE``; its source must be lower-case ASCII."""
    source = pattern.pattern
    if source != source.lower() or not source.isascii():
        raise ValueError(f"not a lower-case ASCII pattern: {source!r}")
    return re.compile(source, pattern.flags & ~re.IGNORECASE)
