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


PEFT_ADAPTER = """{
  "peft_type": "LORA",
  "r": 16,
  "lora_alpha": 32,
  "lora_dropout": 0.05,
  "target_modules": ["q_proj", "v_proj"]
}
"""

AXOLOTL = """base_model: meta-llama/Llama-3.2-1B
adapter: lora
lora_r: 16
lora_alpha: 32
"""


def _head(text: str) -> str:
    return text.split("\n\n---\n\n", 1)[0]


async def test_hover_on_config_key_names_tool_class_and_concept(
    client: LanguageClient, tmp_path: Path
) -> None:
    (tmp_path / "adapter_config.json").write_text(PEFT_ADAPTER, encoding="utf-8")
    (tmp_path / "axolotl.yaml").write_text(AXOLOTL, encoding="utf-8")
    await start(client, tmp_path, caps("visual-studio-code"))
    doc = open_file(client, tmp_path / "adapter_config.json", "json")
    await diagnostics_for(client, doc)
    result = await hover(client, doc, 3, 5)  # in "lora_alpha"
    assert result is not None and isinstance(result.contents, types.MarkupContent)
    assert result.contents.kind == types.MarkupKind.Markdown
    head = _head(result.contents.value)
    assert head.startswith("**`lora_alpha`** — config key of PEFT `LoraConfig`")
    assert "Sets **LoRA alpha**: Scales the adapter's contribution" in head
    # The concept and the broader entry link to their place in the built-in glossary.
    assert "Concept: [LoRA alpha](file://" in head
    assert ", part of [LoRA](file://" in head and "builtin.yaml#L" in head
    assert len(head) < 600
    assert "\n\n---\n\n**LoRA alpha**" in result.contents.value  # the entry under "more"
    assert result.range == types.Range(start=pos(3, 3), end=pos(3, 13))

    # A generic key takes its concept from the tool that reads the file: PEFT's `r`.
    result = await hover(client, doc, 2, 3)
    assert result is not None and isinstance(result.contents, types.MarkupContent)
    assert _head(result.contents.value).startswith("**`r`** — config key of PEFT `LoraConfig`")
    assert "Sets **LoRA rank**" in result.contents.value

    # One setting of a concept names the concept alone.
    result = await hover(client, doc, 4, 5)
    assert result is not None and isinstance(result.contents, types.MarkupContent)
    head = _head(result.contents.value)
    assert "A setting of **LoRA**" in head and "part of" not in head

    # The same key in an axolotl config belongs to axolotl.
    yaml_doc = open_file(client, tmp_path / "axolotl.yaml", "yaml")
    await diagnostics_for(client, yaml_doc)
    result = await hover(client, yaml_doc, 3, 2)
    assert result is not None and isinstance(result.contents, types.MarkupContent)
    assert _head(result.contents.value).startswith("**`lora_alpha`** — config key of axolotl")


async def test_hover_on_config_key_in_plain_text(client: LanguageClient, tmp_path: Path) -> None:
    (tmp_path / "adapter_config.json").write_text(PEFT_ADAPTER, encoding="utf-8")
    capabilities = caps("visual-studio-code")
    assert capabilities.text_document is not None and capabilities.text_document.hover
    capabilities.text_document.hover.content_format = [types.MarkupKind.PlainText]
    await start(client, tmp_path, capabilities)
    doc = open_file(client, tmp_path / "adapter_config.json", "json")
    await diagnostics_for(client, doc)
    result = await hover(client, doc, 3, 5)
    assert result is not None and isinstance(result.contents, types.MarkupContent)
    assert result.contents.kind == types.MarkupKind.PlainText
    text = result.contents.value
    assert text.startswith("lora_alpha — config key of PEFT LoraConfig\nSets LoRA alpha: ")
    assert "Part of LoRA.\n\nLoRA alpha\n" in text


async def test_hover_on_python_keyword_argument(client: LanguageClient, tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text(
        "from peft import LoraConfig\n\nconfig = LoraConfig(r=8, lora_alpha=16)\n",
        encoding="utf-8",
    )
    await start(client, tmp_path, caps("visual-studio-code"))
    doc = open_file(client, tmp_path / "train.py", "python")
    await diagnostics_for(client, doc)
    result = await hover(client, doc, 2, 30)  # in "lora_alpha"
    assert result is not None and isinstance(result.contents, types.MarkupContent)
    head = _head(result.contents.value)
    # No tool reads a Python file: the key and its concept, without a class.
    assert head.startswith("**`lora_alpha`** — config key\n\n")
    assert "Sets **LoRA alpha**" in head and "part of [LoRA](" in head
    assert result.range == types.Range(start=pos(2, 25), end=pos(2, 35))
