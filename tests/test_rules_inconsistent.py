"""The inconsistent rule: two admitted spellings of one term in one document."""

from __future__ import annotations

from mlgloss.analysis.config import ProjectConfig
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
