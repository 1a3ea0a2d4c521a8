"""Assertions shared by the extractor tests: the length invariant, masked and kept text."""

from __future__ import annotations

from mlgloss.analysis.document import MASK, Extraction
from mlgloss.analysis.extract.stand_ins import stand_in


def check_invariant(text: str, extraction: Extraction, *, whitespace_ok: bool = False) -> None:
    """Same length; every unmasked code point is the text's, or its stand-in if it is beyond
    the BMP (analysis/extract/stand_ins.py), or, for notebooks, whitespace where the text has
    JSON syntax; newlines stay where the text has them."""
    prose = extraction.prose
    assert len(prose) == len(text)
    for i, (p, t) in enumerate(zip(prose, text, strict=True)):
        if t in "\r\n":
            assert p == t, f"newline at {i} not kept"
        elif p != MASK and p != t and p != stand_in(t):
            assert whitespace_ok and p == " ", f"offset {i}: {p!r} is not {t!r}"
        if p in "\r\n":
            assert t == p, f"newline invented at {i}"


def masked(text: str, extraction: Extraction, fragment: str, occurrence: int = 0) -> bool:
    """Whether every non-newline code point of ``fragment`` (its n-th occurrence) is MASK."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(fragment, start + 1)
    span = extraction.prose[start : start + len(fragment)]
    return all(c == MASK for c, t in zip(span, fragment, strict=True) if t not in "\r\n")


def kept(text: str, extraction: Extraction, fragment: str, occurrence: int = 0) -> bool:
    """Whether ``fragment`` (its n-th occurrence) is in the prose unchanged."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(fragment, start + 1)
    return extraction.prose[start : start + len(fragment)] == fragment
