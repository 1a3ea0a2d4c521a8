"""Definition, references, document and workspace symbols, and mlgloss/glossaryEntries."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from mlgloss.glossary.builtin import builtin_path

from .conftest import caps, diagnostics_for, open_file, start, uri


def at(doc: str, line: int, character: int) -> dict[str, object]:
    return {
        "text_document": types.TextDocumentIdentifier(uri=doc),
        "position": types.Position(line=line, character=character),
    }


async def test_definition_opens_the_builtin_entry(client: LanguageClient, basic: Path) -> None:
    await start(client, basic, caps("visual-studio-code"))
    doc = open_file(client, basic / "notes.md", "markdown")
    await diagnostics_for(client, doc)
    result = await client.text_document_definition_async(
        types.DefinitionParams(**at(doc, 2, 20))  # type: ignore[arg-type]
    )
    assert isinstance(result, types.Location)
    assert result.uri == uri(builtin_path())
    line = builtin_path().read_text(encoding="utf-8").splitlines()[result.range.start.line]
    assert "id: lora" in line or "term: LoRA" in line


async def test_definition_of_project_term(client: LanguageClient) -> None:
    workspace = Path(__file__).resolve().parents[1] / "workspaces" / "project"
    await start(client, workspace, caps("visual-studio-code"))
    doc = open_file(client, workspace / "doc.md", "markdown")
    await diagnostics_for(client, doc)
    result = await client.text_document_definition_async(
        types.DefinitionParams(**at(doc, 2, 36))  # type: ignore[arg-type]  # "Widgetizer"
    )
    assert isinstance(result, types.Location)
    assert result.uri == uri(workspace / "terms.yaml")
    assert result.range.start.line == 9


async def test_references_across_the_workspace(client: LanguageClient, basic: Path) -> None:
    await start(client, basic, caps("visual-studio-code"))
    doc = open_file(client, basic / "notes.md", "markdown")
    await diagnostics_for(client, doc)
    result = await client.text_document_references_async(
        types.ReferenceParams(
            **at(doc, 2, 20),  # type: ignore[arg-type]
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    places = sorted((Path(r.uri).name, r.range.start.line) for r in result or [])
    assert places == [("notes.md", 2), ("notes.md", 4), ("notes.md", 4), ("script.py", 2)]


async def test_document_symbols_of_a_glossary(client: LanguageClient) -> None:
    workspace = Path(__file__).resolve().parents[1] / "workspaces" / "project"
    await start(client, workspace, caps("visual-studio-code"))
    doc = open_file(client, workspace / "terms.yaml", "yaml")
    result = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=doc))
    )
    assert result is not None
    assert [(s.name, s.range.start.line) for s in result] == [  # type: ignore[union-attr]
        ("Frobnicator", 4),
        ("Widgetizer", 9),
    ]


async def test_workspace_symbols(client: LanguageClient, basic: Path) -> None:
    await start(client, basic, caps("neovim"))
    result = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="lora"))
    assert result is not None
    names = [s.name for s in result]
    assert "LoRA" in names[:3]


async def test_glossary_entries_request(client: LanguageClient, basic: Path) -> None:
    await start(client, basic, caps("visual-studio-code"))
    reply = await client.protocol.send_request_async(
        "mlgloss/glossaryEntries", {"query": "low-rank adaptation"}
    )
    entries = reply.entries
    first = entries[0]
    assert first.id == "lora" and first.term == "LoRA"
    assert first.expansion == "Low-Rank Adaptation"
    assert first.summary and "**LoRA**" in first.definitionMarkdown
