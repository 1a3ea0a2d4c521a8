"""Settings: initializationOptions, workspace/configuration, changes without restart, bad
values; broken and mended glossary files reported at their position."""

from __future__ import annotations

import asyncio
from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from .conftest import (
    LOADED,
    caps,
    copy_workspace,
    diagnostics_for,
    open_file,
    span,
    start,
    uri,
    wait_for_log,
)


async def wait_until(predicate, timeout: float = 10) -> None:  # type: ignore[no-untyped-def]
    for _ in range(int(timeout / 0.05)):
        if predicate():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not reached")


async def test_initialization_options_set_severity(client: LanguageClient, basic: Path) -> None:
    await start(
        client,
        basic,
        caps("neovim@v0.7.0"),  # no workspace/configuration: initializationOptions only
        initialization_options={"mlgloss": {"rules": {"variant": "error"}}},
    )
    doc = open_file(client, basic / "notes.md", "markdown")
    found = [d for d in await diagnostics_for(client, doc) if d.code == "variant"]
    assert found and all(d.severity == types.DiagnosticSeverity.Error for d in found)


async def test_configuration_change_without_restart(client: LanguageClient, basic: Path) -> None:
    await start(client, basic, caps("visual-studio-code"), settings={"mlgloss": {}})
    doc = open_file(client, basic / "notes.md", "markdown")
    assert [d for d in await diagnostics_for(client, doc) if d.code == "variant"]
    client.set_configuration({"mlgloss": {"rules": {"variant": "off"}}})
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await wait_for_log(client, LOADED, count=2)
    await wait_until(lambda: not [d for d in client.diagnostics[doc] if d.code == "variant"])


async def test_bad_setting_is_shown_and_old_settings_kept(
    client: LanguageClient, basic: Path
) -> None:
    await start(client, basic, caps("visual-studio-code"), settings={"mlgloss": {}})
    client.set_configuration({"mlgloss": {"rules": {"variant": "loud"}}})
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await wait_for_log(client, LOADED, count=2)
    assert any("variant" in m.message and "loud" in m.message for m in client.messages)
    doc = open_file(client, basic / "notes.md", "markdown")
    assert [d for d in await diagnostics_for(client, doc) if d.code == "variant"]


async def test_broken_glossary_reported_then_mended(client: LanguageClient, tmp_path: Path) -> None:
    workspace = copy_workspace("project", tmp_path)
    terms = workspace / "terms.yaml"
    await start(client, workspace, caps("visual-studio-code"))
    assert client.registrations  # type: ignore[attr-defined]
    doc = open_file(client, workspace / "doc.md", "markdown")
    before = [d for d in await diagnostics_for(client, doc) if d.code == "variant"]
    assert [span(d) for d in before] == [(2, 4, 2, 15)]

    good = terms.read_text(encoding="utf-8")
    terms.write_text(good.replace("  - term: Widgetizer", "  - term: [Widgetizer"), "utf-8")
    changed = types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=uri(terms), type=types.FileChangeType.Changed)]
    )
    client.workspace_did_change_watched_files(changed)
    terms_uri = uri(terms)
    await wait_until(lambda: bool(client.diagnostics.get(terms_uri)))
    problem = client.diagnostics[terms_uri][0]
    assert problem.severity == types.DiagnosticSeverity.Error
    # On the line where the YAML parser noticed it (terms.yaml:11, 0-based 10); the column
    # is the parser's to choose.
    assert problem.range.start.line == 10
    assert any("terms.yaml" in m.message for m in client.messages)
    # The document is still checked, with the last good glossary.
    await asyncio.sleep(0.3)
    assert [span(d) for d in client.diagnostics[doc] if d.code == "variant"] == [(2, 4, 2, 15)]

    terms.write_text(good, "utf-8")
    client.workspace_did_change_watched_files(changed)
    await wait_until(lambda: list(client.diagnostics.get(terms_uri, [None])) == [])
