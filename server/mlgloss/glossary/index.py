"""The term index: finds every occurrence of any form of any glossary entry in a text.

Forms are stored in a word trie keyed by lower-cased words and the separator before each
word (nothing, a hyphen, or a whitespace run holding at most one line break), so a search
costs one dictionary look-up per word of the text however large the glossary is, plus a
short walk where a word starts a term. The look-ups are made a span of text at a time by C
loops (``bytes.translate``, ``str.split``, ``map``), so Python code runs only at words that
start a term. The longest match wins; letter case is then decided by each form's case rule. Plurals
("LoRAs", "policies") are keys of their own, possessives need nothing ("LoRA's" ends at the
apostrophe).

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
import sys
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from itertools import compress
from typing import Any, TypeAlias

from mlgloss.ascii_words import LETTERS_DIGITS, has_ascii_words
from mlgloss.ascii_words import blanked as ascii_blanked
from mlgloss.glossary.model import Entry, Form
from mlgloss.glossary.occurrence import Occurrence, Spelling, occurrence_of

_WORD = re.compile(r"[^\W_]+")
_SPLIT = re.compile(r"([^\W_]+)")
_NON_WORD = re.compile(r"[\W_]")
_LINE_SPACE = re.compile(r"[^\S\n]*\n?[^\S\n]*")  # a separator that joins a term's words
_intern = sys.intern
_SPAN = 1 << 14  # characters split into words at once: a bound on the lists a huge text makes
_NEXT = re.compile(r"(-|[^\S\n]*\n?[^\S\n]*)([^\W_]+)")
_FORM_NEXT = re.compile(r"(-|'|\N{RIGHT SINGLE QUOTATION MARK}|[^\S\n]*\n?[^\S\n]*)([^\W_]+)")
_APOSTROPHES = ("'", "\N{RIGHT SINGLE QUOTATION MARK}")

_LEAF: dict[Any, Any] = {}  # a node with no children, where a walk ends at once
# Node key of the forms that end at a node, as (plural kind or None, entry, form): a string
# no form's words make, so that a trie can be stored as JSON (mlgloss.glossary.compiled).
_ENDS = ""

_BAD_BEFORE = frozenset("./\\@#$%&=+~^`")
_BEFORE_CODE = _BAD_BEFORE | {"_"}  # a character before a word that may make it code
_BAD_AFTER = frozenset("/\\@=(`$")
_CODE_IN_CHUNK = re.compile(r"[/\\={}|@]|::")
_FILE_NAME = re.compile(
    r"[\w-]\.(?:ya?ml|json|py|md|txt|sh|toml|ipynb|safetensors|bin|pt|ckpt|gguf|cfg)\W*$"
)
_PART_PUNCTUATION = "\"'\u201c\u201d\u2018\u2019()[]*_.,;:!?"
_SLUG_PART = re.compile(r"[^\W_]*(?:\d[^\W\d_]|[^\W\d_]\d)[^\W_]*")
_CHUNK_STOP = frozenset(" \t\r\n\x00\x0b\x0c")
_CHUNK_RUN = re.compile("[^ \t\r\n\x00\x0b\x0c]*")  # a run of characters outside _CHUNK_STOP
_OPENERS = frozenset("([*")
_PLAIN_TAIL = re.compile(r"(?:[.,;!?)\]*'\"]|:(?!:))*(?:[ \t\r\n\x00\x0b\x0c]|\Z)")
_MAX_CHUNK_SCAN = 200


_Node: TypeAlias = dict[Any, Any]
_MEMO_SIZE = 512  # the spellings of one node remembered: a bound for a long-lived server


class _Ends(list[tuple[str | None, Entry, Form]]):
    """The forms that end at a trie node, as (plural kind or None, entry, form), and what
    each spelling met there resolved to (``memo``): which form a written spelling is
    depends on the spelling and the node alone, and a document repeats its terms."""

    __slots__ = ("memo",)

    def __init__(self) -> None:
        super().__init__()
        self.memo: dict[str, Spelling | None] = {}


def _words(form: str) -> list[str] | None:
    """The trie keys of a form: "supervised fine-tuning" → ["supervised", " fine", "-tuning"]."""
    if _WORD.fullmatch(form):  # one word, as half the forms are
        return [form.lower()]
    keys: list[str] = []
    pos = 0
    first = _WORD.match(form, 0)
    if first is None:
        return None
    keys.append(first.group().lower())
    pos = first.end()
    while pos < len(form):
        nxt = _FORM_NEXT.match(form, pos)
        if nxt is None:
            return None  # a form with punctuation the index cannot see as words (e.g. "C++")
        sep = nxt.group(1)
        # An apostrophe inside a form ("Goodhart's law") is one key: either apostrophe.
        mark = sep if sep == "-" else ("'" if sep in _APOSTROPHES else " ")
        keys.append(mark + nxt.group(2).lower())
        pos = nxt.end()
    return keys


def form_keys(entry: Entry) -> list[list[str] | None]:
    """The trie keys of each form of ``entry`` (None: a form not looked for in prose)."""
    return [_words(form.text) if form.matched else None for form in entry.forms]


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

    def __init__(
        self, entries: Iterable[Entry], keys: Iterable[Sequence[list[str] | None]] | None = None
    ) -> None:
        """``keys``: each entry's :func:`form_keys`, as a start-up cache keeps them."""
        self._root: _Node = {}
        self.form_count = 0
        if keys is None:
            entries = list(entries)
            keys = [form_keys(entry) for entry in entries]
        root = self._root
        plurals: dict[str, list[tuple[str, str]]] = {}  # casing variants share their keys
        for entry, entry_keys in zip(entries, keys, strict=True):
            for form, words in zip(entry.forms, entry_keys, strict=True):
                if not words:
                    continue  # not matched (known to define and hover only), or no words
                self.form_count += 1
                node = root
                for key in words[:-1]:
                    node = node.setdefault(key, {})
                last = words[-1]
                node.setdefault(last, {}).setdefault(_ENDS, _Ends()).append((None, entry, form))
                forms_of_last = plurals.get(last)
                if forms_of_last is None:
                    forms_of_last = plurals[last] = _plurals(last)
                for plural_key, kind in forms_of_last:
                    node.setdefault(plural_key, {}).setdefault(_ENDS, _Ends()).append(
                        (kind, entry, form)
                    )
        self._load_subtree: Callable[[str, Any], _Node] | None = None
        self._lookahead()

    @classmethod
    def stored(
        cls,
        root: dict[str, Any],
        followers: Mapping[str, Collection[str]],
        continuing: Mapping[str, Collection[str]],
        form_count: int,
        load_subtree: Callable[[str, Any], _Node],
    ) -> TermIndex:
        """An index as :meth:`stored_parts` gave it: ``root`` maps each first word to a
        stored subtree (any value but a dict), which ``load_subtree(word, value)`` makes a
        node (with (kind, entry, form) ends) when a text first has the word."""
        index = cls.__new__(cls)
        index._root = root
        index.form_count = form_count
        index._followers = followers
        index._continuing = continuing
        index._load_subtree = load_subtree
        return index

    def stored_parts(
        self, number: Callable[[Entry], int]
    ) -> tuple[dict[str, dict[str, Any]], dict[str, list[str]], dict[str, list[str]]]:
        """The trie as plain data: each first word's subtree with each end as [plural kind,
        ``number(entry)``, form number], and the look-ahead sets as lists, for
        :meth:`stored`."""

        positions: dict[tuple[int, int], int] = {}  # ids of entry and form → the form's position

        def plain(node: _Node) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for key, value in node.items():
                if key == _ENDS:
                    for _, entry, _ in value:
                        positions.update(((id(entry), id(f)), i) for i, f in enumerate(entry.forms))
                    out[key] = [
                        [kind, number(entry), positions[id(entry), id(form)]]
                        for kind, entry, form in value
                    ]
                else:
                    out[key] = plain(value)
            return out

        subtrees = {word: plain(self._node(word)) for word in self._root}
        return (
            subtrees,
            {word: sorted(after) for word, after in self._followers.items()},
            {word: sorted(after) for word, after in self._continuing.items()},
        )

    def _node(self, word: str) -> _Node:
        """The root's node for ``word``, loaded from a stored trie on first use."""
        node = self._root[word]
        if node.__class__ is not dict:
            load = self._load_subtree
            assert load is not None
            node = load(word, node)
            self._root[word] = node  # one store: other searches see the old or the new value
        return node

    def _lookahead(self) -> None:
        # The first words that are no term on their own ("in" of "in-context learning",
        # "the" of "The Pile"), each with the words that may follow it in a term: where the
        # next word is none of these, the word is passed over before it is even located
        # (half the words that start a term, in prose).
        self._followers: Mapping[str, Collection[str]] = {
            word: frozenset(key[1:] for key in node if key != _ENDS)
            for word, node in self._root.items()
            if _ENDS not in node
        }
        # The same for the words that are a term and start longer ones ("batch" of "batch
        # size"): where the next word is none of these, the walk is not begun.
        self._continuing: Mapping[str, Collection[str]] = {
            word: frozenset(key[1:] for key in node if key != _ENDS)
            for word, node in self._root.items()
            if _ENDS in node and len(node) > 1
        }

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Occurrence]:
        """Every occurrence in ``text[start:end]``, in order, longest match first."""
        found: list[Occurrence] = []
        self._find(text, start, end, found, None)
        return found

    def find_with_words(
        self, text: str, start: int = 0, end: int | None = None
    ) -> tuple[list[Occurrence], set[str]]:
        """:meth:`find` over ``text[start:end]``, and the distinct words the search split it
        into.

        The words are the runs of letters and digits, each lower-cased on its own, with
        their hashes already computed by the search's look-ups, for rules that want the
        text's words (every whole ``\\w+`` token of letters is one, as
        ``token.lower()``). Distinct, not in order: a list of every word would cost more
        memory than the text itself (about 8 MiB per MB of prose).
        """
        found: list[Occurrence] = []
        words: set[str] = set()
        self._find(text, start, end, found, words)
        # A copy sized for its words: the set grown a span at a time has four slots per
        # word, and a large document's words would hold 0.5 MiB more than they need.
        return found, set(words)

    def _find(
        self,
        text: str,
        start: int,
        end: int | None,
        found: list[Occurrence],
        words: set[str] | None,
    ) -> None:
        """Appends the occurrences to ``found`` (and adds each span's words to ``words``)."""
        length = len(text)
        lo = min(max(start, 0), length)  # clamped as the re module clamps pos and endpos
        stop = min(max(length if end is None else end, 0), length)
        resume = lo
        while lo < stop:
            hi = min(stop, lo + _SPAN)
            if hi < stop:
                gap = _NON_WORD.search(text, hi, stop)  # cut between words, never inside one
                hi = stop if gap is None else gap.start()
            resume = self._find_in(text, lo, hi, stop, resume, found, words)
            lo = hi

    def _find_in(
        self,
        text: str,
        lo: int,
        hi: int,
        stop: int,
        resume: int,
        found: list[Occurrence],
        words_out: set[str] | None,
    ) -> int:
        """Appends the occurrences starting at a word of ``text[lo:hi]`` (and its words to
        ``words_out``); returns ``resume``.

        The span is copied with every character that is not a letter or digit blanked (and,
        where all its letters and digits are ASCII, lower-cased in the same pass), split on
        blanks, and every word looked up with ``map``: Python code runs only at words that
        start a term, and finds where they are with ``str.find`` in the blanked copy. A term
        may run on past ``hi``.
        """
        segment = text[lo:hi]
        if has_ascii_words(segment):
            blanked = ascii_blanked(segment, LETTERS_DIGITS)
            words = written = blanked.split()
        else:  # lower-casing may change the length of a word: blank separators only
            parts = _SPLIT.split(segment)  # separator, word, separator, …, separator
            written = parts[1::2]
            parts[::2] = map(" ".__mul__, map(len, parts[::2]))
            blanked = "".join(parts)
            words = list(map(str.lower, written))
        if words_out is not None:
            words_out.update(words)
        nodes: list[Any] = list(map(self._root.get, words))  # None: starts no term
        hits = list(compress(range(len(nodes)), nodes))
        if not hits:
            return resume
        padded = f" {blanked} "
        count = len(words)
        resolve = self._resolve
        followers = self._followers
        continuing = self._continuing
        before_code = _BEFORE_CODE
        last = count - 1
        cursor = 0
        previous = -1  # the last word located
        for i in hits:
            follow = followers.get(words[i])
            if follow is not None and i < last and words[i + 1] not in follow:
                continue  # no term on its own, and the next word goes on with none
            # Every word between two located hits starts no term or is a first word passed
            # over, so the next blank-bounded copy of this word is this one, or as many
            # copies on as it was passed over.
            word = written[i]
            at = padded.find(f" {word} ", cursor)
            if follow is not None and i > previous + 1:
                for _ in range(written[previous + 1 : i].count(word)):
                    at = padded.find(f" {word} ", at + len(word))
            previous = i
            cursor = at + len(word)
            word_start = at + lo
            if word_start < resume:
                continue
            if (
                word_start
                and text[word_start - 1] in before_code
                and _code_before(text, word_start)
            ):
                continue  # every match from here would be refused: no walk, no resolving
            node = nodes[i]
            if node.__class__ is not dict:  # a stored subtree, not yet loaded
                node = self._node(words[i])
            ends = node.get(_ENDS)  # the longest match so far, ending at ends_at
            pos = ends_at = cursor + lo
            shorter: list[tuple[int, _Ends]] | None = None
            j = i + 1
            if ends is not None and j < count and words[j] not in continuing.get(words[i], ()):
                node = _LEAF  # a term on its own that the next word does not go on with
            while len(node) > (_ENDS in node):  # while the node has children
                if j < count:
                    spaced = node.get(" " + words[j])
                    hyphened = node.get("-" + words[j])
                    quoted = None
                    if spaced is None and hyphened is None:
                        if text[pos : pos + 1] not in _APOSTROPHES:
                            break  # the usual way out: no apostrophe to look past
                        quoted = node.get("'" + words[j])
                        if quoted is None:
                            break
                    next_start = blanked.find(written[j], pos - lo) + lo  # past blanks only
                    sep = text[pos:next_start]
                    if sep == "-":
                        child = hyphened
                    elif sep == " " or _LINE_SPACE.fullmatch(sep):
                        child = spaced
                    elif sep in _APOSTROPHES:
                        child = quoted
                    else:
                        break
                    if child is None:
                        break
                    node, pos = child, next_start + len(written[j])
                    j += 1
                else:  # the term runs on past this span
                    nxt = _NEXT.match(text, pos, stop)
                    if nxt is None:
                        break
                    key = ("-" if nxt.group(1) == "-" else " ") + nxt.group(2).lower()
                    child = node.get(key)
                    if child is None:
                        break
                    node, pos = child, nxt.end()
                longer = node.get(_ENDS)
                if longer is not None:
                    if ends is not None:
                        shorter = shorter or []
                        shorter.append((ends_at, ends))
                    ends, ends_at = longer, pos
            occurrence = None if ends is None else resolve(text, word_start, ends_at, ends)
            while occurrence is None and shorter:
                cand_end, cand_ends = shorter.pop()
                occurrence = resolve(text, word_start, cand_end, cand_ends)
            if occurrence is not None:
                found.append(occurrence)
                resume = occurrence.end
        return resume

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

    def _resolve(self, text: str, start: int, end: int, ends: _Ends) -> Occurrence | None:
        # Between blanks, or after a blank and before only punctuation ("LoRA,"), a match is
        # prose without the closer look (the usual case; _is_prose_position agrees).
        if not (
            (start == 0 or text[start - 1] in _CHUNK_STOP)
            and (end == len(text) or text[end] in _CHUNK_STOP or _PLAIN_TAIL.match(text, end))
        ) and not _is_prose_position(text, start, end):
            return None
        surface = text[start:end]
        memo = ends.memo
        resolved = memo.get(surface, _UNSEEN)
        if resolved is _UNSEEN:
            resolved = _resolved(surface, ends)
            if len(memo) < _MEMO_SIZE:
                memo[surface] = resolved
        if resolved is None:
            return None
        # The surface kept by the memo: one string per spelling instead of per occurrence
        # saves about a quarter of what the occurrences of a large document cost.
        return occurrence_of(start, resolved)


