"""The term index as first written: a plain walk over every word, kept as a test oracle.

``TermIndex.find`` splits the text into words in bulk and runs Python code only where a word
starts a term; this module is the straightforward version it replaced (one ``finditer``
over the words, one dictionary look-up each), copied unchanged apart from names, so that a
property test can demand the same occurrences from both on any text. Since written: forms
kept out of prose (``matched`` false) are not indexed, and an apostrophe inside a form
("Goodhart's law") joins words as a space or a hyphen does, either apostrophe matching.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from mlgloss.glossary.index import _plurals, _singular, _words
from mlgloss.glossary.model import Entry, Form
from mlgloss.glossary.occurrence import Occurrence

_WORD = re.compile(r"[^\W_]+")
_NEXT = re.compile(r"(-|'|\u2019|[^\S\n]*\n?[^\S\n]*)([^\W_]+)")
_APOSTROPHES = ("'", "\u2019")
_SPACE_RUN = re.compile(r"\s+")

_EXACT = 0
_PLURAL = 1

_BAD_BEFORE = frozenset("./\\@#$%&=+~^`")
_BAD_AFTER = frozenset("/\\@=(`$")
_CODE_IN_CHUNK = ("/", "\\", "=", "@", "::", "{", "}", "|")
_FILE_NAME = re.compile(
    r"[\w-]\.(?:ya?ml|json|py|md|txt|sh|toml|ipynb|safetensors|bin|pt|ckpt|gguf|cfg)\W*$"
)
_PART_PUNCTUATION = "\"'\u201c\u201d\u2018\u2019()[]*_.,;:!?"
_SLUG_PART = re.compile(r"[^\W_]*(?:\d[^\W\d_]|[^\W\d_]\d)[^\W_]*")
_CHUNK_STOP = frozenset(" \t\r\n\x00\x0b\x0c")
_MAX_CHUNK_SCAN = 200


class ReferenceIndex:
    def __init__(self, entries: Iterable[Entry]) -> None:
        self._root: dict[Any, Any] = {}
        for entry in entries:
            for form in entry.forms:
                self._add(entry, form)

    def _add(self, entry: Entry, form: Form) -> None:
        if not form.matched:
            return
        keys = _words(form.text)
        if not keys:
            return
        node = self._root
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        node.setdefault(keys[-1], {}).setdefault(_EXACT, []).append((entry, form))
        for plural_key, kind in _plurals(keys[-1]):
            node.setdefault(plural_key, {}).setdefault(_PLURAL, []).append((entry, form, kind))

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Occurrence]:
        stop = len(text) if end is None else end
        root = self._root
        found: list[Occurrence] = []
        resume = start
        next_word = _NEXT.match
        for match in _WORD.finditer(text, start, stop):
            word_start = match.start()
            if word_start < resume:
                continue
            node = root.get(match.group().lower())
            if node is None:
                continue
            candidates: list[tuple[int, dict[Any, Any]]] = []
            if _EXACT in node or _PLURAL in node:
                candidates.append((match.end(), node))
            pos = match.end()
            while True:
                nxt = next_word(text, pos, stop)
                if nxt is None:
                    break
                sep = nxt.group(1)
                mark = sep if sep == "-" else ("'" if sep in _APOSTROPHES else " ")
                child = node.get(mark + nxt.group(2).lower())
                if child is None:
                    break
                node, pos = child, nxt.end()
                if _EXACT in node or _PLURAL in node:
                    candidates.append((pos, node))
            for cand_end, cand_node in reversed(candidates):
                occurrence = self._resolve(text, word_start, cand_end, cand_node)
                if occurrence is not None:
                    found.append(occurrence)
                    resume = cand_end
                    break
        return found

    def _resolve(self, text: str, start: int, end: int, node: dict[Any, Any]) -> Occurrence | None:
        if not _is_prose_position(text, start, end):
            return None
        surface = text[start:end]
        normal = _SPACE_RUN.sub(" ", surface) if not surface.isalnum() else surface
        exact: list[tuple[Entry, Form]] = node.get(_EXACT, [])
        for entry, form in exact:
            if form.text == normal:
                return Occurrence(start, end, entry, form, surface)
        for entry, form in exact:
            if form.matches(normal):
                return Occurrence(start, end, entry, form, surface)
        for entry, form, kind in node.get(_PLURAL, []):
            if form.matches(_singular(normal, kind)):
                return Occurrence(start, end, entry, form, surface, plural=True, plural_kind=kind)
        for apostrophe, other in (("'", "\u2019"), ("\u2019", "'")):
            if apostrophe in normal:
                typeset = normal.replace(apostrophe, other)
                for entry, form in exact:
                    if form.matches(typeset):
                        return Occurrence(start, end, entry, form, surface)
                break
        return None


def _is_prose_position(text: str, start: int, end: int) -> bool:
    if start > 0:
        before = text[start - 1]
        if before in _BAD_BEFORE:
            return False
        if (
            before in "\"'"
            and end < len(text)
            and text[end] == before
            and (text[start:end].islower())
        ):
            return False
        if before == "_" and start > 1 and text[start - 2].isalnum():
            return False
    if end < len(text):
        after = text[end]
        if after in _BAD_AFTER:
            return False
        if after in "._:" and end + 1 < len(text) and text[end + 1].isalnum():
            return False
    chunk_start = start
    limit = max(0, start - _MAX_CHUNK_SCAN)
    while chunk_start > limit and text[chunk_start - 1] not in _CHUNK_STOP:
        chunk_start -= 1
    chunk_end = end
    limit = min(len(text), end + _MAX_CHUNK_SCAN)
    while chunk_end < limit and text[chunk_end] not in _CHUNK_STOP:
        chunk_end += 1
    if chunk_start == start and chunk_end == end:
        return True
    chunk = text[chunk_start:chunk_end]
    if any(code in chunk for code in _CODE_IN_CHUNK):
        return False
    if start > chunk_start and text[start - 1] == "-":
        head = chunk.lstrip("\"'\u201c\u2018([*_~")
        if head[:1].isupper() or head[:1].isdigit():
            return False
    if _FILE_NAME.search(chunk):
        return False
    if "-" in chunk:
        outside = text[chunk_start:start] + "-" + text[end:chunk_end]
        parts = (part.strip(_PART_PUNCTUATION) for part in outside.split("-"))
        if any(_SLUG_PART.fullmatch(part) for part in parts):
            return False
    return True
