"""What the YAML, JSON and TOML extractors share: the collector and the prose keys.

Keys are identifiers, never prose: each is recorded in ``Extraction.keys`` with its exact
offsets and its section (the dotted path of the mappings it sits in, ``[]`` for a list item:
``zero_optimization``, ``datasets[]``; :data:`UNKNOWN_SECTION` where a scanner cannot tell).
Comments (``#`` in YAML and TOML, ``//`` and ``/* */`` in JSONC) are prose, except the code,
settings and lists of values :mod:`comments` finds in them, and recorded in
``Extraction.comments``. A string value is prose only under a key that holds human text
(:data:`PROSE_KEYS`) and only when it does not look like a model ID, path, URL or
identifier. Everything else is masked.

The scanners (``config_yaml``, ``config_json``, ``config_toml``) never parse: a half-typed
or broken config still yields its keys and comments.
"""

from __future__ import annotations

import re

from mlgloss.analysis.document import ConfigKey, Extraction
from mlgloss.analysis.extract.comments import comment_prose
from mlgloss.analysis.extract.masking import (
    Span,
    apply_masks,
    keep_only,
    token_spans,
)
from mlgloss.analysis.limits import MAX_CONFIG_KEYS

PROSE_KEYS: frozenset[str] = frozenset(
    {
        "description",
        "desc",
        "notes",
        "note",
        "comment",
        "comments",
        "summary",
        "help",
        "title",
        "message",
        "doc",
        "docs",
        "docstring",
        "caption",
        "details",
        "explanation",
        "purpose",
        "remarks",
        "hint",
        "warning",
        "usage",
        "abstract",
    }
)
"""Keys whose string values are written for people (compared case-insensitively)."""

# A value that is one token with a path/identifier character is never prose.
_TOKEN_VALUE = re.compile(r"\S*[/_.:@\\]\S*|\S*\d\S*|[A-Za-z][a-z]+[A-Z]\w*")


UNKNOWN_SECTION = "?"
"""The section of a key whose place a scanner cannot tell (a nested flow collection)."""


MAX_SECTION_DEPTH = 24
"""Keys nested deeper than this get the unknown section: no tool's key set goes that deep,
and a hostile file nested a million levels must not cost a million-part path per key."""


def section_of(path: list[str]) -> str:
    """The dotted section string of a path of keys and ``[]`` list markers."""
    if len(path) > MAX_SECTION_DEPTH:
        return UNKNOWN_SECTION
    out = ""
    for part in path:
        if part == "[]":
            out += "[]"
        else:
            out += ("." if out else "") + part
    return out


def is_prose_key(name: str) -> bool:
    return name.strip().lower().replace("-", "_") in PROSE_KEYS


class ConfigOut:
    """What a scanner collects: kept spans, masks inside them, keys and comments."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.keep: list[Span] = []
        self.masks: list[Span] = []
        self.keys: list[ConfigKey] = []
        self.comments: list[Span] = []

    def key(self, start: int, end: int, section: str = "") -> None:
        if end > start and len(self.keys) < MAX_CONFIG_KEYS:
            self.keys.append(ConfigKey(start, end, self.text[start:end], section))

    def comment(self, start: int, end: int, marker: int) -> None:
        """A comment at ``text[start:end]`` whose first ``marker`` characters are syntax."""
        self.comments.append((start, end))
        not_prose = comment_prose(self.text, start + marker, end)
        if not_prose is None:
            return  # commented-out settings or code, or a list of values
        self.keep.append((start + marker, end))
        self.masks.extend(not_prose)
        self.masks.extend(token_spans(self.text, start + marker, end))

    def value(self, start: int, end: int, escapes: re.Pattern[str] | None = None) -> None:
        """A string value under a prose key, its quotes already excluded."""
        text = self.text
        stripped = text[start:end].strip()
        if not stripped or _TOKEN_VALUE.fullmatch(stripped):
            return
        self.keep.append((start, end))
        self.masks.extend(token_spans(text, start, end))
        # Markdown in a description (a model card's, a benchmark's): its code spans are code.
        self.masks.extend(m.span() for m in _CODE_SPAN.finditer(text, start, end))
        if escapes is not None:
            self.masks.extend(m.span() for m in escapes.finditer(text, start, end))

    def result(self) -> Extraction:
        prose = keep_only(self.text, self.keep)
        if self.masks:
            prose = apply_masks(prose, self.masks)
        return Extraction(
            prose=prose,
            keys=tuple(sorted(self.keys, key=lambda k: k.start)),
            comments=tuple(self.comments),
        )


# One line's code span: no line break, nor a JSON string's escaped one ("\\n").
_CODE_SPAN = re.compile(r"`(?:[^`\\\r\n]|\\[^nr])+`")
BACKSLASH_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|.)", re.S)
