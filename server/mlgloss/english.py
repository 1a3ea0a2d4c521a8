"""Ordinary English: whether a word or phrase is everyday English as well as a term.

Reads the engine's word lists (``analysis/data/``: words of five letters or more, and the
frequent short words). The glossary uses it to keep forms that are also ordinary words
("Star" for STaR, "Rag" for RAG, "weights and biases") from matching the ordinary word.
Loaded lazily, once per process.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

_DATA = Path(__file__).parent / "analysis" / "data"
_WORD_SPLIT = re.compile(r"[\s\-]+")


def _read(name: str) -> frozenset[str]:
    return frozenset((_DATA / name).read_bytes().decode("ascii").split())


@cache
def long_words() -> frozenset[str]:
    """Ordinary English words, lower case, five letters or more (see ``data/README.md``)."""
    return _read("english_words.txt")


@cache
def short_words() -> frozenset[str]:
    """Frequent English words of two to four letters, lower case."""
    return _read("english_short_words.txt")


def is_english_word(word: str) -> bool:
    key = word.casefold()
    if key.endswith(("'s", "\N{RIGHT SINGLE QUOTATION MARK}s")):
        key = key[:-2]
    if len(key) >= 5:
        return key in long_words()
    return (len(key) == 1 and key in "ai") or key in short_words()


# Words that join ordinary words into an ordinary phrase ("weights and biases").
_JOINING_WORDS = frozenset(["and", "or", "of", "the", "a", "an", "in", "on", "for", "to", "with"])


def is_english(text: str) -> bool:
    """Whether ``text`` case-folded is an ordinary English word or phrase.

    A word: one of the word lists ("star", "rags": plurals are listed too). A phrase: English
    words joined by a function word ("weights and biases"; not "Weights & Biases"). Two nouns
    side by side ("Hugging Face", "Common Crawl") are taken for a name, not a phrase: the
    word lists hold no phrases to say otherwise. "STaR" case-folds to "star": the caller
    decides which casings make a form distinctive.
    """
    words = [w for w in _WORD_SPLIT.split(text) if w]
    if not words or not all(w.isalpha() and is_english_word(w) for w in words):
        return False
    return len(words) == 1 or any(w.casefold() in _JOINING_WORDS for w in words)
