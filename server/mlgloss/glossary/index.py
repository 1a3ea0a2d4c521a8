"""The term index: finds every occurrence of any form of any glossary entry in a text.

Forms are stored in a word trie keyed by lower-cased words and the separator before each
word (nothing, a hyphen, or a whitespace run holding at most one line break), so a search
costs one dictionary look-up per word of the text however large the glossary is, plus a
short walk where a word starts a term. The longest match wins; letter case is then decided
by each form's case rule. Plurals ("LoRAs", "policies") are keys of their own, possessives
need nothing ("LoRA's" ends at the apostrophe).

A match is refused where the text is code rather than prose: inside identifiers
(``load_lora_weights``, ``peft.LoraConfig``), paths, file names, model IDs and URLs
(``nvidia/Cosmos-Lora``, ``qlora-fsdp.yaml``), assignments, calls and ``a|b`` choices, as
the tail of a capitalised compound (``Cosmos-Lora``, ``Llama-2-LoRA``) or a part of a
hyphenated run or model name with a letter-digit part (``llama-3-dpo-full-featured-v1``),
which is a name, not the term; and as a lower-case literal in straight quotes
(``"lora"``, a value rather than the term).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeAlias

from mlgloss.glossary.model import Entry, Form

_WORD = re.compile(r"[^\W_]+")
_NEXT = re.compile(r"(-|[^\S\n]*\n?[^\S\n]*)([^\W_]+)")
_SPACE_RUN = re.compile(r"\s+")

_EXACT = 0  # node key holding the forms that end at this node
_PLURAL = 1  # node key holding the forms whose plural ends at this node

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


@dataclass(frozen=True, slots=True)
class Occurrence:
    start: int  # code-point offsets into the searched text
    end: int
    entry: Entry
    form: Form  # the glossary form this text is (its status says preferred/admitted/…)
    surface: str  # the text as written (may span a line break)
    plural: bool = False  # matched with a plural suffix ("LoRAs", "embeddings")
    plural_kind: str | None = None  # "s", "es" or "ies": how the plural was formed

    def with_plural(self, singular: str) -> str:
        """``singular`` (a replacement form) made plural the way this occurrence was."""
        if self.plural_kind is None:
            return singular
        if self.plural_kind == "ies" and singular.endswith("y"):
            return singular[:-1] + "ies"
        if self.plural_kind == "es":
            return singular + "es"
        return singular + "s"


_Node: TypeAlias = dict[Any, Any]


def _words(form: str) -> list[str] | None:
    """The trie keys of a form: "supervised fine-tuning" → ["supervised", " fine", "-tuning"]."""
    keys: list[str] = []
    pos = 0
    first = _WORD.match(form, 0)
    if first is None:
        return None
    keys.append(first.group().lower())
    pos = first.end()
    while pos < len(form):
        nxt = _NEXT.match(form, pos)
        if nxt is None:
            return None  # a form with punctuation the index cannot see as words (e.g. "C++")
        keys.append(("-" if nxt.group(1) == "-" else " ") + nxt.group(2).lower())
        pos = nxt.end()
    return keys


def _plurals(word: str) -> list[tuple[str, str]]:
    """(plural key, kind) pairs for a form's last trie key."""
    sep, bare = (word[0], word[1:]) if word[:1] in ("-", " ") else ("", word)
    if len(bare) < 2 or not bare[-1].isalpha():
        return []
    out = [(sep + bare + "s", "s")]
    if bare.endswith(("s", "x", "ch", "sh")):
        out.append((sep + bare + "es", "es"))
    if bare.endswith("y") and len(bare) > 2 and bare[-2] not in "aeiou":
        out.append((sep + bare[:-1] + "ies", "ies"))
    return out


def _singular(surface: str, kind: str) -> str:
    if kind == "s":
        return surface[:-1]
    if kind == "es":
        return surface[:-2]
    return surface[:-3] + ("Y" if surface[-3:-2].isupper() else "y")


class TermIndex:
    """Finds glossary terms in text. Build once per glossary; searching is thread-safe."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self._root: _Node = {}
        self.form_count = 0
        for entry in entries:
            for form in entry.forms:
                self._add(entry, form)

    def _add(self, entry: Entry, form: Form) -> None:
        keys = _words(form.text)
        if not keys:
            return
        self.form_count += 1
        node = self._root
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        node.setdefault(keys[-1], {}).setdefault(_EXACT, []).append((entry, form))
        for plural_key, kind in _plurals(keys[-1]):
            node.setdefault(plural_key, {}).setdefault(_PLURAL, []).append((entry, form, kind))

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Occurrence]:
        """Every occurrence in ``text[start:end]``, in order, longest match first."""
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
            candidates: list[tuple[int, _Node]] = []
            if _EXACT in node or _PLURAL in node:
                candidates.append((match.end(), node))
            pos = match.end()
            while True:
                nxt = next_word(text, pos, stop)
                if nxt is None:
                    break
                child = node.get(("-" if nxt.group(1) == "-" else " ") + nxt.group(2).lower())
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

    def occurrence_at(self, text: str, offset: int) -> Occurrence | None:
        """The occurrence covering ``offset`` (for hover), searching the lines around it."""
        lo = text.rfind("\n", 0, max(0, offset - 1))
        lo = text.rfind("\n", 0, lo) if lo > 0 else -1
        hi = text.find("\n", offset)
        hi = text.find("\n", hi + 1) if hi != -1 else -1
        hi = len(text) if hi == -1 else hi
        for occurrence in self.find(text, lo + 1, hi):
            if occurrence.start <= offset <= occurrence.end:
                return occurrence
        return None

    def _resolve(self, text: str, start: int, end: int, node: _Node) -> Occurrence | None:
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
        return None


def _is_prose_position(text: str, start: int, end: int) -> bool:
    """False where the match sits in code-like text: identifiers, paths, model IDs, URLs."""
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
            return False  # a quoted literal value ("lora"), a mention rather than a use
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
            return False  # the tail of a name such as Cosmos-Lora or Llama-2-LoRA
    if _FILE_NAME.search(chunk):
        return False  # a file name: dpo-swanlab-completions.yml
    if "-" in chunk:
        outside = text[chunk_start:start] + "-" + text[end:chunk_end]
        parts = (part.strip(_PART_PUNCTUATION) for part in outside.split("-"))
        if any(_SLUG_PART.fullmatch(part) for part in parts):
            return False  # a run or model name: llama-3-dpo-full-featured-v1, lora-t0-3b
    return True
