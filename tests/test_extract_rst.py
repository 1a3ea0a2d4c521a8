"""reStructuredText and plain-text extraction."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extract_helpers import check_invariant, kept, masked
from mlgloss.analysis.document import DocumentKind
from mlgloss.analysis.extract import extract
from mlgloss.analysis.extract.plaintext import extract_plaintext
from mlgloss.analysis.extract.rst import extract_rst

RST = """.. Licensed under the Apache License, Version 2.0
   http://www.apache.org/licenses/LICENSE-2.0

LoRA methods
============

Low-rank adaptation trains ``lora_alpha`` and :class:`peft.LoraConfig` with the
`PEFT docs <https://huggingface.co/docs/peft>`_ as a guide. See |version| too.

.. toctree::
   :maxdepth: 2

   quicktour
   install

.. note:: Merging adapters changes the base model.

   The adapter weights are folded in.

.. code-block:: python

   config = LoraConfig(r=8, lora_alpha=16)

.. _lora-target:

An example::

    model = get_peft_model(model, config)

Back to prose about QLoRA.

>>> merge()
1
"""


def test_rst_prose_and_masks() -> None:
    e = extract_rst(RST)
    check_invariant(RST, e)
    assert kept(RST, e, "Low-rank adaptation trains ")
    assert masked(RST, e, "``lora_alpha``")
    assert masked(RST, e, ":class:`peft.LoraConfig`")
    assert kept(RST, e, "PEFT docs")
    assert masked(RST, e, "<https://huggingface.co/docs/peft>")
    assert masked(RST, e, "|version|")
    assert masked(RST, e, ".. toctree::")
    assert masked(RST, e, ":maxdepth: 2")
    assert masked(RST, e, "quicktour")
    assert kept(RST, e, "Merging adapters changes the base model.")
    assert kept(RST, e, "The adapter weights are folded in.")
    assert masked(RST, e, "config = LoraConfig(r=8, lora_alpha=16)")
    assert masked(RST, e, ".. _lora-target:")
    assert kept(RST, e, "An example")
    assert masked(RST, e, "model = get_peft_model(model, config)")
    assert kept(RST, e, "Back to prose about QLoRA.")
    assert masked(RST, e, ">>> merge()\n1")


def test_rst_comments_and_headings() -> None:
    e = extract(RST, DocumentKind.RST)
    assert masked(RST, e, "Licensed under the Apache License")
    assert masked(RST, e, "http://www.apache.org/licenses/LICENSE-2.0")
    assert e.comments and RST[e.comments[0][0] :].startswith(".. Licensed")
    start = RST.index("LoRA methods")
    assert (start, start + len("LoRA methods")) in e.headings
    assert masked(RST, e, "============")


def test_plaintext_masks_urls_paths_ids() -> None:
    text = (
        "Train nvidia/X-Lora from ./outputs/checkpoint-500 and see https://hf.co/peft.\n"
        "LoRA works.\n"
    )
    e = extract_plaintext(text)
    check_invariant(text, e)
    assert masked(text, e, "nvidia/X-Lora")
    assert masked(text, e, "./outputs/checkpoint-500")
    assert masked(text, e, "https://hf.co/peft")
    assert kept(text, e, "Train ")
    assert kept(text, e, "LoRA works.")


_TEXT = st.text(
    alphabet=st.sampled_from([*list("ab _:.`|<>=-*#[]\\\t\n\r\x00 "), "😀", "é"]),
    max_size=200,
) | st.text(max_size=200)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_property_any_text(text: str) -> None:
    check_invariant(text, extract_rst(text))
    check_invariant(text, extract_plaintext(text))
