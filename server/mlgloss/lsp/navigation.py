"""Navigation: ``textDocument/definition``, ``textDocument/references``,
``textDocument/documentSymbol`` and ``workspace/symbol``.

* Definition of a term (any form, or a config key the glossary maps) is its entry in the
  glossary YAML that defines it: the built-in file or a project glossary (``Entry.origin``).
* References are the term's occurrences in every supported workspace file (open
  documents as the editor has them), found by the same term index the rules use.
* Document symbols of a glossary YAML file are its entries.
* Workspace symbols are the glossary's entries, fuzzily matched to the query.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types

from mlgloss.analysis.document import DocumentKind, kind_for_path
from mlgloss.errors import MlglossError
from mlgloss.glossary.loader import parse_glossary
from mlgloss.lsp import documents
from mlgloss.lsp.position_encoding import LineIndex
from mlgloss.lsp.terms import entry_location, term_at, view
from mlgloss.lsp.workspace_files import OpenDocument, WorkspaceFile, each_file

if TYPE_CHECKING:
    from mlgloss.glossary.lookup import Glossary
    from mlgloss.lsp.server import MlglossServer

MAX_WORKSPACE_SYMBOLS = 200


def find_references(
    glossary: Glossary,
    entry_id: str,
    sources: list[tuple[str, Path, str]],
    encoding: str,
) -> list[types.Location]:
    """Occurrences of the entry in each (uri, path, text); runs in the analysis thread."""
    from mlgloss.analysis.extract import ExtractionError, extract  # loaded on first use

    out: list[types.Location] = []
    for uri, path, text in sources:
        kind = kind_for_path(path)
        if kind is None:
            continue
        try:
            prose = extract(text, kind).prose
        except ExtractionError:
            continue
        lines: LineIndex | None = None
        for occurrence in glossary.index.find(prose):
            if occurrence.entry.id != entry_id:
                continue
            lines = lines or LineIndex(text, encoding)
            out.append(types.Location(uri=uri, range=lines.range(occurrence.start, occurrence.end)))
    return out


def _glossary_symbols(text: str, path: str) -> list[tuple[str, str | None, int]]:
    """(term, expansion, 0-based line) of each entry, if ``text`` is a glossary file."""
    if "entries:" not in text:
        return []
    try:
        parsed = parse_glossary(text, path)
    except MlglossError:
        return []
    return [(e.term, e.expansion, (e.origin.line - 1) if e.origin else 0) for e in parsed.entries]


def register(ls: MlglossServer) -> None:
    @ls.feature(types.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: MlglossServer, params: types.DefinitionParams) -> types.Location | None:
        v = view(ls, params.text_document.uri)
        if v is None:
            return None
        hit = term_at(v, v.lines.offset(params.position))
        return entry_location(hit.entry) if hit else None

    @ls.feature(types.TEXT_DOCUMENT_REFERENCES)
    async def references(
        ls: MlglossServer, params: types.ReferenceParams
    ) -> list[types.Location] | None:
        v = view(ls, params.text_document.uri)
        if v is None:
            return None
        hit = term_at(v, v.lines.offset(params.position))
        if hit is None:
            return None
        glossary, entry_id, encoding = v.glossary, hit.entry.id, ls.encoding
        sources: list[tuple[str, Path, str]] = []
        for uri in list(ls.workspace.text_documents):
            snap = documents.snapshot(ls, uri)
            if snap is not None and snap.notebook_uri is None:
                sources.append((uri, snap.path, snap.text))
        loop = asyncio.get_running_loop()
        found = await loop.run_in_executor(
            ls.diagnostics.executor, find_references, glossary, entry_id, sources, encoding
        )

        def in_file(file: WorkspaceFile) -> list[types.Location]:
            if file.kind is DocumentKind.NOTEBOOK:
                return []
            return find_references(glossary, entry_id, [(file.uri, file.path, file.text)], encoding)

        async for got in each_file(ls, in_file):
            if not isinstance(got, OpenDocument):
                found.extend(got)
        if params.context.include_declaration:
            location = entry_location(hit.entry)
            if location is not None:
                found.insert(0, location)
        return found

    @ls.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def document_symbol(
        ls: MlglossServer, params: types.DocumentSymbolParams
    ) -> list[types.DocumentSymbol] | list[types.SymbolInformation] | None:
        uri = params.text_document.uri
        document = documents.open_document(ls, uri)
        path = documents.path_of(uri)
        if document is None or path is None or path.suffix.lower() not in (".yaml", ".yml"):
            return None
        text = document.source
        symbols = _glossary_symbols(text, str(path))
        if not symbols:
            return []
        lines = LineIndex(text, ls.encoding)
        caps = ls.client_capabilities.text_document
        hierarchical = bool(
            caps
            and caps.document_symbol
            and caps.document_symbol.hierarchical_document_symbol_support
        )
        starts = [line for _, _, line in symbols]
        last = len(lines.starts) - 1
        out_doc: list[types.DocumentSymbol] = []
        out_info: list[types.SymbolInformation] = []
        for i, (term, expansion, line) in enumerate(symbols):
            line = min(line, last)
            end_line = min(max(starts[i + 1] - 1, line), last) if i + 1 < len(starts) else last
            full = lines.range(lines.starts[line], lines.ends[end_line])
            head = lines.range(lines.starts[line], lines.ends[line])
            if hierarchical:
                out_doc.append(
                    types.DocumentSymbol(
                        name=term,
                        detail=expansion,
                        kind=types.SymbolKind.String,
                        range=full,
                        selection_range=head,
                    )
                )
            else:
                out_info.append(
                    types.SymbolInformation(
                        name=term,
                        kind=types.SymbolKind.String,
                        location=types.Location(uri=uri, range=full),
                    )
                )
        return out_doc if hierarchical else out_info

    @ls.feature(types.WORKSPACE_SYMBOL)
    def workspace_symbol(
        ls: MlglossServer, params: types.WorkspaceSymbolParams
    ) -> list[types.WorkspaceSymbol] | None:
        glossary = workspace_glossary(ls)
        query = params.query.strip()
        if query:
            entries = [
                h.entry for h in glossary.search(query, limit=MAX_WORKSPACE_SYMBOLS, cutoff=50)
            ]
        else:
            entries = list(glossary.entries.values())[:MAX_WORKSPACE_SYMBOLS]
        out = []
        for entry in entries:
            location = entry_location(entry)
            if location is None:
                continue
            origin = entry.origin
            out.append(
                types.WorkspaceSymbol(
                    name=entry.term,
                    kind=types.SymbolKind.String,
                    location=location,
                    container_name=Path(origin.file).name if origin else None,
                )
            )
        return out


def workspace_glossary(ls: MlglossServer) -> Glossary:
    """The glossary of the first workspace folder (the last good one if it is broken)."""
    root = ls.root_dir()
    try:
        if root is not None:
            return ls.session.glossary_for(ls.session.config_for(root / "__mlgloss__.md"))
    except MlglossError:
        pass
    return ls.diagnostics.last_good.recall(None)[1]
