"""Hostile documents through the real ``mlgloss serve`` process (pytest-lsp over stdio).

Each test opens something hostile, then proves the server is alive and bounded: its
diagnostics arrive (bounded in number) within a liveness timeout, a hover right after is
answered, its resident memory stays under a generous bound, and nothing it wrote to stderr
is a traceback (pytest-lsp forwards the server's stderr to the test's, read with capfd).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from fixtures_frontend import MEMORY_BOUND_KB, corpus_lines, unique_marker, yaml_alias_bomb
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp import conftest as lsp_conftest
from lsp.conftest import (
    caps,
    diagnostics_for,
    open_file,
    start,
    uri,
    wait_for_log,
)

client = lsp_conftest.client  # the real server (pytest-lsp fixture), started per test

DEEP = 100_000
LIVENESS = 60.0


def server_rss_kb(client: LanguageClient) -> int:
    """VmRSS of the server process (the child pytest-lsp started)."""
    pid = client._server.pid  # type: ignore[union-attr]
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


async def hover(client: LanguageClient, doc: str, line: int = 0, character: int = 0) -> object:
    return await asyncio.wait_for(
        client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=doc),
                position=types.Position(line=line, character=character),
            )
        ),
        LIVENESS,
    )


async def assert_alive(client: LanguageClient, doc: str, capfd: pytest.CaptureFixture[str]) -> None:
    """The server answers a request, stays under the memory bound and logged no traceback."""
    await hover(client, doc)
    assert server_rss_kb(client) < MEMORY_BOUND_KB
    assert "Traceback" not in capfd.readouterr().err
    assert not [m for m in client.log_messages if "internal error" in m.message]


@pytest.fixture()
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    root.mkdir()
    (root / ".git").mkdir()
    (root / "ok.md").write_text("Fine tuning with Lora.\n", encoding="utf-8")
    return root


async def test_50_mb_one_line_document_does_not_hang_the_server(
    client: LanguageClient, workspace: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    await start(client, workspace, caps("visual-studio-code"))
    big = open_file(client, workspace / "huge.md", "markdown", text="Lora fine tuning " * 3_100_000)
    # Over max_file_size (2 MB): analysed as nothing; one diagnostic says it was not checked.
    found = await diagnostics_for(client, big, timeout=LIVENESS)
    assert [d.code for d in found] == ["not-checked"]
    small = open_file(client, workspace / "ok.md", "markdown")
    assert [d.code for d in await diagnostics_for(client, small, timeout=LIVENESS)]
    await hover(client, big, 0, 3)
    await assert_alive(client, small, capfd)


async def test_200000_line_markdown_document_gives_capped_diagnostics(
    client: LanguageClient, workspace: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    await start(client, workspace, caps("visual-studio-code"))
    text = "Lora ok\n" * 200_000  # 1.6 MB: under the size limit, so it is analysed
    doc = open_file(client, workspace / "long.md", "markdown", text=text)
    found = await diagnostics_for(client, doc, timeout=LIVENESS)
    assert len(found) == 1000  # engine.MAX_FINDINGS_PER_FILE
    assert all(d.range.start.line < 200_000 for d in found)
    await assert_alive(client, doc, capfd)


async def test_corpus_prose_200000_lines_over_the_limit_is_bounded(
    client: LanguageClient, workspace: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    await start(client, workspace, caps("visual-studio-code"))
    text = "\n".join(corpus_lines(200_000)) + "\n"
    doc = open_file(client, workspace / "corpus.md", "markdown", text=text)
    found = await diagnostics_for(client, doc, timeout=LIVENESS)
    assert [d.code for d in found] == ["not-checked"]  # 8 MB > max_file_size
    await assert_alive(client, doc, capfd)


@pytest.mark.parametrize(
    ("name", "language", "text"),
    [
        ("deep.json", "json", "[" * DEEP + "]" * DEEP),
        ("deep.yaml", "yaml", "{a: " * DEEP + "}" * DEEP),
        ("deep.ipynb", "json", '{"cells": ' + "[" * DEEP + "]" * DEEP + "}"),
        ("deep.py", "python", "x = " + "(" * DEEP + ")" * DEEP),
        ("deep.md", "markdown", "> " * DEEP + "Lora\n"),
        ("bomb.yaml", "yaml", yaml_alias_bomb()),
        ("broken.ipynb", "json", '{"cells": [\n {"cell_type": "markdown", "source": ["Lora '),
        ("nul.md", "markdown", "Lora\x00\x01\x1b[2J\ufeff\u202e Lora\r\r\n\u2028x"),
        ("surrogate.md", "markdown", "Lora \ud800 lone surrogate \udfff Lora\n"),
    ],
)
async def test_hostile_document_gives_a_bounded_result(
    client: LanguageClient,
    workspace: Path,
    capfd: pytest.CaptureFixture[str],
    name: str,
    language: str,
    text: str,
) -> None:
    await start(client, workspace, caps("visual-studio-code"))
    doc = open_file(client, workspace / name, language, text=text)
    found = await diagnostics_for(client, doc, timeout=LIVENESS)
    assert len(found) <= 1000
    await assert_alive(client, doc, capfd)


async def test_python_tag_in_an_open_yaml_document_is_not_executed(
    client: LanguageClient, workspace: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    marker = unique_marker(tmp_path, "server-yaml")
    await start(client, workspace, caps("visual-studio-code"))
    text = f'learning_rate: 0.1\ncmd: !!python/object/apply:os.system ["touch {marker}"]\n'
    doc = open_file(client, workspace / "train.yaml", "yaml", text=text)
    await diagnostics_for(client, doc, timeout=LIVENESS)
    await assert_alive(client, doc, capfd)
    assert not marker.exists()


async def test_python_tag_in_the_project_glossary_is_reported_at_its_line(
    client: LanguageClient, workspace: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    marker = unique_marker(tmp_path, "server-glossary")
    (workspace / ".mlgloss.toml").write_text('glossary = ["terms.yaml"]\n', encoding="utf-8")
    terms = workspace / "terms.yaml"
    terms.write_text(
        "version: 1\nentries:\n  - id: evil\n"
        f'    term: !!python/object/apply:os.system ["touch {marker}"]\n',
        encoding="utf-8",
    )
    await start(client, workspace, caps("visual-studio-code"))
    doc = open_file(client, workspace / "ok.md", "markdown")
    # Checked meanwhile with the built-in glossary (no last good project glossary yet).
    assert [d.code for d in await diagnostics_for(client, doc, timeout=LIVENESS)]
    problem = (await diagnostics_for(client, uri(terms), timeout=LIVENESS))[0]
    assert (problem.range.start.line, problem.range.start.character) == (3, 10)
    assert problem.message == "term must be a string"
    assert any("terms.yaml" in m.message for m in client.messages)
    assert not marker.exists()
    await assert_alive(client, doc, capfd)


async def test_pyproject_with_a_syntax_error_is_reported_at_its_position(
    client: LanguageClient, workspace: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    pyproject = workspace / "pyproject.toml"
    pyproject.write_text('[tool.mlgloss]\nglossary = ["terms.yaml"\n', encoding="utf-8")
    await start(client, workspace, caps("visual-studio-code"))
    doc = open_file(client, workspace / "ok.md", "markdown")
    assert [d.code for d in await diagnostics_for(client, doc, timeout=LIVENESS)]
    problem = (await diagnostics_for(client, uri(pyproject), timeout=LIVENESS))[0]
    assert problem.range.start.line == 2
    assert problem.message.startswith("invalid TOML")
    await assert_alive(client, doc, capfd)


async def test_notebook_document_with_hostile_cells_is_bounded(
    client: LanguageClient, workspace: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """Notebook sync with a huge and a deeply nested cell; the outputs are never sent."""
    from lsp.conftest import vscode_with_notebooks

    await start(client, workspace, vscode_with_notebooks())
    nb = uri(workspace / "hostile.ipynb")
    cells = [
        ("markdown", "> " * DEEP + "Lora"),
        ("python", "x = " + "[" * DEEP + "]" * DEEP),
        ("markdown", "Lora\n" * 100_000),
    ]
    cell_uris = [f"vscode-notebook-cell:{nb[len('file:') :]}#c{i}" for i in range(len(cells))]
    client.notebook_document_did_open(
        types.DidOpenNotebookDocumentParams(
            notebook_document=types.NotebookDocument(
                uri=nb,
                notebook_type="jupyter-notebook",
                version=1,
                cells=[
                    types.NotebookCell(
                        kind=types.NotebookCellKind.Markup
                        if lang == "markdown"
                        else types.NotebookCellKind.Code,
                        document=cell_uri,
                    )
                    for (lang, _), cell_uri in zip(cells, cell_uris, strict=True)
                ],
            ),
            cell_text_documents=[
                types.TextDocumentItem(uri=cell_uri, language_id=lang, version=1, text=text)
                for (lang, text), cell_uri in zip(cells, cell_uris, strict=True)
            ],
        )
    )
    for cell_uri in cell_uris:
        assert len(await diagnostics_for(client, cell_uri, timeout=LIVENESS)) <= 1000
    await assert_alive(client, cell_uris[0], capfd)


async def test_server_survives_a_glossary_log_flood(
    client: LanguageClient, workspace: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """Many distinct broken glossaries: errors are reported, none crashes the server."""
    await start(client, workspace, caps("visual-studio-code"))
    docs = []
    for i in range(20):
        sub = workspace / f"p{i}"
        sub.mkdir()
        (sub / ".mlgloss.toml").write_text('glossary = ["g.yaml"]\n', encoding="utf-8")
        (sub / "g.yaml").write_text(f"version: 1\nentries: [{'{' * (i + 1)}\n", encoding="utf-8")
        docs.append(open_file(client, sub / "doc.md", "markdown", text="Lora\n"))
    for doc in docs:
        await diagnostics_for(client, doc, timeout=LIVENESS)
    await wait_for_log(client, "configuration loaded")
    await assert_alive(client, docs[-1], capfd)
