"""Code actions from the diagnostics' data: quick fixes, fix all, disable for this line,
add to the project glossary; never from the client's (possibly byte-based) range."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from mlgloss.glossary.files import load_glossary_file

from .conftest import caps, copy_workspace, diagnostics_for, open_file, start, uri


async def actions_for(
    client: LanguageClient,
    doc: str,
    diagnostics: list[types.Diagnostic],
    rng: types.Range | None = None,
    only: list[str] | None = None,
) -> list[types.CodeAction]:
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=doc),
            range=rng or diagnostics[0].range,
            context=types.CodeActionContext(diagnostics=diagnostics, only=only),
        )
    )
    return [a for a in result or [] if isinstance(a, types.CodeAction)]


def edits_of(action: types.CodeAction, doc: str) -> list[types.TextEdit]:
    assert action.edit is not None and action.edit.changes is not None
    return list(action.edit.changes[doc])


async def test_quick_fix_and_disable_line(client: LanguageClient, basic: Path) -> None:
    await start(client, basic, caps("visual-studio-code"))
    doc = open_file(client, basic / "notes.md", "markdown")
    found = [d for d in await diagnostics_for(client, doc) if d.code == "variant"]
    emoji_line = found[1]
    actions = await actions_for(client, doc, [emoji_line])
    fix = next(a for a in actions if a.title == "Replace with 'LoRA'")
    assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred
    assert edits_of(fix, doc) == [types.TextEdit(range=emoji_line.range, new_text="LoRA")]
    disable = next(a for a in actions if a.title.startswith("Disable mlgloss variant"))
    [insert] = edits_of(disable, doc)
    assert insert.new_text == "<!-- mlgloss: disable-next-line variant -->\n"
    assert insert.range.start == types.Position(line=4, character=0)


async def test_fix_all(client: LanguageClient, basic: Path) -> None:
    await start(client, basic, caps("visual-studio-code"))
    doc = open_file(client, basic / "notes.md", "markdown")
    found = [d for d in await diagnostics_for(client, doc) if d.code == "variant"]
    actions = await actions_for(client, doc, found[:1], only=["source.fixAll"])
    assert [a.kind for a in actions] == ["source.fixAll.mlgloss"]
    assert [e.new_text for e in edits_of(actions[0], doc)] == ["LoRA", "LoRA", "LoRA"]
    quick = await actions_for(client, doc, found[:1])
    assert any(
        a.title == "Fix all mlgloss problems" and a.kind == types.CodeActionKind.QuickFix
        for a in quick
    )


async def test_python_comment_directive(client: LanguageClient, basic: Path) -> None:
    await start(client, basic, caps("visual-studio-code"))
    doc = open_file(client, basic / "script.py", "python")
    found = [d for d in await diagnostics_for(client, doc) if d.code == "variant"]
    actions = await actions_for(client, doc, found)
    disable = next(a for a in actions if a.title.startswith("Disable"))
    assert edits_of(disable, doc)[0].new_text == "# mlgloss: disable-next-line variant\n"


async def test_neovim_07_byte_range_is_ignored(client: LanguageClient, basic: Path) -> None:
    """Neovim 0.7 sends byte columns in the request range; the fix uses the data."""
    await start(client, basic, caps("neovim@v0.7.0"))
    doc = open_file(client, basic / "notes.md", "markdown")
    found = [d for d in await diagnostics_for(client, doc) if d.code == "variant"]
    second = found[2]  # after 😀 and 中文: UTF-16 36, bytes 42
    byte_range = types.Range(
        start=types.Position(line=4, character=42), end=types.Position(line=4, character=46)
    )
    actions = await actions_for(client, doc, [second], rng=byte_range)
    fix = next(a for a in actions if a.title == "Replace with 'LoRA'")
    assert edits_of(fix, doc)[0].range == second.range  # UTF-16 36..40
    # A client that does not echo `data`: the server's own diagnostics are used.
    second.data = None
    actions = await actions_for(client, doc, [second], rng=byte_range)
    assert any(a.title == "Replace with 'LoRA'" for a in actions)


async def test_stale_fix_is_not_offered(client: LanguageClient, basic: Path) -> None:
    await start(client, basic, caps("visual-studio-code"))
    doc = open_file(client, basic / "draft.md", "markdown", text="Use Lora.\n")
    [found] = [d for d in await diagnostics_for(client, doc) if d.code == "variant"]
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=doc, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text="Use it.\n")],
        )
    )
    actions = await actions_for(client, doc, [found])
    assert not any(a.title == "Replace with 'LoRA'" for a in actions)


async def test_add_form_to_new_project_glossary(client: LanguageClient, tmp_path: Path) -> None:
    workspace = copy_workspace("basic", tmp_path)
    (workspace / ".mlgloss.toml").unlink()  # no configuration: both files are created
    await start(client, workspace, caps("visual-studio-code"))
    # A team's own model, one letter from a built-in name: "Add" tells mlgloss it is a word.
    doc = open_file(client, workspace / "lab.md", "markdown", text="We trained Chinchila.\n")
    [found] = [d for d in await diagnostics_for(client, doc) if d.code == "misspelling"]
    actions = await actions_for(client, doc, [found])
    add = next(a for a in actions if a.title == "Add 'Chinchila' to the project glossary")
    assert actions.index(add) > 0, "the fix comes first"
    assert add.edit is not None and add.edit.document_changes is not None
    changes = list(add.edit.document_changes)
    glossary_uri = uri(workspace / ".mlgloss" / "glossary.yaml")
    config_uri = uri(workspace / ".mlgloss.toml")
    created = [c.uri for c in changes if isinstance(c, types.CreateFile)]
    assert created == [glossary_uri, config_uri]
    texts = {
        c.text_document.uri: c.edits[0].new_text
        for c in changes
        if isinstance(c, types.TextDocumentEdit)
    }
    assert 'term: "Chinchila"' in texts[glossary_uri]
    assert texts[config_uri] == 'glossary = [".mlgloss/glossary.yaml"]\n'


async def test_no_add_for_a_form_the_builtin_glossary_flags(
    client: LanguageClient, basic: Path
) -> None:
    """Adding 'Lora' would silence a real finding: only the fixes and the directive."""
    await start(client, basic, caps("visual-studio-code"))
    doc = open_file(client, basic / "notes.md", "markdown")
    found = [d for d in await diagnostics_for(client, doc) if d.code == "variant"]
    titles = [a.title for a in await actions_for(client, doc, found[:1])]
    assert titles[0] == "Replace with 'LoRA'"
    assert not any(t.startswith("Add ") for t in titles), titles


async def test_quick_fix_for_a_client_that_sends_no_data_nor_source(
    client: LanguageClient, basic: Path
) -> None:
    """Vim's ALE echoes only code, message and range (its end one column off), no source."""
    await start(client, basic, caps("visual-studio-code"))
    doc = open_file(client, basic / "notes.md", "markdown")
    found = [d for d in await diagnostics_for(client, doc) if d.code == "variant"]
    target = found[0]
    end = types.Position(line=target.range.end.line, character=target.range.end.character - 1)
    ale = types.Diagnostic(
        range=types.Range(start=target.range.start, end=end),
        message=target.message,
        code="variant",
    )
    actions = await actions_for(client, doc, [ale], rng=types.Range(target.range.start, end))
    fix = next(a for a in actions if a.title == "Replace with 'LoRA'")
    assert edits_of(fix, doc) == [types.TextEdit(range=target.range, new_text="LoRA")]
    # No diagnostics in the request at all: those under the requested range.
    cursor = types.Range(start=target.range.start, end=target.range.start)
    actions = await actions_for(client, doc, [], rng=cursor)
    fix = next(a for a in actions if a.title == "Replace with 'LoRA'")
    assert edits_of(fix, doc) == [types.TextEdit(range=target.range, new_text="LoRA")]


