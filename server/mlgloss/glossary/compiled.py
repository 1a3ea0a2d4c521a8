"""A compiled glossary: the layered glossary of a project, cached and read back lazily.

A 50,000-entry project glossary costs seconds to build even from parsed files (decoding
every entry, layering and checking them, building the term index, running the self-tests).
Once built and checked, it is written as one file named by the digest of everything it was
built from (:func:`mlgloss.glossary.layers.load_glossary` makes the digest: each glossary
file's cache key from :func:`mlgloss.glossary.builtin_cache.cache_key`, which covers its
bytes and path, the glossary code, the mlgloss, Python and YAML versions; the built-in
glossary's key, or its absence; the order of the layers). A later run with the same inputs
reads it instead: the term index's trie as it was built, and each entry only when something
asks for it. The checks and self-tests are not run again: the file exists only for inputs
that passed them, and any change to an input is another digest, so it can never hide an
error.

The file is JSON lines in the cache directory of :mod:`mlgloss.cache_files`, never pickle:
a first line with the format, the digest and the SHA-256 of the rest; a second line with the
sources, the entry ids, the trie's first words (each with the line of its subtree) and its
look-ahead sets; one line per entry, in the codec of :mod:`mlgloss.glossary.builtin_cache`;
then one line per subtree (each end as [plural kind, entry number, form number]), decoded
when a text first has its word, which decodes the entries it ends in. A file that
is not the user's own, of another format or digest, or whose rest does not have its SHA-256
(truncated, edited) is a miss, and the glossary is built from its files as before.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator, Mapping
from functools import cached_property
from typing import Any

from mlgloss.cache_files import cache_dir, trusted
from mlgloss.glossary import builtin_cache
from mlgloss.glossary.index import TermIndex, subtree_from_plain
from mlgloss.glossary.lookup import Glossary
from mlgloss.glossary.model import Entry, Source

FORMAT = 1
"""Bump when the layout below changes."""
PREFIX = "compiled-"
KEEP = 4
"""Compiled glossaries kept (the newest): they can be tens of MB each."""

_JSON = {"ensure_ascii": False, "separators": (",", ":")}


class LazyEntries(Mapping[str, Entry]):
    """Entries by id, each decoded from its line of the compiled file on first use."""

    def __init__(self, ids: list[str], lines: list[bytes]) -> None:
        self._ids = ids
        self._lines = lines  # line i holds entry i
        self._decoded: list[Entry | None] = [None] * len(ids)
        self._lock = threading.Lock()

    @cached_property
    def _position(self) -> dict[str, int]:
        return {entry_id: i for i, entry_id in enumerate(self._ids)}

    def at(self, number: int) -> Entry:
        """The entry of position ``number``."""
        entry = self._decoded[number]
        if entry is None:
            with self._lock:  # one object per entry, whichever thread asks first
                entry = self._decoded[number]
                if entry is None:
                    entry = builtin_cache.decode_entry(json.loads(self._lines[number]))
                    self._decoded[number] = entry
        return entry

    def __getitem__(self, entry_id: str) -> Entry:
        return self.at(self._position[entry_id])

    def get(self, entry_id: str, default: Any = None) -> Any:
        number = self._position.get(entry_id)
        return default if number is None else self.at(number)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._position

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


def encode(glossary: Glossary, key: str) -> bytes:
    """The compiled file of ``glossary`` (layered and checked) under the digest ``key``."""
    entries = list(glossary.entries.values())
    numbers = {id(entry): i for i, entry in enumerate(entries)}
    index = glossary.index
    subtrees, followers, continuing = index.stored_parts(lambda entry: numbers[id(entry)])
    header = {
        "sources": [[s.id, s.name, s.url, s.licence] for s in glossary.sources.values()],
        "ids": [entry.id for entry in entries],
        "form_count": index.form_count,
        # Word lists, read back by C loops: the subtree of root word i is on the i-th line
        # after the entries; a look-ahead set is its words joined by spaces (words hold none).
        "root": list(subtrees),
        "followers": [list(followers), [" ".join(after) for after in followers.values()]],
        "continuing": [list(continuing), [" ".join(after) for after in continuing.values()]],
    }
    lines = [json.dumps(header, **_JSON)]  # type: ignore[arg-type]
    lines.extend(json.dumps(builtin_cache.encode_entry(e), **_JSON) for e in entries)  # type: ignore[arg-type]
    lines.extend(json.dumps(subtree, **_JSON) for subtree in subtrees.values())  # type: ignore[arg-type]
    body = "\n".join(lines).encode("utf-8")
    first = {"format": FORMAT, "key": key, "sha256": hashlib.sha256(body).hexdigest()}
    return json.dumps(first).encode("ascii") + b"\n" + body


def decode(data: bytes, key: str) -> Glossary | None:
    """The glossary in a compiled file, or None when it is not a whole one for ``key``."""
    try:
        cut = data.index(b"\n")
        first = json.loads(data[:cut])
        if (
            not isinstance(first, dict)
            or first.get("format") != FORMAT
            or first.get("key") != key
            or hashlib.sha256(memoryview(data)[cut + 1 :]).hexdigest() != first.get("sha256")
        ):
            return None
        # The first line, the header, one line per entry, one per subtree of the trie.
        lines = data.split(b"\n")
        header = json.loads(lines[1])
        ids, words = header["ids"], header["root"]
        if not isinstance(ids, list) or len(lines) != 2 + len(ids) + len(words):
            return None
        entries = LazyEntries(ids, lines[2 : 2 + len(ids)])
        root = dict(zip(words, range(2 + len(ids), len(lines)), strict=True))

        def load_subtree(word: str, line: object) -> dict[str, Any]:
            assert isinstance(line, int)
            return subtree_from_plain(json.loads(lines[line]), entries.at)

        index = TermIndex.stored(
            root,
            _lookahead(header["followers"]),
            _lookahead(header["continuing"]),
            int(header["form_count"]),
            load_subtree,
        )
        sources = [Source(*s) for s in header["sources"]]
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None
    return Glossary.compiled(entries, sources, index, key)


def _lookahead(stored: list[list[str]]) -> dict[str, frozenset[str]]:
    words, joined = stored
    return dict(zip(words, map(frozenset, map(str.split, joined)), strict=True))


def read(key: str) -> Glossary | None:
    """The compiled glossary for ``key``, or None (a miss, or a file it cannot trust)."""
    directory = cache_dir()
    if directory is None or not builtin_cache.shape_ok():
        return None
    try:
        with open(directory / f"{PREFIX}{key}.jsonl", "rb") as handle:
            if not trusted(handle.fileno()):
                return None
            data = handle.read()
    except OSError:
        return None
    return decode(data, key)


def write(glossary: Glossary, key: str) -> None:
    """Cache ``glossary`` (built from its files and checked) under ``key``, once every
    entry reads back equal; failures are ignored."""
    if cache_dir() is None or not builtin_cache.shape_ok():
        return
    data = encode(glossary, key)
    back = decode(data, key)
    if back is None or back.sources != glossary.sources:
        return
    if len(back.entries) != len(glossary.entries) or any(
        back.entries.get(entry_id) != entry for entry_id, entry in glossary.entries.items()
    ):
        return  # a model the codec does not fully cover
    builtin_cache.write_bytes(data, f"{PREFIX}{key}.jsonl", PREFIX, keep=KEEP)