_UNSEEN: Any = object()


def _resolved(written: str, ends: _Ends) -> Spelling | None:
    """Which form of ``ends`` the spelling ``written`` is, if any (and whether as a plural)."""
    surface = _intern(written)
    normal = surface if surface.isalnum() else " ".join(surface.split())  # runs of blanks
    for kind, entry, form in ends:
        if kind is None and form.text == normal:
            return entry, form, surface, False, None
    for kind, entry, form in ends:
        if kind is None and form.matches(normal):
            return entry, form, surface, False, None
    for kind, entry, form in ends:
        if kind is not None and form.matches(_singular(normal, kind)):
            return entry, form, surface, True, kind
    if "'" in normal or "\N{RIGHT SINGLE QUOTATION MARK}" in normal:
        typeset = _other_apostrophe(normal)  # a typewriter or a typeset apostrophe
        for kind, entry, form in ends:
            if kind is None and form.matches(typeset):
                return entry, form, surface, False, None
    return None


def subtree_from_plain(plain: dict[str, Any], entry_at: Callable[[int], Entry]) -> _Node:
    """A subtree of :meth:`TermIndex.stored_parts` made a node again: each end
    [plural kind, entry number, form number] made (kind, entry, form) by ``entry_at``."""
    node: _Node = {}
    for key, value in plain.items():
        if key == _ENDS:
            ends = _Ends()
            for kind, number, form_number in value:
                entry = entry_at(number)
                ends.append((kind, entry, entry.forms[form_number]))
            node[key] = ends
        else:
            node[key] = subtree_from_plain(value, entry_at)
    return node