async def test_add_form_to_existing_project_glossary(
    client: LanguageClient, tmp_path: Path
) -> None:
    workspace = copy_workspace("project", tmp_path)
    doc_path = workspace / "doc.md"
    doc_path.write_text(doc_path.read_text() + "\nWe trained Chinchila.\n")
    await start(client, workspace, caps("visual-studio-code"))
    doc = open_file(client, doc_path, "markdown")
    found = [d for d in await diagnostics_for(client, doc) if d.code in ("variant", "misspelling")]
    actions = await actions_for(client, doc, found)
    # 'frobnicater' is flagged by an entry of terms.yaml itself: adding it as an entry of
    # its own would make terms.yaml claim it twice, so that is not offered.
    assert not any(a.title == "Add 'frobnicater' to the project glossary" for a in actions)
    add = next(a for a in actions if a.title == "Add 'Chinchila' to the project glossary")
    assert add.edit is not None and add.edit.document_changes is not None
    [change] = list(add.edit.document_changes)
    assert isinstance(change, types.TextDocumentEdit)
    assert change.text_document.uri == uri(workspace / "terms.yaml")
    [edit] = change.edits
    assert edit.range.start == types.Position(line=4, character=0)  # right after `entries:`
    assert edit.new_text == '  - id: project-chinchila\n    term: "Chinchila"\n'


