"""The custom request ``mlgloss/glossaryEntries``: ``{"query": string}`` →
``{"entries": [{"id", "term", "expansion", "summary", "definitionMarkdown"}]}``.

The VS Code extension's "look up a term" command sends exactly this
(clients/vscode/src/protocol.ts). An empty query lists the first entries alphabetically.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mlgloss.glossary.model import Entry
from mlgloss.lsp.hover import render_markdown
from mlgloss.lsp.navigation import workspace_glossary
from mlgloss.lsp.settings import plain

if TYPE_CHECKING:
    from mlgloss.glossary.lookup import Glossary
    from mlgloss.lsp.server import MlglossServer

GLOSSARY_ENTRIES = "mlgloss/glossaryEntries"
MAX_ENTRIES = 50
SUMMARY_LENGTH = 160


def summary(entry: Entry) -> str:
    """The first definition, shortened to one line."""
    for sense in entry.senses:
        for definition in sense.definitions:
            text = " ".join(definition.text.split())
            if len(text) > SUMMARY_LENGTH:
                text = text[: SUMMARY_LENGTH - 1].rsplit(" ", 1)[0] + "…"
            return text
    return entry.expansion or ""


def entries_for(glossary: Glossary, query: str) -> list[dict[str, Any]]:
    query = query.strip()
    if query:
        exact = glossary.lookup(query)
        entries = [h.entry for h in glossary.search(query, limit=MAX_ENTRIES)]
        if exact is not None:
            entries = [exact, *(e for e in entries if e.id != exact.id)]
    else:
        entries = sorted(glossary.entries.values(), key=lambda e: e.term.casefold())
    out = []
    for entry in entries[:MAX_ENTRIES]:
        item: dict[str, Any] = {
            "id": entry.id,
            "term": entry.term,
            "summary": summary(entry),
            "definitionMarkdown": render_markdown(entry, glossary),
        }
        if entry.expansion:
            item["expansion"] = entry.expansion
        out.append(item)
    return out


def register(ls: MlglossServer) -> None:
    @ls.feature(GLOSSARY_ENTRIES)
    def glossary_entries(ls: MlglossServer, params: Any) -> dict[str, Any]:
        raw = plain(params)
        query = raw.get("query", "") if isinstance(raw, dict) else ""
        return {"entries": entries_for(workspace_glossary(ls), str(query or ""))}
