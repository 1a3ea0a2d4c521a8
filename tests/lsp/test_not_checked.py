"""A document the server does not check says so: one information diagnostic (code
``not-checked``) at its top, instead of an empty, clean-looking list."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from mlgloss.analysis.limits import MAX_DOCUMENT_CHARS

from .conftest import caps, diagnostics_for, open_file, start

LINE = "We fine-tune with Lora and Pytorch.\n"


@pytest.mark.parametrize(
    ("config", "characters"),
    [
        ("", 3 * 1024 * 1024),  # over the default max_file_size (2 MiB)
        ("max_file_size = 100000000\n", MAX_DOCUMENT_CHARS + 1000),  # over the engine's limit
    ],
    ids=["max-file-size", "engine-limit"],
)
async def test_a_document_too_large_to_check_gets_a_not_checked_diagnostic(
    client: LanguageClient, tmp_path: Path, config: str, characters: int
) -> None:
    workspace = tmp_path / "ws"
    (workspace / ".git").mkdir(parents=True)
    (workspace / ".mlgloss.toml").write_text(config)
    await start(client, workspace, caps("visual-studio-code"))
    text = LINE * (characters // len(LINE) + 1)
    doc = open_file(client, workspace / "big.md", "markdown", text=text)
    [diagnostic] = await diagnostics_for(client, doc, timeout=120)
    assert diagnostic.code == "not-checked"
    assert diagnostic.severity == types.DiagnosticSeverity.Information
    assert "too large to check" in diagnostic.message
    assert diagnostic.range.start == types.Position(line=0, character=0)
