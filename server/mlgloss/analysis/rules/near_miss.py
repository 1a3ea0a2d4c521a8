"""Near misses of a word among known words: the search behind ``misspelling`` and
``config-key``.

Known words are bucketed by length; a candidate must share the word's first letter and lie
within one edit of it (two for words of ten letters or more), transpositions counting as one
(optimal string alignment distance, computed by rapidfuzz).
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA


def by_length(words: Iterable[str]) -> dict[int, list[str]]:
    buckets: dict[int, list[str]] = {}
    for word in words:
        buckets.setdefault(len(word), []).append(word)
    return buckets


def edit_limit(word: str) -> int:
    return 1 if len(word) < 10 else 2


def near_misses(word: str, buckets: dict[int, list[str]]) -> list[tuple[int, str]]:
    """(distance, known word) pairs within the edit limit, nearest first."""
    limit = edit_limit(word)
    pool = [
        known
        for n in range(len(word) - limit, len(word) + limit + 1)
        for known in buckets.get(n, ())
        if known[0] == word[0]
    ]
    scored = process.extract(word, pool, scorer=OSA.distance, score_cutoff=limit, limit=None)
    return sorted((distance, known) for known, distance, _ in scored)
