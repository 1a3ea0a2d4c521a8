"""Project glossaries and configuration files are read by the core's bounded reader (issue 11).

Through the installed ``mlgloss check`` and the real ``mlgloss serve`` process: a glossary or
a ``.mlgloss.toml``/``pyproject.toml`` that is a FIFO, a link to a device, larger than its
limit or not UTF-8 is an error naming the file, never a hang and never more than the limit + 1
bytes read; a checked config document past ``max_file_size`` is skipped with a notice.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from fixtures_frontend import assert_sane, make_project, run_cli
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp import conftest as lsp_conftest
from lsp.conftest import caps, diagnostics_for, open_file, start, uri, wait_for_log

client = lsp_conftest.client  # the real server (pytest-lsp fixture), started per test

LIVENESS = 60.0
FLAGGED = "We fine-tune with Lora adapters.\n"
MIB = 1024 * 1024


def check(project: Path, *args: str):  # type: ignore[no-untyped-def]
    result = run_cli(["check", "--no-progress", "--jobs", "1", *args], project)
    assert_sane(result)
    return result


def sparse(path: Path, size: int, head: bytes = b"") -> None:
    """A file of ``size`` bytes that takes no disk: ``head``, then holes (NUL bytes)."""
    with open(path, "wb") as handle:
        handle.write(head)
        handle.truncate(size)


def fifo_behind_a_link(path: Path) -> None:
    """``path`` a link to a FIFO beside it (a link out of the project is refused before)."""
    os.mkfifo(path.with_name("pipe"))
    path.symlink_to("pipe")


def oversized_toml(path: Path, size: int) -> None:
    """A valid TOML file of ``size`` bytes configuring mlgloss: comments after the table."""
    head = "[tool.mlgloss]\n" if path.name == "pyproject.toml" else ""
    line = "# " + "x" * 77 + "\n"
    body = head + "glossary = []\n" + line * (size // len(line) + 1)
    path.write_text(body[:size], encoding="utf-8")


# --- project glossaries --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda p: os.mkfifo(p), "not a regular file (a FIFO; not read)"),
        (fifo_behind_a_link, "not a regular file (a FIFO; not read)"),
        (lambda p: p.write_bytes(b"\xff\xfeversion: 1\n".replace(b"\n", b"\x00\n")), "UTF-16"),
        (lambda p: sparse(p, 9 * MIB, b"version: 1\n"), "glossary file too large: 9,437,184"),
    ],
    ids=["fifo", "link-to-fifo", "utf-16", "9-mib"],
)
def test_an_unreadable_glossary_is_a_named_error(make, says: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project = make_project(tmp_path / "project")
    (project / ".mlgloss.toml").write_text('glossary = ["terms.yaml"]\n', encoding="utf-8")
    make(project / "terms.yaml")
    (project / "doc.md").write_text(FLAGGED, encoding="utf-8")
    result = check(project, ".")
    assert result.returncode == 2
    assert result.stderr.startswith("mlgloss: error: ")
    assert str(project / "terms.yaml") in result.stderr
    assert says in result.stderr
    assert result.maxrss_kb < 400_000  # nothing was read past the limit + 1


def test_a_glossary_with_a_utf8_bom_is_read(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    (project / ".mlgloss.toml").write_text('glossary = ["terms.yaml"]\n', encoding="utf-8")
    (project / "terms.yaml").write_bytes(
        b"\xef\xbb\xbfversion: 1\nentries:\n  - term: Frobnicator\n"
        b"    forms:\n      - {text: frobnicater, status: deprecated, reason: spelling}\n"
    )
    (project / "doc.md").write_text("We use the frobnicater.\n", encoding="utf-8")
    result = check(project, ".")
    assert result.returncode == 1, result.stderr
    assert "Frobnicator" in result.stdout


# --- configuration files -------------------------------------------------------------------


@pytest.mark.parametrize("name", [".mlgloss.toml", "pyproject.toml"])
def test_an_oversized_config_file_is_a_named_error(name: str, tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    oversized_toml(project / name, 3 * MIB)
    (project / "doc.md").write_text(FLAGGED, encoding="utf-8")
    result = check(project, ".")
    assert result.returncode == 2
    assert f"mlgloss: error: {project / name}" in result.stderr
    assert "config file too large: 3,145,728 bytes (the limit is 2,097,152); not read" in (
        result.stderr
    )


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda p: os.mkfifo(p), "not a regular file (a FIFO; not read)"),
        (fifo_behind_a_link, "not a regular file (a FIFO; not read)"),
    ],
    ids=["fifo", "link-to-fifo"],
)
def test_a_config_file_that_is_no_regular_file_is_a_named_error(
    make, says: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    project = make_project(tmp_path / "project")
    make(project / ".mlgloss.toml")
    (project / "doc.md").write_text(FLAGGED, encoding="utf-8")
    result = check(project, ".")
    assert result.returncode == 2
    assert f"mlgloss: error: {project / '.mlgloss.toml'}: cannot read config: {says}" in (
        result.stderr
    )


def test_a_checked_config_document_over_max_file_size_is_skipped(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    sparse(project / "big.json", 3 * MIB, b'{"note": "Lora"')
    (project / "small.yaml").write_text("# We fine-tune with Lora adapters.\nx: 1\n")
    result = check(project, ".")
    assert result.returncode == 1  # small.yaml's finding
    assert "skipped big.json: larger than max_file_size (3145728 > 2097152 bytes)" in (
        result.stderr
    )


# --- the server ----------------------------------------------------------------------------


async def shown(client: LanguageClient, text: str) -> None:
    """Wait for a window/showMessage holding ``text``."""

    async def wait() -> None:
        while not any(text in m.message for m in client.messages):
            await asyncio.sleep(0.1)

    await asyncio.wait_for(wait(), LIVENESS)


async def test_server_reports_an_oversized_config_file_and_goes_on(
    client: LanguageClient, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    workspace = make_project(tmp_path / "ws")
    pyproject = workspace / "pyproject.toml"
    oversized_toml(pyproject, 3 * MIB)
    (workspace / "ok.md").write_text(FLAGGED, encoding="utf-8")
    await start(client, workspace, caps("visual-studio-code"))
    doc = open_file(client, workspace / "ok.md", "markdown")
    await diagnostics_for(client, doc, timeout=LIVENESS)
    [problem] = await diagnostics_for(client, uri(pyproject), timeout=LIVENESS)
    assert problem.message.startswith("config file too large: 3,145,728 bytes")
    assert "Traceback" not in capfd.readouterr().err


async def test_server_reports_a_fifo_config_file_and_answers_a_hover(
    client: LanguageClient, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    workspace = make_project(tmp_path / "ws")
    config = workspace / ".mlgloss.toml"
    os.mkfifo(config)
    (workspace / "ok.md").write_text(FLAGGED, encoding="utf-8")
    await start(client, workspace, caps("visual-studio-code"))
    doc = open_file(client, workspace / "ok.md", "markdown")
    await diagnostics_for(client, doc, timeout=LIVENESS)
    await shown(client, f"{config}: cannot read config: not a regular file (a FIFO; not read)")
    hover = client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=doc),
            position=types.Position(line=0, character=19),
        )
    )
    assert await asyncio.wait_for(hover, LIVENESS) is not None
    assert "Traceback" not in capfd.readouterr().err


async def test_add_to_a_glossary_turned_into_a_fifo_is_not_offered_and_never_blocks(
    client: LanguageClient, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """The glossary loaded, then replaced by a FIFO: "Add to the project glossary" reads it
    with the bounded reader (a plain read would wait on the FIFO for ever, event loop and
    all), offers nothing and logs the file's name."""
    workspace = make_project(tmp_path / "ws")
    (workspace / ".mlgloss.toml").write_text('glossary = ["terms.yaml"]\n', encoding="utf-8")
    glossary = workspace / "terms.yaml"
    glossary.write_text("version: 1\nentries: []\n", encoding="utf-8")
    (workspace / "doc.md").write_text("We trained Chinchila.\n", encoding="utf-8")
    await start(client, workspace, caps("visual-studio-code"))
    doc = open_file(client, workspace / "doc.md", "markdown")
    found = [d for d in await diagnostics_for(client, doc, timeout=LIVENESS)]
    assert found
    glossary.unlink()
    os.mkfifo(glossary)
    result = await asyncio.wait_for(
        client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=doc),
                range=found[0].range,
                context=types.CodeActionContext(diagnostics=found),
            )
        ),
        LIVENESS,
    )
    titles = [a.title for a in result or [] if isinstance(a, types.CodeAction)]
    assert titles  # the other actions are still offered
    assert not any("project glossary" in t for t in titles)
    await wait_for_log(
        client, f"cannot add to the project glossary: {glossary}: not a regular file (a FIFO"
    )
    assert "Traceback" not in capfd.readouterr().err
