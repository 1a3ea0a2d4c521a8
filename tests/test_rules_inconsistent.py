"""The inconsistent rule: two admitted spellings of one term in one document."""

from __future__ import annotations

import pytest

from mlgloss.analysis.config.model import ProjectConfig
from mlgloss.analysis.findings import Severity
from rules_helpers import flagged, replacement, run

# Adapted from peft/docs/source/package_reference/vera.md.
VERA = (
    "VeRA shares a single pair of low-rank matrices across all layers.\n\n"
    "When saving the adapter parameters, it's possible to eschew storing the low rank "
    "matrices by setting `save_projection=False`.\n\n"
    "Each layer only learns small scaling vectors on top of the low-rank matrices.\n"
)


def test_minority_spelling_is_flagged_and_fixed_to_the_dominant_one() -> None:
    (finding,) = run(VERA, "inconsistent")
    assert VERA[finding.start : finding.end] == "low rank"
    assert replacement(finding) == "low-rank"
    assert finding.severity is Severity.WARNING
    assert "'low-rank' 2 times" in finding.message


def test_one_spelling_throughout_is_consistent() -> None:
    text = "We fine-tune the model. Fine-tuning is cheap. After fine-tuning, evaluate."
    assert flagged(text, "inconsistent") == []


def test_case_is_folded_for_case_insensitive_terms() -> None:
    text = "Pretraining is costly.\n\nAfter pretraining, we evaluate. Pre-training again."
    found = run(text, "inconsistent")
    assert [text[f.start : f.end] for f in found] == ["Pre-training"]
    assert replacement(found[0]) == "Pretraining"  # the writer's capital is kept


def test_tie_goes_to_the_glossary_preferred_form() -> None:
    text = "We use finetuning here and fine-tuning there."
    (finding,) = run(text, "inconsistent")
    assert text[finding.start : finding.end] == "finetuning"
    assert replacement(finding) == "fine-tuning"


def test_tie_without_the_preferred_form_goes_to_the_first_used() -> None:
    text = "We fine tune it; then we finetune it."
    (finding,) = run(text, "inconsistent")
    assert text[finding.start : finding.end] == "finetune"
    assert replacement(finding) == "fine tune"


def test_plural_is_kept() -> None:
    text = "Tune the hyperparameters. Good hyperparameters matter. Bad hyper-parameters hurt."
    (finding,) = run(text, "inconsistent")
    assert replacement(finding) == "hyperparameters"


def test_acronym_and_expansion_never_compete() -> None:
    text = "Low-Rank Adaptation (LoRA) is popular. LoRA trains few weights. LoRA is cheap."
    assert flagged(text, "inconsistent") == []


def test_project_preference_leaves_it_to_the_variant_rule() -> None:
    text = "We use finetuning here, finetuning there and fine-tuning once."
    config = ProjectConfig(prefer=("fine-tuning",))
    assert flagged(text, "inconsistent", config=config) == []
    assert flagged(text, "variant", config=config) == ["finetuning", "finetuning"]


def test_flagged_forms_are_the_variant_rules() -> None:
    text = "We use LoRA and Lora."
    assert flagged(text, "inconsistent") == []


# --- the right target (issue 12) ---------------------------------------------------------


def test_the_glossary_spelling_wins_over_a_majority() -> None:
    # "pretraining" is the glossary's preferred spelling: used once, it is still the target.
    text = "We use pre-training. Pre-training is costly. After pretraining, evaluate."
    found = run(text, "inconsistent")
    assert [text[f.start : f.end] for f in found] == ["pre-training", "Pre-training"]
    assert [replacement(f) for f in found] == ["pretraining", "Pretraining"]
    assert "(the glossary's spelling)" in found[0].message
    # Against the document's house spelling (two uses to one) the fix is a reviewer's call
    # (DeepSpeed's blog writes its product "DeepSpeed-Chat"); with the target as common, safe.
    assert all(f.fix is not None and not f.fix.safe for f in found)
    text = "We use pretraining. After pretraining, evaluate. Pre-training is costly."
    (finding,) = run(text, "inconsistent")
    assert finding.fix is not None and not finding.fix.safe  # two to one: no clear lead
    text = "We use pretraining. After pretraining, evaluate pretraining. Pre-training is costly."
    (finding,) = run(text, "inconsistent")
    assert finding.fix is not None and finding.fix.safe


def test_without_the_glossary_spelling_the_majority_is_an_unsafe_target() -> None:
    text = "We use n gram counts. The n gram table and the ngram table, then n gram again."
    found = run(text, "inconsistent")
    assert [text[f.start : f.end] for f in found] == ["ngram"]
    assert replacement(found[0]) == "n gram"
    assert found[0].fix is not None and not found[0].fix.safe


def test_n_gram_is_never_fixed_to_ngram() -> None:
    # The Why case: "N-gram" → "Ngram" followed a majority of "ngram".
    text = "An N-gram is a run of words. The ngram counts and the ngram table."
    found = run(text, "inconsistent")
    assert [text[f.start : f.end] for f in found] == ["ngram", "ngram"]
    assert [replacement(f) for f in found] == ["n-gram", "n-gram"]


