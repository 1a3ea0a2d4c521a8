"""Diagnostics: exact ranges in every encoding, stable codes and data, debounced pushes
that are never stale, pull mode, workspace diagnostics."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from .conftest import caps, diagnostics_for, open_file, span, start, uri


def variants(items: list[types.Diagnostic]) -> list[types.Diagnostic]:
    return [d for d in items if d.code == "variant"]


async def test_pushed_on_open_with_exact_utf16_ranges(client: LanguageClient, basic: Path) -> None:
    await start(client, basic, caps("visual-studio-code"))
    doc = open_file(client, basic / "notes.md", "markdown")
    found = variants(await diagnostics_for(client, doc))
    # "We fine-tune with Lora", then "Emoji 😀 then Lora and 中文 text with Lora again."
    # 😀 is two UTF-16 code units; the CJK characters one each. The code block is not prose.
    assert [span(d) for d in found] == [(2, 18, 2, 22), (4, 14, 4, 18), (4, 36, 4, 40)]
    first = found[0]
    assert first.source == "mlgloss"
    assert first.severity == types.DiagnosticSeverity.Warning
    assert first.code_description is not None
    assert first.code_description.href.endswith("/docs/rules/variant.md")
    assert first.message == "Write 'LoRA' instead of 'Lora' (casing)"
    data = first.data
    assert data["rule"] == "variant" and data["version"] == 1
    edit = data["fixes"][0]["edits"][0]
    assert edit["newText"] == "LoRA"
    assert edit["range"]["start"] == {"line": 2, "character": 18}


@pytest.mark.parametrize(
    ("encodings", "expected"),
    [
        (["utf-8"], [(2, 18, 2, 22), (4, 16, 4, 20), (4, 42, 4, 46)]),
        (["utf-32"], [(2, 18, 2, 22), (4, 13, 4, 17), (4, 35, 4, 39)]),
        (["utf-16"], [(2, 18, 2, 22), (4, 14, 4, 18), (4, 36, 4, 40)]),
    ],
)
async def test_pulled_ranges_in_negotiated_encoding(
    client: LanguageClient, basic: Path, encodings: list[str], expected: list[tuple[int, ...]]
) -> None:
    await start(client, basic, caps("neovim", position_encodings=encodings))
    doc = open_file(client, basic / "notes.md", "markdown")
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=doc))
    )
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
    assert [span(d) for d in variants(list(report.items))] == expected
    # Pull mode: nothing is pushed.
    await asyncio.sleep(0.4)
    assert doc not in client.diagnostics


async def test_pull_unchanged_report(client: LanguageClient, basic: Path) -> None:
    await start(client, basic, caps("neovim"))
    doc = open_file(client, basic / "notes.md", "markdown")
    params = types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=doc))
    first = await client.text_document_diagnostic_async(params)
    assert isinstance(first, types.RelatedFullDocumentDiagnosticReport)
    assert first.result_id
    params.previous_result_id = first.result_id
    second = await client.text_document_diagnostic_async(params)
    assert isinstance(second, types.RelatedUnchangedDocumentDiagnosticReport)


async def test_edit_burst_leaves_only_the_final_version(
    client: LanguageClient, basic: Path
) -> None:
    await start(client, basic, caps("visual-studio-code"))
    published: list[types.PublishDiagnosticsParams] = client.published  # type: ignore[attr-defined]
    doc = open_file(client, basic / "notes.md", "markdown", text="Start.\n")
    text = "Start.\n"
    for version in range(2, 22):
        text += f"Line {version} with Lora.\n"
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=doc, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
    for _ in range(100):
        await asyncio.sleep(0.05)
        if published and published[-1].version == 21:
            break
    await asyncio.sleep(0.4)  # anything older arriving late would show up now
    assert published[-1].version == 21
    assert all(p.version in (1, 21) for p in published)  # the burst was debounced
    assert len(variants(list(client.diagnostics[doc]))) == 20


async def test_closing_clears_pushed_diagnostics(client: LanguageClient, basic: Path) -> None:
    await start(client, basic, caps("visual-studio-code"))
    doc = open_file(client, basic / "notes.md", "markdown")
    assert await diagnostics_for(client, doc)
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=doc))
    )
    for _ in range(40):
        await asyncio.sleep(0.05)
        if not client.diagnostics[doc]:
            break
    assert list(client.diagnostics[doc]) == []


async def test_workspace_diagnostic(client: LanguageClient, basic: Path) -> None:
    await start(client, basic, caps("neovim"))
    report = await client.workspace_diagnostic_async(
        types.WorkspaceDiagnosticParams(previous_result_ids=[])
    )
    by_uri = {item.uri: item for item in report.items}
    notes = by_uri[uri(basic / "notes.md")]
    assert len(variants(list(notes.items))) == 3
    script = by_uri[uri(basic / "script.py")]
    assert [span(d) for d in variants(list(script.items))] == [(2, 31, 2, 35)]
