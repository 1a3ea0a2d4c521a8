"""Notebooks through notebookDocument sync: each cell analysed in its own language,
diagnostics published per cell URI."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from .conftest import diagnostics_for, span, start, uri, vscode_with_notebooks


async def test_cells_are_checked_in_their_language(client: LanguageClient, basic: Path) -> None:
    await start(client, basic, vscode_with_notebooks())
    notebook = uri(basic / "analysis.ipynb")
    cells = [
        ("markdown", types.NotebookCellKind.Markup, "# Results\n\nWe used Lora 😀 here.\n"),
        ("python", types.NotebookCellKind.Code, "model = Lora()  # a Lora adapter\n"),
    ]
    cell_uris = [f"vscode-notebook-cell:{basic / 'analysis.ipynb'}#cell{i}" for i in range(2)]
    client.notebook_document_did_open(
        types.DidOpenNotebookDocumentParams(
            notebook_document=types.NotebookDocument(
                uri=notebook,
                notebook_type="jupyter-notebook",
                version=1,
                cells=[
                    types.NotebookCell(kind=kind, document=cell_uri)
                    for (_, kind, _), cell_uri in zip(cells, cell_uris, strict=True)
                ],
            ),
            cell_text_documents=[
                types.TextDocumentItem(uri=cell_uri, language_id=lang, version=1, text=text)
                for (lang, _, text), cell_uri in zip(cells, cell_uris, strict=True)
            ],
        )
    )
    markdown = [d for d in await diagnostics_for(client, cell_uris[0]) if d.code == "variant"]
    assert [span(d) for d in markdown] == [(2, 8, 2, 12)]
    python = [d for d in await diagnostics_for(client, cell_uris[1]) if d.code == "variant"]
    # Only the comment is prose: the call Lora() is code.
    assert [span(d) for d in python] == [(0, 20, 0, 24)]


async def test_cell_pulled_right_after_open_with_vscode_remote_uris(
    client: LanguageClient, basic: Path
) -> None:
    """What code-server sends: cell URIs with an authority and an encoded fragment, and a
    textDocument/diagnostic pull for each cell right after notebookDocument/didOpen."""
    capabilities = vscode_with_notebooks()
    capabilities.text_document = (
        capabilities.text_document or types.TextDocumentClientCapabilities()
    )
    capabilities.text_document.diagnostic = types.DiagnosticClientCapabilities(
        dynamic_registration=False, related_document_support=False
    )
    await start(client, basic, capabilities)
    notebook = uri(basic / "analysis.ipynb")
    fragment = "#W0sdnNjb2RlLXJlbW90ZQ%3D%3D"
    cell_uri = f"vscode-notebook-cell://127.0.0.1:32931{basic / 'analysis.ipynb'}{fragment}"
    client.notebook_document_did_open(
        types.DidOpenNotebookDocumentParams(
            notebook_document=types.NotebookDocument(
                uri=notebook,
                notebook_type="jupyter-notebook",
                version=1,
                cells=[types.NotebookCell(kind=types.NotebookCellKind.Markup, document=cell_uri)],
            ),
            cell_text_documents=[
                types.TextDocumentItem(
                    uri=cell_uri, language_id="markdown", version=1, text="We used Lora here.\n"
                )
            ],
        )
    )
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=cell_uri))
    )
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    assert [(d.code, span(d)) for d in report.items if d.code == "variant"] == [
        ("variant", (0, 8, 0, 12))
    ]