def apply_to_disk(edit: types.WorkspaceEdit) -> list[Path]:
    """Do what an editor does with ``edit`` (ASCII files: columns are offsets)."""
    touched: list[Path] = []
    for change in edit.document_changes or []:
        if isinstance(change, types.CreateFile):
            path = Path(change.uri.removeprefix("file://"))
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text("")
            touched.append(path)
        elif isinstance(change, types.TextDocumentEdit):
            path = Path(change.text_document.uri.removeprefix("file://"))
            lines = path.read_text().splitlines(keepends=True) if path.exists() else []
            for text_edit in change.edits:
                start = text_edit.range.start
                offset = sum(len(line) for line in lines[: start.line]) + start.character
                text = "".join(lines)
                assert text_edit.range.start == text_edit.range.end  # insertions only
                lines = (text[:offset] + text_edit.new_text + text[offset:]).splitlines(True)
            path.write_text("".join(lines))
            touched.append(path)
    return touched


async def add_to_glossary(
    client: LanguageClient, doc: str, line: int, form: str, timeout: float = 30
) -> list[Path]:
    """Take the "Add '<form>'" action of the diagnostic on ``line``, write it, tell the
    server, and wait until the form is no longer a variant there."""
    [diagnostic] = [d for d in client.diagnostics[doc] if d.range.start.line == line]
    actions = await actions_for(client, doc, [diagnostic])
    add = next((a for a in actions if a.title == f"Add '{form}' to the project glossary"), None)
    assert add is not None, (diagnostic, [a.title for a in actions])
    assert add.edit is not None
    touched = apply_to_disk(add.edit)
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[
                types.FileEvent(uri=uri(p), type=types.FileChangeType.Changed) for p in touched
            ]
        )
    )

    async def gone() -> None:
        while any(
            d.range.start.line == line and d.code == "variant" for d in client.diagnostics[doc]
        ):
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    await asyncio.wait_for(gone(), timeout)
    return touched


async def test_adding_two_spellings_keeps_the_glossary_valid(
    client: LanguageClient, tmp_path: Path
) -> None:
    workspace = tmp_path / "ws"
    (workspace / ".git").mkdir(parents=True)
    glossary = workspace / "terms.yaml"
    glossary.write_text("version: 1\nentries:\n  - term: FrobNet\n    definition: Our network.\n")
    (workspace / ".mlgloss.toml").write_text('glossary = ["terms.yaml"]\n')
    (workspace / "notes.md").write_text("We use Frobnet here.\n\nAnd FROBNET there.\n")
    await start(client, workspace, caps("visual-studio-code"))
    doc = open_file(client, workspace / "notes.md", "markdown")
    flagged = [d for d in await diagnostics_for(client, doc) if d.code == "variant"]
    assert [d.range.start.line for d in flagged] == [0, 2]
    # Two spellings of the project's own term: each becomes a form of that entry (before,
    # each became an entry 'project-frobnet', and the second made every check exit 2).
    await add_to_glossary(client, doc, 0, "Frobnet")
    await add_to_glossary(client, doc, 2, "FROBNET")
    loaded = load_glossary_file(glossary)
    assert [(e.id, e.term) for e in loaded.entries] == [("frobnet", "FrobNet")]
    assert [f.text for f in loaded.entries[0].forms if not f.generated] == [
        "FrobNet",
        "Frobnet",
        "FROBNET",
    ]
    check = subprocess.run(
        [str(Path(sys.executable).with_name("mlgloss")), "check", "--no-progress", "."],
        cwd=workspace,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert check.returncode in (0, 1), check.stderr
    assert "error" not in check.stderr, check.stderr
    # Both spellings are the project's now (using both in one document may still be an
    # inconsistency: that rule is for it).
    assert "warning[variant]" not in check.stdout, check.stdout
