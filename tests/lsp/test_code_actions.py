"""Code actions from the diagnostics' data: quick fixes, fix all, disable for this line,
add to the project glossary; never from the client's (possibly byte-based) range."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

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
    await start(client, workspace, caps("visual-studio-code"))
    doc = open_file(client, workspace / "doc.md", "markdown")
    found = [d for d in await diagnostics_for(client, doc) if d.code == "variant"]
    actions = await actions_for(client, doc, found)
    add = next(a for a in actions if a.title == "Add 'frobnicater' to the project glossary")
    assert add.edit is not None and add.edit.document_changes is not None
    [change] = list(add.edit.document_changes)
    assert isinstance(change, types.TextDocumentEdit)
    assert change.text_document.uri == uri(workspace / "terms.yaml")
    [edit] = change.edits
    assert edit.range.start == types.Position(line=4, character=0)  # right after `entries:`
    assert edit.new_text == '  - id: project-frobnicater\n    term: "frobnicater"\n'
