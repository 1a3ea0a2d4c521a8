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
"""

from __future__ import annotations

import re

_FOLDS_APART = ("\u0130", "\u0131", "\u017f")


def lowered(text: str) -> str | None:
    """``text.lower()``, where a case-sensitive search of it for a pattern of lower-case
    ASCII letters (and characters without case) finds what an ``IGNORECASE`` search of
    ``text`` finds; None where it may not (see the module doc)."""
    if not text.isascii() and any(c in text for c in _FOLDS_APART):
        return None
    return text.lower()


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
