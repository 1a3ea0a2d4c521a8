"""The acronym-expansion rule: a glossary acronym used before its expansion."""

from __future__ import annotations

import pytest

from mlgloss.analysis.document import DocumentKind
from mlgloss.analysis.findings import Severity
from mlgloss.analysis.fixes import apply_fixes
from mlgloss.analysis.rules.acronym_insertion import indefinite_article
from rules_helpers import flagged, replacement, run


def test_first_use_before_expansion_is_flagged_once() -> None:
    text = "DPO is simple. DPO needs no reward model.\n"
    (finding,) = run(text, "acronym-expansion")
    assert (finding.start, finding.severity) == (0, Severity.INFO)
    assert replacement(finding) == "Direct Preference Optimization (DPO)"


def test_both_introductions_count_as_expanded() -> None:
    assert flagged("Low-Rank Adaptation (LoRA) trains adapters. LoRA is cheap.") == []
    assert flagged("LoRA (Low-Rank Adaptation) trains adapters. LoRA is cheap.") == []
    # trl/docs/source/liger_kernel_integration.md
    assert flagged("- **GRPO** (Group Relative Policy Optimization)\n", "acronym-expansion") == []
    # a parenthesised acronym after the writer's own wording
    assert flagged("Quantized low rank adapters (QLoRA) cut memory.", "acronym-expansion") == []


def test_expansion_anywhere_before_settles_it() -> None:
    text = "We use low-rank adaptation throughout. Later, LoRA adapters are merged."
    assert flagged(text, "acronym-expansion") == []


def test_expansion_after_the_first_use_is_too_late() -> None:
    text = "Train with LoRA. Low-Rank Adaptation (LoRA) adds low-rank matrices."
    assert flagged(text, "acronym-expansion") == ["LoRA"]


def test_well_known_acronyms_are_exempt() -> None:
    assert flagged("The GPU runs the LLM through an API.", "acronym-expansion") == []


def test_headings_and_tables_wait_for_the_prose() -> None:
    text = "## LoRA\n\n| method | LoRA |\n|---|---|\n\nLow-Rank Adaptation (LoRA) is cheap.\n"
    assert flagged(text, "acronym-expansion") == []


def test_prose_documents_only() -> None:
    assert flagged("# DPO settings\nbeta: 0.1\n", kind=DocumentKind.YAML) == []
    assert flagged('"""DPO loss."""\n', "acronym-expansion", kind=DocumentKind.PYTHON) == []


def test_fix_at_sentence_start_capitalises_a_lower_case_expansion() -> None:
    (finding,) = run("RAG helps. We use RAG.", "acronym-expansion")
    assert replacement(finding) == "Retrieval-augmented generation (RAG)"


def test_plural_acronym() -> None:
    (finding,) = run("Merge several LoRAs into one.", "acronym-expansion")
    assert replacement(finding) == "Low-Rank Adaptations (LoRAs)"
    # In "N of M" the plural is the head noun's.
    (finding,) = run("We route tokens through sparse MoEs for scale.", "acronym-expansion")
    assert replacement(finding) == "mixtures of experts (MoEs)"


def test_an_acronym_glued_by_a_plus_gets_no_expansion_fix() -> None:
    (finding,) = run("Train with FSDP+QLoRA on two GPUs today.", "acronym-expansion")
    assert finding.fix is None  # "Fully Sharded Data Parallel (FSDP)+QLoRA" reads wrong


def test_a_short_task_list_item_is_a_list_of_names() -> None:
    # The checkbox is the item's marker: "3D Parallel MoEs" is three words, too terse for an
    # expansion, and the reader has met the acronym there.
    assert run("- [ ] 3D Parallel MoEs\n- [x] Pipeline parallel\n", "acronym-expansion") == []
    assert run("- We train sparse MoEs in this item.\n", "acronym-expansion") != []


# --- expansions that read right (issue 12) -------------------------------------------------


def fixed(text: str) -> str:
    """The text with the acronym-expansion fix applied (it is unsafe: asked for here)."""
    return apply_fixes(text, run(text, "acronym-expansion"), unsafe=True)


def test_the_expansion_fix_is_unsafe() -> None:
    (finding,) = run("We train with DPO.", "acronym-expansion")
    assert finding.fix is not None and not finding.fix.safe
    assert apply_fixes("We train with DPO.", [finding]) == "We train with DPO."


def test_the_article_follows_the_expansion() -> None:
    # Why: "an Supervised Fine-Tuning (SFT) step".
    assert fixed("Then we run an SFT step on the data.") == (
        "Then we run a supervised fine-tuning (SFT) step on the data."
    )
    assert fixed("An SFT step comes first.") == "A supervised fine-tuning (SFT) step comes first."
    # "a" before an expansion starting with a vowel sound becomes "an".
    assert fixed("We train a ORPO model.") == (
        "We train an Odds Ratio Preference Optimization (ORPO) model."
    )
    assert fixed("Then run an **SFT** step.") == (
        "Then run a **supervised fine-tuning (SFT)** step."
    )
    # An article that already fits is left alone.
    assert fixed("We train a DPO model.") == (
        "We train a Direct Preference Optimization (DPO) model."
    )


