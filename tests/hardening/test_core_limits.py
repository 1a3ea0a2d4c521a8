"""The helpers of ``analysis/limits.py``: they bound work without producing the rest."""

from __future__ import annotations

from itertools import count

from mlgloss.analysis.limits import MAX_DOCUMENT_CHARS, MAX_FINDINGS_PER_RULE, capped, too_large


def test_capped_stops_an_endless_rule() -> None:
    assert list(capped(count(), 3)) == [0, 1, 2]
    assert sum(1 for _ in capped(count())) == MAX_FINDINGS_PER_RULE


def test_too_large_is_strictly_past_the_limit() -> None:
    assert not too_large("x" * 10)
    assert too_large("x" * (MAX_DOCUMENT_CHARS + 1))
    assert not too_large("x" * MAX_DOCUMENT_CHARS)
