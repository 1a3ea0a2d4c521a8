"""Hover on forms, config keys and identifiers; completion policy and edits."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from .conftest import caps, diagnostics_for, open_file, start


def pos(line: int, character: int) -> types.Position:
    return types.Position(line=line, character=character)


async def hover(client: LanguageClient, doc: str, line: int, character: int) -> types.Hover | None:
    return await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=doc), position=pos(line, character)
        )
    )


async def complete(
    client: LanguageClient, doc: str, line: int, character: int
) -> types.CompletionList:
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=doc), position=pos(line, character)
        )
    )
    assert isinstance(result, types.CompletionList)
    assert result.is_incomplete
    return result


async def test_hover_on_flagged_form_after_emoji(client: LanguageClient, basic: Path) -> None:
    await start(client, basic, caps("visual-studio-code"))
    doc = open_file(client, basic / "notes.md", "markdown")
    await diagnostics_for(client, doc)
    result = await hover(client, doc, 4, 15)  # inside "Lora" after 😀 (UTF-16 columns)
    assert result is not None and isinstance(result.contents, types.MarkupContent)
    assert result.contents.kind == types.MarkupKind.Markdown
    text = result.contents.value
    assert "**LoRA** — Low-Rank Adaptation" in text
    assert "write **LoRA**" in text
    assert "— *" in text  # each definition names its source
    assert result.range == types.Range(start=pos(4, 14), end=pos(4, 18))


async def test_no_hover_in_code_block(client: LanguageClient, basic: Path) -> None:
    await start(client, basic, caps("visual-studio-code"))
    doc = open_file(client, basic / "notes.md", "markdown")
    await diagnostics_for(client, doc)
    assert await hover(client, doc, 7, 10) is None


async def test_hover_on_config_key_and_identifier(client: LanguageClient, basic: Path) -> None:
    await start(client, basic, caps("neovim"))
    yaml_doc = open_file(client, basic / "train.yaml", "yaml")
    result = await hover(client, yaml_doc, 1, 3)
    assert result is not None and "LoRA alpha" in str(result.contents)
    py_doc = open_file(client, basic / "script.py", "python")
    result = await hover(client, py_doc, 2, 2)
    assert result is not None and "LoRA alpha" in str(result.contents)
    assert result.range == types.Range(start=pos(2, 0), end=pos(2, 10))


async def test_completion_inserts_preferred_form_for_alias(
    client: LanguageClient, basic: Path
) -> None:
    await start(client, basic, caps("visual-studio-code"))
    doc = open_file(client, basic / "draft.md", "markdown", text="We tried low rank")
    result = await complete(client, doc, 0, 17)
    by_label = {item.label: item for item in result.items}
    item = by_label["Low-Rank Adaptation (LoRA)"]
    assert item.filter_text == "low rank"
    assert isinstance(item.text_edit, types.TextEdit)
    assert item.text_edit.range == types.Range(start=pos(0, 9), end=pos(0, 17))
    assert "LoRA" in by_label
    assert by_label["LoRA"].text_edit.new_text == "LoRA"  # type: ignore[union-attr]
    assert isinstance(item.documentation, types.MarkupContent)


async def test_completion_replaces_typed_variant(client: LanguageClient, basic: Path) -> None:
    await start(client, basic, caps("neovim"))
    doc = open_file(client, basic / "draft.md", "markdown", text="Emoji 😀 then Lora")
    result = await complete(client, doc, 0, 20)  # UTF-8 columns: 😀 is 4 bytes
    item = next(i for i in result.items if i.label == "LoRA")
    assert item.text_edit.range == types.Range(start=pos(0, 16), end=pos(0, 20))  # type: ignore[union-attr]


async def test_completion_is_not_intrusive(client: LanguageClient, basic: Path) -> None:
    await start(client, basic, caps("visual-studio-code"))
    text = "We tried lo\n\n```\nlora\n```\nThe weather is nice\n"
    doc = open_file(client, basic / "draft.md", "markdown", text=text)
    await diagnostics_for(client, doc)
    assert not (await complete(client, doc, 0, 11)).items  # fewer than three letters
    assert not (await complete(client, doc, 3, 4)).items  # in a code block
    assert not (await complete(client, doc, 5, 19)).items  # no term starts like "nice"


async def test_completion_of_config_keys(client: LanguageClient, basic: Path) -> None:
    await start(client, basic, caps("visual-studio-code"))
    doc = open_file(client, basic / "new.yaml", "yaml", text="lora_al")
    result = await complete(client, doc, 0, 7)
    labels = [item.label for item in result.items]
    assert labels[0] == "lora_alpha"
    assert result.items[0].kind == types.CompletionItemKind.Property