def _other_apostrophe(text: str) -> str:
    if "'" in text:
        return text.replace("'", "\N{RIGHT SINGLE QUOTATION MARK}")
    return text.replace("\N{RIGHT SINGLE QUOTATION MARK}", "'")


def _code_before(text: str, start: int) -> bool:
    """Whether what precedes ``start`` (> 0) makes any match starting there code: a path,
    URL or attribute (``huggingface.co/diffusers``, ``peft.LoraConfig``) or the tail of an
    identifier (``load_lora_weights``)."""
    before = text[start - 1]
    return before in _BAD_BEFORE or (before == "_" and start > 1 and text[start - 2].isalnum())


def _chunk_run(text: str, pos: int, endpos: int | None = None) -> int:
    """How many characters outside _CHUNK_STOP run from ``pos`` (up to ``endpos``)."""
    run = _CHUNK_RUN.match(text, pos, len(text) if endpos is None else endpos)
    return 0 if run is None else run.end() - pos


def _is_prose_position(text: str, start: int, end: int) -> bool:
    """False where the match sits in code-like text: identifiers, paths, model IDs, URLs."""
    if start > 0:
        before = text[start - 1]
        if before in _BAD_BEFORE:
            return False
        if before == "_" and start > 1 and text[start - 2].isalnum():
            return False  # the tail of an identifier (as _code_before, which the search asks)
        if (
            before in "\"'"
            and end < len(text)
            and text[end] == before
            and (text[start:end].islower())
        ):
            return False  # a quoted literal value ("lora"), a mention rather than a use
    if end < len(text):
        after = text[end]
        if after in _BAD_AFTER:
            return False
        if after in "._:" and end + 1 < len(text) and text[end + 1].isalnum():
            return False
    opening = start
    while opening > 0 and text[opening - 1] in _OPENERS:
        opening -= 1
    if (opening == 0 or text[opening - 1] in _CHUNK_STOP) and _PLAIN_TAIL.match(text, end):
        return True  # only brackets and punctuation about it, as in "(LoRA)," — the checks
        # below find nothing there
    # The chunk: the run of characters other than _CHUNK_STOP about the match, at most
    # _MAX_CHUNK_SCAN each side, measured by C loops (the run before, on a reversed copy).
    chunk_start = start - _chunk_run(text[max(0, start - _MAX_CHUNK_SCAN) : start][::-1], 0)
    chunk_end = end + _chunk_run(text, end, end + _MAX_CHUNK_SCAN)
    if chunk_start == start and chunk_end == end:
        return True
    chunk = text[chunk_start:chunk_end]
    if _CODE_IN_CHUNK.search(chunk):
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
