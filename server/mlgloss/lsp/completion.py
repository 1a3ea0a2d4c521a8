"""``textDocument/completion``: glossary terms in prose, known config keys in config files.

When it is offered (so that it never gets in the way of writing prose):

* **Prose** (what the extractor keeps as prose: never in code blocks, inline code, URLs or
  Python code — comments and docstrings are prose): only after at least
  :data:`MIN_LETTERS` typed letters whose fuzzy match against a glossary form (rapidfuzz,
  ``Glossary.search``) scores at least :data:`MIN_SCORE` against the *beginning* of the
  form (letters and digits only, case-folded: "finetun" matches "fine-tuning", "We use
  low rank" matches nothing, "low rank" matches "Low-Rank Adaptation"), and at most
  :data:`MAX_ITEMS` items. The typed text may be one to four words ("low rank"); each
  item replaces it (``textEdit``) with the **preferred** form even when an alias was
  typed ("low rank" → "LoRA"), and its ``filterText`` is what was typed so the client
  does not filter it away.
  Entries with an expansion get a second item, "Low-Rank Adaptation (LoRA)", for first use.
* **Config files** (YAML, TOML, JSON) at a key position: the config keys the glossary
  knows (``lora_alpha``), fuzzy-matched, from the first typed character.

The list is always ``isIncomplete`` so the client asks again as the word grows. Each item
documents its entry (Markdown when the client renders it).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lsprotocol import types
from rapidfuzz import fuzz, process

from mlgloss.analysis.document import MASK, DocumentKind
from mlgloss.glossary.describe import entry_as_markdown, entry_as_text
from mlgloss.glossary.model import CaseRule, Entry
from mlgloss.lsp.terms import View, view

if TYPE_CHECKING:
    from mlgloss.glossary.lookup import Glossary
    from mlgloss.lsp.server import MlglossServer

MIN_LETTERS = 3
MIN_SCORE = 85.0
SEARCH_CUTOFF = 70.0
MAX_ITEMS = 12
MAX_KEY_ITEMS = 30

_TYPED = re.compile(r"[^\W\d_][\w'\u2019-]*(?:[ -][^\W\d_][\w'\u2019-]*){0,3}$")
_WORD_START = re.compile(r"(?:^|(?<=[ -]))[^\W\d_]")
_KEY_YAML = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w.-]*)?$")
_KEY_TOML = re.compile(r"^\s*([A-Za-z_][\w.-]*)?$")
_KEY_JSON = re.compile(r"[{,]\s*\"([A-Za-z_][\w.-]*)?$|^\s*\"([A-Za-z_][\w.-]*)?$")


def is_prose(v: View, offset: int, stale_prose: str | None, stale_text: str | None) -> bool:
    """Whether ``offset`` (the start of the typed word) lies in prose."""
    prose = v.prose
    text = v.snapshot.text
    if prose is None:
        if stale_prose is None or stale_text is None:
            return v.snapshot.kind in (DocumentKind.MARKDOWN, DocumentKind.PLAINTEXT)
        # The analysis is of an older text: the typed word is where the texts differ, so
        # ask the old extraction about the last character both texts share before it.
        same = _common_prefix(text, stale_text)
        probe = min(offset, same)
        if probe <= 0 or probe > len(stale_prose):
            return stale_prose[:1] != MASK
        return stale_prose[probe - 1] != MASK or (
            probe < len(stale_prose) and stale_prose[probe] != MASK
        )
    if offset >= len(prose):
        return offset == 0 or prose[offset - 1] != MASK
    return prose[offset] != MASK


def _common_prefix(a: str, b: str) -> int:
    """Length of the common prefix, by halving (C-speed slice comparisons)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _letters(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def prefix_score(typed: str, form: str) -> float:
    """How well ``typed`` matches the beginning of ``form`` (0..100)."""
    a, b = _letters(typed), _letters(form)
    if not a or not b:
        return 0.0
    return float(fuzz.ratio(a, b[: len(a)]))


def _documentation(entry: Entry, glossary: Glossary, markdown: bool) -> types.MarkupContent | str:
    if markdown:
        return types.MarkupContent(
            kind=types.MarkupKind.Markdown, value=entry_as_markdown(entry, glossary)
        )
    return entry_as_text(entry, glossary)


def _markdown_docs(ls: MlglossServer) -> bool:
    caps = ls.client_capabilities.text_document
    item = caps.completion.completion_item if caps and caps.completion else None
    formats = item.documentation_format if item else None
    return bool(formats) and types.MarkupKind.Markdown in (formats or [])


def prose_items(
    v: View, typed: str, start: int, cursor: int, markdown: bool
) -> list[types.CompletionItem]:
    """Items for the typed text ``text[start:cursor]``; empty unless the policy allows."""
    edit_range = v.lines.range(start, cursor)
    items: list[types.CompletionItem] = []
    seen: set[str] = set()
    hits = v.glossary.search(typed, limit=MAX_ITEMS * 2, cutoff=SEARCH_CUTOFF)
    hits = [h for h in hits if prefix_score(typed, h.matched) >= MIN_SCORE][:MAX_ITEMS]
    for rank, hit in enumerate(hits):
        entry = hit.entry
        if entry.id in seen:
            continue
        seen.add(entry.id)
        from mlgloss.analysis.rules.base import match_case

        term = match_case(entry.term, typed, entry.case is CaseRule.SENSITIVE)
        if not typed[:1].isupper() and term != entry.term:
            term = entry.term
        docs = _documentation(entry, v.glossary, markdown)
        detail = entry.expansion or (hit.matched if hit.matched != entry.term else None)
        items.append(
            types.CompletionItem(
                label=term,
                kind=types.CompletionItemKind.Text,
                detail=detail,
                documentation=docs,
                filter_text=typed,
                sort_text=f"{rank:03d}a",
                text_edit=types.TextEdit(range=edit_range, new_text=term),
            )
        )
        if entry.expansion:
            expanded = f"{entry.expansion} ({entry.term})"
            items.append(
                types.CompletionItem(
                    label=expanded,
                    kind=types.CompletionItemKind.Text,
                    detail=f"{entry.term}, written out",
                    documentation=docs,
                    filter_text=typed,
                    sort_text=f"{rank:03d}b",
                    text_edit=types.TextEdit(range=edit_range, new_text=expanded),
                )
            )
    return items


def key_items(
    v: View, typed: str, start: int, cursor: int, markdown: bool
) -> list[types.CompletionItem]:
    keys = sorted(v.glossary.config_keys)
    if typed:
        matches = process.extract(
            typed, keys, scorer=fuzz.WRatio, limit=MAX_KEY_ITEMS, score_cutoff=60
        )
        ranked = [k for k, _, _ in matches]
        chosen = sorted(ranked, key=lambda k: (not k.startswith(typed), ranked.index(k)))
    else:
        chosen = keys[:MAX_KEY_ITEMS]
    edit_range = v.lines.range(start, cursor)
    items = []
    for rank, key in enumerate(chosen):
        entry = v.glossary.by_config_key(key)
        items.append(
            types.CompletionItem(
                label=key,
                kind=types.CompletionItemKind.Property,
                detail=entry.term if entry else None,
                documentation=_documentation(entry, v.glossary, markdown) if entry else None,
                filter_text=typed or key,
                sort_text=f"{rank:03d}",
                text_edit=types.TextEdit(range=edit_range, new_text=key),
            )
        )
    return items


def key_prefix(kind: DocumentKind, line_before: str) -> str | None:
    """The key being typed, if the cursor is at a key position of a config file."""
    pattern = {
        DocumentKind.YAML: _KEY_YAML,
        DocumentKind.TOML: _KEY_TOML,
        DocumentKind.JSON: _KEY_JSON,
    }.get(kind)
    if pattern is None:
        return None
    match = pattern.search(line_before)
    if match is None:
        return None
    return next((g for g in match.groups() if g), "")


def complete(ls: MlglossServer, params: types.CompletionParams) -> types.CompletionList | None:
    v = view(ls, params.text_document.uri)
    if v is None:
        return None
    cursor = v.lines.offset(params.position)
    line = v.lines.line_of(cursor)
    line_before = v.snapshot.text[v.lines.starts[line] : cursor]
    markdown = _markdown_docs(ls)
    if v.snapshot.kind.is_config:
        typed_key = key_prefix(v.snapshot.kind, line_before)
        if typed_key is not None:
            start = cursor - len(typed_key)
            return types.CompletionList(
                is_incomplete=True, items=key_items(v, typed_key, start, cursor, markdown)
            )
    match = _TYPED.search(line_before)
    if match is None:
        return types.CompletionList(is_incomplete=True, items=[])
    # Prefer the longest run of typed words that still starts in prose.
    latest = ls.diagnostics.latest(params.text_document.uri)
    stale_prose = latest.analysis.extraction.prose if latest and v.result is None else None
    stale_text = latest.snapshot.text if latest and v.result is None else None
    base = v.lines.starts[line] + match.start()
    typed_all = match.group()
    starts = [base + m.start() for m in _WORD_START.finditer(typed_all)]
    for start in starts:
        typed = v.snapshot.text[start:cursor]
        if sum(c.isalpha() for c in typed) < MIN_LETTERS:
            continue
        if not is_prose(v, start, stale_prose, stale_text):
            continue
        items = prose_items(v, typed, start, cursor, markdown)
        if items:
            return types.CompletionList(is_incomplete=True, items=items)
    return types.CompletionList(is_incomplete=True, items=[])


def register(ls: MlglossServer) -> None:
    @ls.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(resolve_provider=False),
    )
    def completion(
        ls: MlglossServer, params: types.CompletionParams
    ) -> types.CompletionList | None:
        return complete(ls, params)
