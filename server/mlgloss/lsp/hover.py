"""``textDocument/hover``: the glossary entry of the term under the cursor.

Works on any form of a term in prose, and on config keys and identifiers the glossary
maps (``lora_alpha``). The Markdown (:func:`mlgloss.glossary.describe.entry_as_markdown`)
opens with the term, its expansion and one chosen definition, then under "more" the other
sources as short labels, see-also terms as links to their entries in the glossary file and
the config keys; when the form under the cursor is flagged, it says first what to write.
On a config key (:func:`mlgloss.analysis.config_tools.describe_key.key_as_markdown`) it
opens with the key, the tool and class that declare it, what it sets and its concept.
Clients that cannot render Markdown get the plain-text rendering of ``mlgloss define``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lsprotocol import types

from mlgloss.analysis.config_tools.describe_key import key_as_markdown, key_as_text
from mlgloss.analysis.config_tools.key_info import KeyInfo
from mlgloss.analysis.term_counts import repository_scope
from mlgloss.glossary.describe import entry_as_markdown, entry_as_text
from mlgloss.glossary.model import Entry
from mlgloss.lsp.terms import TermAt, View, entry_link, term_at, view

if TYPE_CHECKING:
    from mlgloss.glossary.lookup import Glossary
    from mlgloss.lsp.server import MlglossServer

_LINK_MARK = "mlgloss-entry:"
_LINK = re.compile(r"\(" + re.escape(_LINK_MARK) + r"([^)\s]+)\)")


def _linked(text: str, glossary: Glossary) -> str:
    """``text`` with its entry links pointed at their place in the glossary file."""

    def link(match: re.Match[str]) -> str:
        linked = glossary.entry(match.group(1))
        target = entry_link(linked) if linked else None
        return f"({target})" if target else "(#)"

    return _LINK.sub(link, text)


def render_markdown(entry: Entry, glossary: Glossary) -> str:
    """The entry as Markdown, see-also terms linked to their place in the glossary file."""
    return _linked(entry_as_markdown(entry, glossary, link_base=_LINK_MARK), glossary)


def render_key_markdown(key: KeyInfo, glossary: Glossary) -> str:
    """A config key as Markdown, its concept linked to its place in the glossary file."""
    return _linked(key_as_markdown(key, glossary, link_base=_LINK_MARK), glossary)


def flagged_note(hit: TermAt, markdown: bool) -> str | None:
    occurrence = hit.occurrence
    if occurrence is None or not occurrence.form.status.flagged:
        return None
    form = occurrence.form
    why = f" ({form.reason.value})" if form.reason else ""
    status = form.status.value
    written = " ".join(occurrence.surface.split())
    if markdown:
        return f"⚠ *{written}* is a {status} form{why}: write **{hit.entry.term}**."
    return f"{written} is a {status} form{why}: write {hit.entry.term}."


def repository_note(ls: MlglossServer, v: View, entry: Entry, markdown: bool) -> str | None:
    """How the repository writes the term, when ``inconsistent`` counts it (repository
    scope) and the repository writes it more than one way: read from the index, no file."""
    repositories = ls.session.repositories
    if v.result is None or repositories is None or not repository_scope(v.result.config):
        return None
    counts = repositories.get(repositories.root_for(v.snapshot.path, v.result.config))
    spellings = counts.spellings(entry.id) if counts is not None else {}
    if len(spellings) < 2:
        return None
    ranked = sorted(spellings.items(), key=lambda item: (-item[1].uses, item[0]))
    parts = [
        f"{'*' + key + '*' if markdown else repr(key)} "
        f"{'once' if s.uses == 1 else f'{s.uses} times'} in {s.files} "
        f"file{'s' if s.files != 1 else ''}"
        for key, s in ranked
    ]
    return "This repository writes " + ", ".join(parts) + "."


def markdown_supported(ls: MlglossServer) -> bool:
    caps = ls.client_capabilities.text_document
    hover = caps.hover if caps else None
    formats = hover.content_format if hover else None
    return formats is None or types.MarkupKind.Markdown in formats


def register(ls: MlglossServer) -> None:
    @ls.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: MlglossServer, params: types.HoverParams) -> types.Hover | None:
        v = view(ls, params.text_document.uri)
        if v is None:
            return None
        offset = v.lines.offset(params.position)
        hit = term_at(v, offset)
        if hit is None:
            return None
        markdown = markdown_supported(ls)
        if markdown:
            body = (
                render_key_markdown(hit.key, v.glossary)
                if hit.key is not None
                else render_markdown(hit.entry, v.glossary)
            )
        elif hit.key is not None:
            body = key_as_text(hit.key, v.glossary).rstrip()
        else:
            body = entry_as_text(hit.entry, v.glossary).rstrip()
        note = flagged_note(hit, markdown)
        if note:
            body = f"{note}\n\n{body}"
        counts = repository_note(ls, v, hit.entry, markdown)
        if counts:
            body = f"{counts}\n\n{body}"
        return types.Hover(
            contents=types.MarkupContent(
                kind=types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText,
                value=body,
            ),
            range=v.lines.range(hit.start, hit.end),
        )
