"""pytest-lsp fixtures: the real ``mlgloss serve`` process over stdio, per test.

``client`` is started but not initialised; each test calls :func:`start` with the client
capabilities and workspace it needs, which also waits until the server has loaded its
settings (it logs "mlgloss: configuration loaded"), so no request races the settings
fetch.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

import mlgloss

WORKSPACES = Path(__file__).resolve().parents[1] / "workspaces"
LOADED = "mlgloss: configuration loaded"


def _server_env() -> dict[str, str]:
    env = dict(os.environ)
    package_root = str(Path(mlgloss.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    return env


SERVER = ClientServerConfig(
    server_command=[sys.executable, "-m", "mlgloss", "serve"],
    server_env=_server_env(),
)


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient) -> AsyncIterator[LanguageClient]:
    registrations: list[types.Registration] = []
    lsp_client.registrations = registrations  # type: ignore[attr-defined]

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def on_register(params: types.RegistrationParams) -> None:
        registrations.extend(params.registrations)

    published: list[types.PublishDiagnosticsParams] = []
    lsp_client.published = published  # type: ignore[attr-defined]

    def on_publish(params: types.PublishDiagnosticsParams) -> None:
        published.append(params)
        lsp_client.diagnostics[params.uri] = params.diagnostics

    # Replaces pytest-lsp's own handler (which only keeps the latest per URI).
    lsp_client.protocol.fm._features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = on_publish

    yield lsp_client
    await lsp_client.shutdown_session()


def uri(path: Path) -> str:
    return path.resolve().as_uri()


def copy_workspace(name: str, tmp_path: Path) -> Path:
    target = tmp_path / name
    shutil.copytree(WORKSPACES / name, target)
    return target


def caps(name: str, **general: Any) -> types.ClientCapabilities:
    capabilities = client_capabilities(name)
    if general:
        capabilities.general = types.GeneralClientCapabilities(**general)
    return capabilities


def vscode_with_notebooks() -> types.ClientCapabilities:
    capabilities = client_capabilities("visual-studio-code")
    capabilities.notebook_document = types.NotebookDocumentClientCapabilities(
        synchronization=types.NotebookDocumentSyncClientCapabilities(
            dynamic_registration=True, execution_summary_support=True
        )
    )
    return capabilities


async def wait_for_log(
    client: LanguageClient, text: str, count: int = 1, timeout: float = 15
) -> None:
    async def wait() -> None:
        while sum(text in m.message for m in client.log_messages) < count:
            await client.wait_for_notification(types.WINDOW_LOG_MESSAGE)

    await asyncio.wait_for(wait(), timeout)


async def start(
    client: LanguageClient,
    workspace: Path,
    capabilities: types.ClientCapabilities,
    *,
    settings: dict[str, Any] | None = None,
    initialization_options: Any = None,
) -> types.InitializeResult:
    if settings is not None:
        client.set_configuration(settings)
    result = await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            root_uri=uri(workspace),
            workspace_folders=[types.WorkspaceFolder(uri=uri(workspace), name=workspace.name)],
            initialization_options=initialization_options,
        )
    )
    await wait_for_log(client, LOADED)
    return result


def open_file(
    client: LanguageClient, path: Path, language: str, text: str | None = None, version: int = 1
) -> str:
    doc_uri = uri(path)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=doc_uri,
                language_id=language,
                version=version,
                text=path.read_text(encoding="utf-8") if text is None else text,
            )
        )
    )
    return doc_uri


async def diagnostics_for(
    client: LanguageClient, doc_uri: str, timeout: float = 15
) -> list[types.Diagnostic]:
    """Wait for a publishDiagnostics to ``doc_uri`` and return its diagnostics."""

    async def wait() -> None:
        while doc_uri not in client.diagnostics:
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    await asyncio.wait_for(wait(), timeout)
    return list(client.diagnostics[doc_uri])


def span(d: types.Diagnostic) -> tuple[int, int, int, int]:
    return (d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character)


@pytest.fixture()
def basic() -> Path:
    return WORKSPACES / "basic"
