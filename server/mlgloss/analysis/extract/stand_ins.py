"""Prose stored at two bytes per character: each character beyond the Basic Multilingual
Plane stands in the prose as a BMP character of the same kind.

CPython stores a str at the width of its widest character, so one emoji makes every
character of a document's prose cost four bytes. No rule asks which emoji, which
supplementary ideograph or which private-use character is written, only what kind of
character it is. So in the prose each character outside the BMP is replaced by a BMP
character that answers every question the rules ask of a character the same way: its
general category, the ``str`` predicates (letter, digit, numeral, space, case, printable,
identifier), the length and identity of its case mappings, its digit values, whether it
combines, and the regex classes ``\\w``, ``\\d`` and ``\\s``. One code point stands for one,
so no offset moves; findings, messages and fixes read the document's own text.

The stand-ins come from blocks that neither the built-in glossary nor the rules name
(Glagolitic, Coptic, Tifinagh, Vai, Yi, private use...): never ASCII, Latin, Greek,
punctuation, the mathematical operators or the CJK ranges the rules test for. A character
with no such stand-in (the mathematical capitals, which have no lower case, and a few
ancient numerals) leaves its piece of prose as wide as it was: exact before small.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_WORD = re.compile(r"\w")
_DIGIT = re.compile(r"\d")
_SPACE = re.compile(r"\s")

# Where stand-ins are looked for: the BMP above U+2C00, without the CJK ranges that
# acronym insertion tests for, the surrogates, the variation selectors and the BOM.
_POOL_START = 0x2C00
_NOT_IN_POOL = (
    (0x2E80, 0x9FFF),
    (0xAC00, 0xD7FF),
    (0xD800, 0xDFFF),
    (0xF900, 0xFAFF),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
)

MAX_DISTINCT = 1 << 16
"""The most characters outside the BMP a process finds stand-ins for (see :class:`_StandIns`)."""

# Above this many characters of a piece per character outside the BMP, its few are
# replaced one by one; denser, the piece is translated in one pass (no list of matches).
_SPARSE = 256

Signature = tuple[object, ...]


def _signature(char: str) -> Signature:
    """Everything a rule can ask of one character."""
    return (
        unicodedata.category(char),
        char.isalnum(),
        char.isalpha(),
        char.isdecimal(),
        char.isdigit(),
        char.isnumeric(),
        char.isspace(),
        char.isupper(),
        char.islower(),
        char.istitle(),
        char.isprintable(),
        char.isidentifier(),
        ("a" + char).isidentifier(),
        len(char.lower()),
        len(char.upper()),
        len(char.casefold()),
        char.lower() == char,
        char.upper() == char,
        char.casefold() == char,
        _WORD.match(char) is not None,
        _DIGIT.match(char) is not None,
        _SPACE.match(char) is not None,
        unicodedata.decimal(char, None),
        unicodedata.digit(char, None),
        unicodedata.numeric(char, None),
        unicodedata.combining(char),
    )


@cache
def _pool() -> dict[str, list[int]]:
    """The code points stand-ins are taken from, by general category (a stand-in has its
    character's category, so only those are compared)."""
    pool: dict[str, list[int]] = {}
    for code in range(_POOL_START, 0x10000):
        if not any(low <= code <= high for low, high in _NOT_IN_POOL):
            pool.setdefault(unicodedata.category(chr(code)), []).append(code)
    return pool


@cache
def _stand_in_for_signature(signature: Signature) -> int | None:
    for code in _pool().get(str(signature[0]), ()):
        if _signature(chr(code)) == signature:
            return code
    return None


class _StandIns(dict[int, int]):
    """A ``str.translate`` table: a character outside the BMP to its stand-in (or to
    itself when it has none), every other character to itself; filled as characters come.

    It holds at most :data:`MAX_DISTINCT` characters outside the BMP: a hostile text of
    every supplementary code point would otherwise cost a process a table of a million
    entries (and a signature each). Once it is full, prose is left as wide as it is
    written (:attr:`full`): exact, only larger.
    """

    def __init__(self) -> None:
        super().__init__()
        self.distinct = 0  # characters outside the BMP held

    @property
    def full(self) -> bool:
        return self.distinct >= MAX_DISTINCT

    def __missing__(self, code: int) -> int:
        if code < 0x10000:
            self[code] = code
            return code
        if self.full:
            return code
        found = _stand_in_for_signature(_signature(chr(code))) or code
        self[code] = found
        self.distinct += 1
        return found


_TABLE = _StandIns()


def stand_in(char: str) -> str:
    """The character that stands for ``char`` in the prose (``char`` itself if it is in
    the BMP or has no stand-in)."""
    return chr(_TABLE[ord(char)])


def _replace_one(match: re.Match[str]) -> str:
    return chr(_TABLE[ord(match.group())])


def narrowed(piece: str) -> str:
    """``piece`` with its characters outside the BMP replaced by their stand-ins."""
    first = None if piece.isascii() else _ASTRAL.search(piece)
    if first is None or _TABLE.full:
        return piece
    limit = len(piece) // _SPARSE
    for count, _ in enumerate(_ASTRAL.finditer(piece, first.start()), 1):
        if count > limit:
            return piece.translate(_TABLE)
    return _ASTRAL.sub(_replace_one, piece)


def beyond_bmp(text: str) -> bool:
    """Whether ``text`` holds a character beyond the BMP (one C scan, none for ASCII)."""
    return not text.isascii() and _ASTRAL.search(text) is not None


def join_narrowed(pieces: Iterable[str], wide: bool) -> str:
    """The pieces joined, each :func:`narrowed` first when they come from a ``wide`` text
    (:func:`beyond_bmp`): the joined text is no wider than its widest stand-in, where
    joining the pieces of a text with one emoji in it would give four bytes per character.
    Pieces cut from a text without such a character are joined as they are."""
    if not wide:
        return "".join(pieces)
    return "".join(map(narrowed, pieces))