def test_words_the_expansion_starts_with_are_taken_in() -> None:
    # Why: "4-bit 4-bit Normal Float (NF4)".
    assert fixed("We quantize to 4-bit NF4 for memory.") == (
        "We quantize to 4-bit NormalFloat (NF4) for memory."
    )


@pytest.mark.parametrize(
    "text",
    [
        "The routed MoE experts are sparse.",  # Why: "routed Mixture of Experts (MoE) experts"
        "Load the AWQ quantized weights.",  # "Activation-aware Weight Quantization (AWQ) quantized"
        "DPO's loss is simple.",  # a possessive
        "We start from an SFT-trained model.",  # a compound
        "Align it (as with DPO) on pairs.",  # "(as with Direct Preference Optimization (DPO))"
    ],
)
def test_no_fix_where_no_insertion_reads_right(text: str) -> None:
    (finding,) = run(text, "acronym-expansion")
    assert finding.fixes == ()
    assert "is used before it is expanded" in finding.message


def test_after_parentheses_close_the_insertion_is_written() -> None:
    text = "Align it (on pairs) with DPO.\n"
    (finding,) = run(text, "acronym-expansion")
    assert replacement(finding) == "Direct Preference Optimization (DPO)"


def test_a_name_written_as_a_slug_is_no_first_use() -> None:
    assert run("See RAG-Retrieval for details.", "acronym-expansion") == []


def test_no_insertion_into_link_text() -> None:
    # Why: "[Retrieval-augmented generation (RAG)-Retrieval]".
    text = "See [RAG-Retrieval](https://github.com/x/RAG-Retrieval) for details.\n"
    assert run(text, "acronym-expansion") == []
    # The writer's own link text is the first use (the linked page explains it): the later
    # use is no longer the first.
    text = "See [the RAG guide](https://example.com/rag). RAG needs an index.\n"
    assert run(text, "acronym-expansion") == []
    # A linked title is a quotation: it is no first use.
    text = "Read [Better RAG With Dense Passages](https://arxiv.org/abs/1). RAG helps.\n"
    (finding,) = run(text, "acronym-expansion")
    assert text[finding.start :].startswith("RAG helps")


def test_no_english_expansion_in_a_cjk_sentence() -> None:
    # Why: English expansions spliced into a Chinese sentence.
    assert run("我们使用 GRPO 训练模型，然后评估。\n", "acronym-expansion") == []  # noqa: RUF001
    assert run("GRPO を使ってモデルを学習します。\n", "acronym-expansion") == []
    # The English sentence after it still gets its expansion.
    text = "我们使用 GRPO 训练模型。\n\nWe train with GRPO.\n"
    (finding,) = run(text, "acronym-expansion")
    assert text[finding.start :].startswith("GRPO.")


def test_an_expansion_in_the_same_sentence_is_nearby() -> None:
    text = "We train with DPO, or direct preference optimization, on pairs.\n"
    assert run(text, "acronym-expansion") == []
    # OpenRLHF's README: the expansion closes a long sentence.
    text = (
        "OpenRLHF is the first high-performance, production-ready open-source RLHF framework "
        "that combines a Ray and vLLM distributed architecture with a unified agent-based "
        "design paradigm for scalable and extensible reinforcement learning from human "
        "feedback.\n"
    )
    assert run(text, "acronym-expansion") == []
    # In the next sentence it is too late.
    text = "We align with RLHF. Reinforcement learning from human feedback needs labels.\n"
    assert len(run(text, "acronym-expansion")) == 1


def test_case_at_a_sentence_start() -> None:
    assert fixed("RAG needs an index.") == "Retrieval-augmented generation (RAG) needs an index."
    assert fixed("We use RAG.") == "We use retrieval-augmented generation (RAG)."


@pytest.mark.parametrize(
    ("phrase", "article"),
    [
        ("Supervised Fine-Tuning", "a"),
        ("Odds Ratio", "an"),
        ("LLM judge", "an"),
        ("GPT Quantization", "a"),
        ("8-bit model", "an"),
        ("4-bit Normal Float", "a"),
        ("11B model", "an"),
        ("unified model", "a"),
        ("hour", "an"),
        ("F1 score", "an"),
    ],
)
def test_indefinite_article(phrase: str, article: str) -> None:
    assert indefinite_article(phrase) == article


def test_a_related_but_different_word_beside_the_acronym_is_fine() -> None:
    assert fixed("We load the LoRA adapter.") == ("We load the Low-Rank Adaptation (LoRA) adapter.")
