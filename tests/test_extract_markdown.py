"""Markdown extraction: what in Hugging Face doc-builder Markdown is prose and what is not.

Snippets are copied from the corpus (peft, trl, accelerate, diffusers docs)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extract_helpers import check_invariant, kept, masked
from mlgloss.analysis.document import MASK, DocumentKind
from mlgloss.analysis.extract import extract
from mlgloss.analysis.extract.markdown import extract_markdown

LICENCE = """<!--Copyright 2023-present The HuggingFace Team. All rights reserved.

Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file \
except in compliance with
the License. You may obtain a copy of the License at

http://www.apache.org/licenses/LICENSE-2.0

-->

# LoRA

> [!TIP]
> LoRA is one of the most popular PEFT methods and a good starting point.
"""


def test_licence_header_comment_is_masked_and_recorded() -> None:
    e = extract_markdown(LICENCE)
    check_invariant(LICENCE, e)
    assert masked(LICENCE, e, "Licensed under the Apache License")
    assert masked(LICENCE, e, "http://www.apache.org/licenses/LICENSE-2.0")
    start = LICENCE.index("<!--")
    end = LICENCE.index("-->") + 3
    assert e.comments == ((start, end),)
    assert kept(LICENCE, e, "LoRA is one of the most popular PEFT methods")
    assert masked(LICENCE, e, "[!TIP]")


def test_heading_span_is_recorded() -> None:
    e = extract_markdown(LICENCE)
    start = LICENCE.index("# LoRA") + 2
    assert (start, start + 4) in e.headings
    text = "## Quicktour[[quicktour]]\n\nText.\n"
    e = extract_markdown(text)
    assert masked(text, e, "[[quicktour]]")
    assert kept(text, e, "Quicktour")


def test_fenced_block_is_masked_and_prose_around_it_kept() -> None:
    text = (
        "Other important parameters to set are `lora_alpha` (scaling factor).\n\n"
        "```py\nfrom peft import LoraConfig\n\nconfig = LoraConfig(\n    r=16,\n"
        "    lora_alpha=16,\n)\n```\n\nThe size of the low-rank update matrices.\n"
    )
    e = extract_markdown(text)
    check_invariant(text, e)
    assert masked(text, e, "lora_alpha", 0)
    assert masked(text, e, "lora_alpha=16")
    assert masked(text, e, "from peft import LoraConfig")
    assert kept(text, e, "(scaling factor).")
    assert kept(text, e, "The size of the low-rank update matrices.")


def test_indented_code_block_is_masked() -> None:
    text = "Run this:\n\n    accelerate launch train.py --lora_alpha 16\n\nDone.\n"
    e = extract_markdown(text)
    assert masked(text, e, "accelerate launch train.py --lora_alpha 16")
    assert kept(text, e, "Run this:")


def test_inline_code_link_destination_and_model_id() -> None:
    text = (
        "For example, load a base model and then load the "
        "[artificialguybr/3DRedmond-V1](https://huggingface.co/artificialguybr/3DRedmond-V1) "
        "adapter for inference with the [`load_lora_weights`](https://huggingface.co/docs/"
        "diffusers/v0.24.0/en/api/loaders/lora#diffusers.loaders.LoraLoaderMixin."
        'load_lora_weights "title") method.\n'
    )
    e = extract_markdown(text)
    check_invariant(text, e)
    assert masked(text, e, "artificialguybr/3DRedmond-V1", 0)  # model ID in link text
    assert masked(text, e, "(https://huggingface.co/artificialguybr/3DRedmond-V1)")
    assert masked(text, e, "`load_lora_weights`")
    assert masked(text, e, '"title")')
    assert kept(text, e, "adapter for inference with the [")
    assert kept(text, e, " method.")


def test_model_ids_urls_and_identifiers_in_prose() -> None:
    text = (
        "Fine-tune nvidia/X-Lora or meta-llama/Llama-2-7b with get_peft_model() and "
        "peft.LoraConfig; see www.example.com and https://hf.co/docs. Use and/or LoRA.\n"
    )
    e = extract_markdown(text)
    for fragment in ("nvidia/X-Lora", "meta-llama/Llama-2-7b", "get_peft_model()"):
        assert masked(text, e, fragment)
    for fragment in ("peft.LoraConfig", "www.example.com", "https://hf.co/docs"):
        assert masked(text, e, fragment)
    assert kept(text, e, "Fine-tune ")
    assert kept(text, e, " Use and/or LoRA.")
    assert kept(text, e, ". Use")  # the sentence's full stop is not part of the URL


def test_code_spans_of_any_length_and_escapes() -> None:
    text = "Use ``a `lora` b`` or `r` but \\`not code\\` here.\n"
    e = extract_markdown(text)
    assert masked(text, e, "``a `lora` b``")
    assert masked(text, e, "`r`")
    assert kept(text, e, "not code")


def test_autolinks_and_reference_definitions() -> None:
    text = (
        "See <https://github.com/huggingface/peft> or the [docs][peft-docs].\n\n"
        '[peft-docs]: https://huggingface.co/docs/peft "PEFT docs"\n'
    )
    e = extract_markdown(text)
    assert masked(text, e, "<https://github.com/huggingface/peft>")
    assert masked(text, e, "[peft-docs]", 0)
    assert masked(text, e, '[peft-docs]: https://huggingface.co/docs/peft "PEFT docs"')
    assert kept(text, e, "See ")
    assert kept(text, e, "or the [docs]")


def test_images_keep_alt_text() -> None:
    text = "![LoRA animated](https://huggingface.co/datasets/x/lora_animated.gif)\n"
    e = extract_markdown(text)
    assert kept(text, e, "LoRA animated")
    assert masked(text, e, "(https://huggingface.co/datasets/x/lora_animated.gif)")


def test_html_tags_and_attributes_masked_text_between_kept() -> None:
    text = (
        '<div class="flex justify-center">\n'
        '  <img src="https://huggingface.co/x/PEFT-hub-screenshot.png"/>\n'
        '  <figcaption class="text-center">The adapter weights for a model stored on the Hub'
        "</figcaption>\n</div>\n\nSome <b>bold</b> text.<br>\n"
    )
    e = extract_markdown(text)
    check_invariant(text, e)
    assert masked(text, e, '<div class="flex justify-center">')
    assert masked(text, e, '<img src="https://huggingface.co/x/PEFT-hub-screenshot.png"/>')
    assert masked(text, e, '<figcaption class="text-center">')
    assert kept(text, e, "The adapter weights for a model stored on the Hub")
    assert masked(text, e, "<b>")
    assert kept(text, e, "bold")
    assert masked(text, e, "<br>")


def test_doc_builder_tags_and_autodoc() -> None:
    text = (
        '<hfoptions id="local-execution">\n<hfoption id="statements">\n\n'
        "Prose inside an option.\n\n</hfoption>\n</hfoptions>\n\n"
        "<Tip warning={true}>\n\nPrefer bf16 for training.\n\n</Tip>\n\n"
        "## TensorBoardTracker\n\n[[autodoc]] tracking.TensorBoardTracker\n    - __init__\n\n"
        "{/* an MDX comment */}\n"
    )
    e = extract_markdown(text)
    check_invariant(text, e)
    assert masked(text, e, '<hfoptions id="local-execution">')
    assert masked(text, e, '<hfoption id="statements">')
    assert masked(text, e, "<Tip warning={true}>")
    assert masked(text, e, "</Tip>")
    assert kept(text, e, "Prose inside an option.")
    assert kept(text, e, "Prefer bf16 for training.")
    assert masked(text, e, "[[autodoc]] tracking.TensorBoardTracker\n    - __init__")
    assert masked(text, e, "{/* an MDX comment */}")
    start = text.index("{/*")
    assert (start, start + len("{/* an MDX comment */}")) in e.comments


def test_math_is_masked() -> None:
    text = (
        "LoRA represents the weight updates $\\Delta W$ with two smaller matrices.\n"
        "The weight \\\\(\\lambda\\\\) controls it, as does \\(x_t\\).\n\n"
        "$$\nW = W_0 + BA\n$$\n\nIt costs $5 and $10 per run.\n"
    )
    e = extract_markdown(text)
    check_invariant(text, e)
    assert masked(text, e, "$\\Delta W$")
    assert masked(text, e, "\\\\(\\lambda\\\\)")
    assert masked(text, e, "\\(x_t\\)")
    assert masked(text, e, "W = W_0 + BA")
    assert kept(text, e, "It costs $5 and $10 per run.")
    assert kept(text, e, "with two smaller matrices.")


def test_front_matter_yaml_and_toml() -> None:
    text = "---\ntitle: LoRA guide\nmodel: nvidia/X-Lora\n---\n\n# Guide\n\nLow-rank adapters.\n"
    e = extract_markdown(text)
    check_invariant(text, e)
    assert masked(text, e, "title: LoRA guide")
    assert kept(text, e, "Low-rank adapters.")
    start = text.index("Guide")
    assert (start, start + 5) in e.headings
    toml = '+++\ntitle = "LoRA"\n+++\nText.\n'
    e = extract_markdown(toml)
    assert masked(toml, e, 'title = "LoRA"')
    assert kept(toml, e, "Text.")


def test_mdx_import_export_lines() -> None:
    text = (
        'import { Tip } from "@/components"\nexport const meta = { title: "x" }\n\n'
        "import the library first.\n"
    )
    e = extract(text, DocumentKind.MARKDOWN)
    assert masked(text, e, 'import { Tip } from "@/components"')
    assert kept(text, e, "import the library first.")


def test_tables_and_lists_are_prose() -> None:
    text = "| Method | Notes |\n|---|---|\n| LoRA | low-rank `r=8` |\n\n- QLoRA quantizes\n"
    e = extract_markdown(text)
    assert kept(text, e, "| LoRA | low-rank ")
    assert masked(text, e, "`r=8`")
    assert kept(text, e, "- QLoRA quantizes")


def test_crlf_keeps_lines() -> None:
    text = "# Title\r\n\r\n```\r\nlora_alpha\r\n```\r\nText here.\r\n"
    e = extract_markdown(text)
    check_invariant(text, e)
    assert masked(text, e, "lora_alpha")
    assert kept(text, e, "Text here.")


def test_unclosed_constructs_do_not_swallow_prose() -> None:
    text = "A lone ` backtick and a <b tag and $ sign.\n\nNext paragraph.\n"
    e = extract_markdown(text)
    assert kept(text, e, "Next paragraph.")
    assert kept(text, e, "backtick and a ")


_TEXT = st.text(
    alphabet=st.sampled_from(
        [*list("ab _/.-`$\\<>[]()!{}*#|&:;\"'=+~\t\n\r\x00"), "é", "😀", "\u2028"]
    ),
    max_size=200,
) | st.text(max_size=200)


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_property_any_text(text: str) -> None:
    e = extract_markdown(text)
    check_invariant(text, e)
    assert all(0 <= a <= b <= len(text) for a, b in e.headings + e.comments)


def test_mask_constant_is_nul() -> None:
    assert MASK == "\x00"


def test_bibtex_entry_pasted_as_a_paragraph_is_not_prose() -> None:
    # peft/examples/waveft_finetuning/README.md
    text = (
        "## Citation\n"
        "@misc{bilican2025exploring,\n"
        "      title={Exploring Sparsity for Parameter Efficient Fine Tuning Using Wavelets},\n"
        "}\n\nWe fine tune here.\n"
    )
    prose = extract_markdown(text).prose
    assert "Fine Tuning" not in prose
    assert "We fine tune here." in prose


_MARKDOWN_LINES = [
    "Some prose with `code` and a [link](https://x.io/a_b) here.",
    "# A Heading With Lora",
    "```python",
    "lora_alpha = 16",
    "```",
    "| a | b `c` |",
    "|---|---|",
    "| <!-- note --> | $x$ |",
    "<div align='center'>",
    "</div>",
    "- a list item with peft.LoraConfig",
    "    indented code",
    "> quoted <!-- a comment",
    "that ends --> here",
    "[ref]: https://example.com",
    "",
    "",
    "\U0001f600 emoji line",
]


@settings(max_examples=80, deadline=None)
@given(
    lines=st.lists(st.sampled_from(_MARKDOWN_LINES), max_size=40),
    run=st.integers(min_value=1, max_value=200),
)
def test_runs_of_blocks_read_as_the_whole(lines: list[str], run: int) -> None:
    """Reading the blocks a run at a time finds what reading them all at once finds."""
    from mlgloss.analysis.extract import markdown

    text = "\n".join(lines) + "\n"
    whole = extract_markdown(text)
    saved = markdown._RUN
    markdown._RUN = run
    try:
        by_runs = extract_markdown(text)
    finally:
        markdown._RUN = saved
    assert by_runs == whole
