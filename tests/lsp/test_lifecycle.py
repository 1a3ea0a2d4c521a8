"""Start-up: capabilities, position encoding negotiation, the settings announcement."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from .conftest import LOADED, caps, start, vscode_with_notebooks


async def test_vscode_capabilities(client: LanguageClient, basic: Path) -> None:
    result = await start(client, basic, vscode_with_notebooks())
    capabilities = result.capabilities
    assert capabilities.position_encoding == types.PositionEncodingKind.Utf16
    assert capabilities.hover_provider
    assert capabilities.completion_provider is not None
    assert capabilities.code_action_provider is not None
    assert capabilities.definition_provider
    assert capabilities.references_provider
    assert capabilities.workspace_symbol_provider
    assert capabilities.document_symbol_provider
    assert capabilities.diagnostic_provider is not None
    assert capabilities.notebook_document_sync is not None
    assert result.server_info is not None and result.server_info.name == "mlgloss"
    assert any(LOADED in m.message for m in client.log_messages)


async def test_neovim_negotiates_utf8(client: LanguageClient, basic: Path) -> None:
    result = await start(client, basic, caps("neovim"))
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8


async def test_utf32_when_offered_first(client: LanguageClient, basic: Path) -> None:
    result = await start(client, basic, caps("neovim", position_encodings=["utf-32", "utf-16"]))
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf32
