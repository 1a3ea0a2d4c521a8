"""Property tests for the term index (TermIndex.find and occurrence_at).

Occurrences come in order and never overlap; each lies inside the searched range; its
surface is exactly the text at its offsets; its form is the surface (up to whitespace runs
and a plural suffix) by the form's case rule; searching a range finds what searching the
whole text finds there, away from the range's edges.
"""

from __future__ import annotations

from hardening_support import GLOSSARY, PROFILE, prose, raw_text
from hypothesis import given, settings
from hypothesis import strategies as st

from mlgloss.glossary.occurrence import Occurrence

INDEX = GLOSSARY.index
text_strategy = st.one_of(raw_text, prose(max_tokens=30))


def _normal(surface: str) -> str:
    return " ".join(surface.split())


def _check(text: str, found: list[Occurrence], lo: int, hi: int) -> None:
    previous_end = lo
    for occ in found:
        assert lo <= occ.start < occ.end <= hi
        assert occ.start >= previous_end, "occurrences overlap or come out of order"
        previous_end = occ.end
        assert occ.surface == text[occ.start : occ.end]
        normal = _normal(occ.surface)
        if occ.plural:
            assert occ.plural_kind in ("s", "es", "ies")
            cut = {"s": 1, "es": 2, "ies": 3}[occ.plural_kind]
            stem = normal[:-cut]
            assert any(occ.form.matches(stem + tail) for tail in ("", "y", "Y")), occ
        else:
            assert occ.form.matches(normal), occ
        assert occ.form in occ.entry.forms


@settings(PROFILE)
@given(text=text_strategy)
def test_find_reports_exact_ordered_disjoint_occurrences(text: str) -> None:
    _check(text, INDEX.find(text), 0, len(text))


@settings(PROFILE)
@given(text=text_strategy, a=st.integers(0, 400), b=st.integers(0, 400))
def test_find_in_a_range_stays_in_the_range(text: str, a: int, b: int) -> None:
    lo, hi = sorted((min(a, len(text)), min(b, len(text))))
    found = INDEX.find(text, lo, hi)
    _check(text, found, lo, hi)
    whole = {(o.start, o.end) for o in INDEX.find(text)}
    for occ in found:
        # a whole-text match strictly inside the range is found the same in the range
        if occ.start > lo + 1 and occ.end < hi - 1 and (occ.start, occ.end) not in whole:
            overlapping = [w for w in whole if w[0] < occ.end and occ.start < w[1]]
            assert overlapping, (occ, "found in the range but not in the whole text")


@settings(PROFILE)
@given(text=text_strategy, at=st.integers(0, 400))
def test_occurrence_at_covers_its_offset(text: str, at: int) -> None:
    offset = min(at, len(text))
    occ = INDEX.occurrence_at(text, offset)
    if occ is not None:
        assert occ.start <= offset <= occ.end
        assert occ.surface == text[occ.start : occ.end]
