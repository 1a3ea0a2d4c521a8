"""Near misses of a word among known words: the search behind ``misspelling`` and
``config-key``.

Known words are bucketed by first character and length; a candidate must share the word's
first character and lie within one edit of it (two for words of ten letters or more),
transpositions counting as one (optimal string alignment distance, computed by rapidfuzz).
rapidfuzz is imported on first use (about 10 ms): a run that meets no unknown word never
needs it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeAlias

Buckets: TypeAlias = dict[tuple[str, int], list[str]]


def buckets(words: Iterable[str]) -> Buckets:
    """Known words by (first character, length): the only ones a near miss is sought among."""
    out: Buckets = {}
    for word in words:
        out.setdefault((word[:1], len(word)), []).append(word)
    return out


def edit_limit(word: str) -> int:
    return 1 if len(word) < 10 else 2


def osa_distance(a: str, b: str) -> int:
    """The optimal string alignment distance of ``a`` and ``b``."""
    from rapidfuzz.distance import OSA

    distance: int = OSA.distance(a, b)
    return distance


def near_misses(word: str, known_words: Buckets) -> list[tuple[int, str]]:
    """(distance, known word) pairs within the edit limit, nearest first."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    limit = edit_limit(word)
    first = word[0]
    pool = [
        known
        for n in range(len(word) - limit, len(word) + limit + 1)
        for known in known_words.get((first, n), ())
    ]
    scored = process.extract(word, pool, scorer=OSA.distance, score_cutoff=limit, limit=None)
    return sorted((distance, known) for known, distance, _ in scored)
