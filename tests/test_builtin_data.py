"""The built-in glossary's data, entry by entry: the errors once found in it stay fixed.

Each test names the place the error arose (importer, merge, form generator, curation) and
checks the built glossary the way a user meets it: look-up, the engine's findings and fixes.
"""

from __future__ import annotations

import re

import pytest

from mlgloss.glossary.build.casing import common_noun_form
from mlgloss.glossary.lookup import Glossary
from mlgloss.glossary.model import FormKind
from rules_helpers import builtin, run


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return builtin()


# --- acronyms whose long form is the headword: "Expansion (ACR)" -----------------------


@pytest.mark.parametrize(
    ("acronym", "long_form"),
    [
        ("CoT", "chain-of-thought"),
        ("CoT", "chain of thought"),
        ("MLM", "masked language modeling"),
        ("MLM", "masked language modelling"),
        ("ECE", "expected calibration error"),
        ("DAPT", "domain-adaptive pretraining"),
        ("CPT", "continued pretraining"),
        ("SLO", "service-level objective"),
    ],
)
def test_the_long_form_of_an_acronym_headword_is_its_expansion(
    glossary: Glossary, acronym: str, long_form: str
) -> None:
    """Curation made the acronym the term and dropped the long form (curation)."""
    entry = glossary.lookup(long_form)
    assert entry is not None and entry.term == acronym and entry.expansion
    (form,) = [f for f in entry.forms if f.text.casefold() == long_form.casefold()]
    assert form.kind is FormKind.EXPANSION and not form.status.flagged


@pytest.mark.parametrize(
    "text",
    [
        "We use chain of thought (CoT) here.",
        "Chain of thought prompting helps.",
        "Chain-of-thought prompting helps, and CoT is cheap.",
    ],
)
def test_chain_of_thought_is_never_rewritten_to_cot(text: str) -> None:
    assert [f for f in run(text) if f.rule in ("variant", "inconsistent")] == []


# --- expansions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("acronym", "expansion"),
    [
        ("NF4", "4-bit NormalFloat"),
        ("GRPO", "Group Relative Policy Optimization"),
        ("QLoRA", "Quantized Low-Rank Adaptation"),
        ("RoPE", "Rotary Position Embedding"),
        ("KV cache", "key-value cache"),
        ("SFT", "supervised fine-tuning"),
        ("RLHF", "reinforcement learning from human feedback"),
        ("LoRA", "Low-Rank Adaptation"),
        ("GPTQ", None),
        ("BF16", None),
        ("FP16", None),
        ("FP32", None),
    ],
)
def test_expansions(glossary: Glossary, acronym: str, expansion: str | None) -> None:
    entry = glossary.lookup(acronym)
    assert entry is not None and entry.expansion == expansion


def test_expansions_use_american_spelling(glossary: Glossary) -> None:
    british = re.compile(r"isation|optimis|normalis|modelling|labell|behaviour|colour")
    expansions = [e.expansion for e in glossary.entries.values() if e.expansion]
    assert [x for x in expansions if british.search(x)] == []


def test_expansions_of_common_nouns_are_lower_case() -> None:
    """The merge writes seed expansions as common nouns; names are curated back."""
    assert common_noun_form("Supervised Fine-Tuning") == "supervised fine-tuning"
    assert common_noun_form("Key-Value Cache") == "key-value cache"
    assert common_noun_form("GPT Quantization") == "GPT quantization"
    assert common_noun_form("Quantized LoRA") == "quantized LoRA"


def test_an_inserted_expansion_is_lower_case_for_a_common_noun() -> None:
    (finding,) = [f for f in run("We train with SFT first.") if f.rule == "acronym-expansion"]
    assert finding.fix is not None
    assert finding.fix.edits[0].new_text == "supervised fine-tuning (SFT)"