def test_a_fix_never_invents_a_casing_the_glossary_does_not_admit() -> None:
    # The Why case was "LM Evaluation Harness" → "Lm-evaluation-harness". The slug is the
    # repository's name and no longer counts at all (issue 12, point 3); the casing point
    # stands for any term written in the writer's own capitals.
    text = (
        "Install lm-evaluation-harness first. Then run lm-evaluation-harness on the task.\n\n"
        "The LM Evaluation Harness reports accuracy.\n"
    )
    assert run(text, "inconsistent") == []
    text = (
        "We use mixed-precision training here. Then mixed-precision training again.\n\n"
        "The Mixed Precision Training reports accuracy.\n"
    )
    found = run(text, "inconsistent")
    assert [text[f.start : f.end] for f in found] == ["Mixed Precision Training"]
    assert found[0].fixes == ()  # "Mixed-precision training" would invent a casing


def test_a_capital_the_sentence_explains_is_kept() -> None:
    text = "We use fine-tuning here.\n\nFine tuning is costly.\n"
    (finding,) = run(text, "inconsistent")
    assert replacement(finding) == "Fine-tuning"


def test_a_capital_mid_sentence_is_the_writers_choice_and_gets_no_fix() -> None:
    text = "We use fine-tuning here, and the Fine Tuning phase there."
    (finding,) = run(text, "inconsistent")
    assert finding.fixes == ()


@pytest.mark.parametrize(
    "sentence",
    [
        "Some write pre-training vs pretraining.",
        "Some write pre-training vs. pretraining.",
        "Write pre-training or pretraining, not both.",
        "We call it pre-training (or pretraining).",
        "We call it pre-training, also written pretraining.",
        'We call it "pre-training" or "pretraining".',
        "We call it *pre-training* (also spelled *pretraining*).",
        "It is pretraining, not pre-training.",
        "Both pre-training/pretraining appear.",
    ],
)
def test_two_spellings_set_side_by_side_are_not_an_inconsistency(sentence: str) -> None:
    assert flagged(sentence, "inconsistent") == []


def test_a_contrast_does_not_count_toward_the_majority() -> None:
    text = "Some write fine tuning vs fine-tuning. We use finetuning, then fine-tuning."
    found = run(text, "inconsistent")
    assert [text[f.start : f.end] for f in found] == ["finetuning"]


def test_link_text_is_a_title_and_is_not_counted() -> None:
    text = (
        "See [Scaling Pre-training Laws](https://arxiv.org/abs/1) and "
        "[pre-training notes][notes].\n\nWe use pretraining throughout. Pretraining is costly.\n"
        "\n[notes]: https://example.com\n"
    )
    assert flagged(text, "inconsistent") == []


def test_a_title_case_heading_gets_the_target_in_title_case() -> None:
    text = "# Pre-Training Example\n\nWe use pretraining here. Pretraining is costly.\n"
    (finding,) = run(text, "inconsistent")
    assert replacement(finding) == "Pretraining"
    text = "# Fine Tuning Example\n\nWe use fine-tuning here, and fine-tuning there.\n"
    (finding,) = run(text, "inconsistent")
    assert replacement(finding) == "Fine-Tuning"


# A compound is hyphenated as a modifier before its noun and open as the noun (Chicago, AP).
def test_an_open_noun_beside_hyphenated_modifiers_only_is_not_flagged() -> None:
    text = (
        "Our instruction-following models learn from instruction-following datasets.\n\n"
        "| Unit | Topics |\n| --- | --- |\n| 1 | Chat templates, instruction following |\n"
    )
    assert flagged(text, "inconsistent") == []


def test_an_open_noun_is_flagged_where_the_document_hyphenates_the_noun() -> None:
    text = (
        "Instruction-following is hard. Our instruction-following models help.\n\n"
        "We study instruction following.\n"
    )
    (finding,) = run(text, "inconsistent")
    assert text[finding.start : finding.end] == "instruction following"
    assert replacement(finding) == "instruction-following"


def test_an_open_modifier_before_its_noun_is_still_flagged() -> None:
    text = "Our instruction-following models use instruction following datasets.\n"
    assert flagged(text, "inconsistent") == ["instruction following"]


def test_a_hyphenated_modifier_is_not_flagged_towards_the_open_noun() -> None:
    text = (
        "Text to text is one task. We frame text to text as generation. "
        "Text to text is general. A text-to-text model answers.\n"
    )
    assert flagged(text, "inconsistent") == []
    # The same hyphenated spelling as a noun is flagged towards the document's house one.
    text = text.replace("A text-to-text model answers.", "We like text-to-text.")
    assert flagged(text, "inconsistent") == ["text-to-text"]


@pytest.mark.parametrize(
    "verb",
    [
        "To warm-up the model, run it once.",
        "You can further warm-up the GPU first.",
        "Please roll-out your change, then warm-up it.",
    ],
)
def test_a_hyphenated_phrasal_verb_is_neither_flagged_nor_counted(verb: str) -> None:
    """ "to warm-up the model" is the verb "warm up" with a stray hyphen: fixing it to the
    noun's "warmup" would be wrong, and it is no evidence of how the document spells the noun."""
    text = f"The warmup is short. Use warmup steps.\n\n{verb}\n"
    assert [f for f in run(text, "inconsistent") if "warm-up" in text[f.start : f.end]] == []
    noun = "The warmup is short. A warm-up helps; we have warm-up runs.\n"
    assert [noun[f.start : f.end] for f in run(noun, "inconsistent")] == ["warm-up", "warm-up"]
