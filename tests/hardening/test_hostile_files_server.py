"""Hostile workspaces through the real ``mlgloss serve`` process (pytest-lsp over stdio):
the server's workspace walk is the CLI's (mlgloss.files), off the event loop (issue 11).

A workspace holding a link to ``/dev/zero``, a FIFO named ``*.md``, a 600 MB (sparse) file
and a link to a file outside the folder: ``workspace/diagnostic`` and
``textDocument/references`` answer, a hover sent while they run is answered, none of those
files is read (peak memory stays far below what reading one would take), and the outside
file's content appears nowhere.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp import conftest as lsp_conftest
from lsp.conftest import caps, diagnostics_for, open_file, start, uri

client = lsp_conftest.client  # the real server (pytest-lsp fixture), started per test

LIVENESS = 60.0
PEAK_BOUND_KB = 600_000
"""Far below the 600 MB file (reading it took 1.25 GB): the server never read it."""


def server_peak_kb(client: LanguageClient) -> int:
    pid = client._server.pid  # type: ignore[union-attr]
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM")


@pytest.fixture()
def hostile(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    root.mkdir()
    (root / ".git").mkdir()
    (root / "ok.md").write_text("Fine tuning with Lora adapters.\n", encoding="utf-8")
    (root / "other.md").write_text("More Lora here.\n", encoding="utf-8")
    (root / "zero.md").symlink_to("/dev/zero")
    os.mkfifo(root / "pipe.md")
    with open(root / "huge.md", "wb") as handle:
        handle.truncate(600 * 1024 * 1024)  # sparse: no disk used
    secret = tmp_path / "outside.md"
    secret.write_text("Secret Lora notes.\n", encoding="utf-8")
    (root / "linked.md").symlink_to(secret)
    return root


async def hover(client: LanguageClient, doc: str) -> types.Hover | None:
    return await asyncio.wait_for(
        client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=doc),
                position=types.Position(line=0, character=18),
            )
        ),
        LIVENESS,
    )


async def test_workspace_diagnostic_skips_devices_fifos_huge_and_outside_files(
    client: LanguageClient, hostile: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    await start(client, hostile, caps("neovim"))
    doc = open_file(client, hostile / "ok.md", "markdown")
    pending = asyncio.ensure_future(
        client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(previous_result_ids=[]))
    )
    answer = await hover(client, doc)  # answered while the workspace report is computed
    assert answer is not None and "LoRA" in str(answer.contents)
    report = await asyncio.wait_for(pending, LIVENESS)
    reported = sorted(Path(item.uri).name for item in report.items)
    assert reported == ["ok.md", "other.md"]
    other = next(i for i in report.items if i.uri == uri(hostile / "other.md"))
    assert other.items  # an unopened file is analysed from the disk
    assert server_peak_kb(client) < PEAK_BOUND_KB
    assert "Traceback" not in capfd.readouterr().err


async def test_references_skip_devices_fifos_huge_and_outside_files(
    client: LanguageClient, hostile: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    await start(client, hostile, caps("visual-studio-code"))
    doc = open_file(client, hostile / "ok.md", "markdown")
    await diagnostics_for(client, doc, timeout=LIVENESS)
    pending = asyncio.ensure_future(
        client.text_document_references_async(
            types.ReferenceParams(
                text_document=types.TextDocumentIdentifier(uri=doc),
                position=types.Position(line=0, character=18),
                context=types.ReferenceContext(include_declaration=False),
            )
        )
    )
    assert await hover(client, doc) is not None
    found = await asyncio.wait_for(pending, LIVENESS)
    assert sorted(Path(r.uri).name for r in found or []) == ["ok.md", "other.md"]
    assert server_peak_kb(client) < PEAK_BOUND_KB
    assert "Traceback" not in capfd.readouterr().err


async def test_workspace_max_file_size_is_honoured(client: LanguageClient, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    (root / ".git").mkdir()
    (root / ".mlgloss.toml").write_text("max_file_size = 100\n", encoding="utf-8")
    (root / "small.md").write_text("Lora.\n", encoding="utf-8")
    (root / "large.md").write_text("Lora. " * 50 + "\n", encoding="utf-8")
    await start(client, root, caps("neovim"))
    report = await asyncio.wait_for(
        client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(previous_result_ids=[])),
        LIVENESS,
    )
    assert sorted(Path(item.uri).name for item in report.items) == [".mlgloss.toml", "small.md"]


async def test_workspace_diagnostic_of_a_1000_level_tree(
    client: LanguageClient, tmp_path: Path
) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    (root / ".git").mkdir()
    fd = os.open(root, os.O_RDONLY)
    for _ in range(1000):
        os.mkdir("d", dir_fd=fd)
        child = os.open("d", os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = child
    bottom = os.open("bottom.md", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
    os.write(bottom, b"Lora.\n")
    os.close(bottom)
    os.close(fd)
    try:
        await start(client, root, caps("neovim"))
        report = await asyncio.wait_for(
            client.workspace_diagnostic_async(
                types.WorkspaceDiagnosticParams(previous_result_ids=[])
            ),
            LIVENESS,
        )
        names = [item.uri.rsplit("/", 1)[-1] for item in report.items]
        assert names == ["bottom.md"] and report.items[0].items
    finally:  # pytest's own clean-up recurses per level and fails on this tree
        import subprocess

        subprocess.run(["rm", "-rf", str(root)], check=False, timeout=120)


async def test_workspace_diagnostic_streams_partial_results(
    client: LanguageClient, tmp_path: Path
) -> None:
    """With a partial-result token the reports arrive in ``$/progress`` batches (never all
    at once) and the final answer is empty, as the protocol asks."""
    root = tmp_path / "ws"
    root.mkdir()
    (root / ".git").mkdir()
    for i in range(120):
        (root / f"doc{i:03}.md").write_text("Lora.\n", encoding="utf-8")
    batches: list[list[str]] = []

    def on_progress(params: types.ProgressParams) -> None:
        assert params.token == "stream-1"
        value = params.value
        items = value["items"] if isinstance(value, dict) else value.items  # type: ignore[union-attr]
        batches.append([i["uri"] if isinstance(i, dict) else i.uri for i in items])

    client.protocol.fm._features[types.PROGRESS] = on_progress
    await start(client, root, caps("neovim"))
    report = await asyncio.wait_for(
        client.workspace_diagnostic_async(
            types.WorkspaceDiagnosticParams(previous_result_ids=[], partial_result_token="stream-1")
        ),
        LIVENESS,
    )
    assert list(report.items) == []
    assert len(batches) == 3 and all(len(b) <= 50 for b in batches)
    streamed = sorted(Path(u).name for b in batches for u in b)
    assert streamed == [f"doc{i:03}.md" for i in range(120)]
