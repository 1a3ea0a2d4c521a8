"""The term index: boundaries, longest match, line wraps, case, identifiers, plurals."""

from __future__ import annotations

import re

import pytest

from glossary_helpers import SMALL, glossary_from
from mlgloss.glossary.index import TermIndex
from mlgloss.glossary.lookup import Glossary


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return glossary_from(SMALL)


def found(glossary: Glossary, text: str) -> list[tuple[str, str, str]]:
    return [(o.surface, o.entry.id, o.form.status.value) for o in glossary.index.find(text)]


def test_finds_preferred_and_flagged_forms(glossary: Glossary) -> None:
    assert found(glossary, "We use Lora and LoRA.") == [
        ("Lora", "lora", "deprecated"),
        ("LoRA", "lora", "preferred"),
    ]


def test_offsets_are_code_points_after_emoji(glossary: Glossary) -> None:
    text = "🤗 Lora"
    (occurrence,) = glossary.index.find(text)
    assert text[occurrence.start : occurrence.end] == "Lora"
    assert occurrence.start == 2


def test_longest_match_wins(glossary: Glossary) -> None:
    assert found(glossary, "Supervised fine-tuning helps.") == [
        ("Supervised fine-tuning", "supervised-fine-tuning", "preferred")
    ]


def test_multi_word_term_across_line_break_and_spaces(glossary: Glossary) -> None:
    text = "we apply supervised\n   fine-tuning and Hugging\tFace tools"
    assert [s for s, _, _ in found(glossary, text)] == [
        "supervised\n   fine-tuning",
        "Hugging\tFace",
    ]


def test_blank_line_breaks_a_term(glossary: Glossary) -> None:
    assert found(glossary, "supervised\n\nfine-tuning")[0][0] == "fine-tuning"


@pytest.mark.parametrize(
    "text",
    [
        "the storage layer",  # RAG inside a word
        "call load_lora_weights() now",
        "see nvidia/Cosmos-Lora for weights",
        "Cosmos-Lora is a model",
        "https://example.com/Lora/adapter",
        "open Lora.py or adapter_Lora.safetensors",
        "peft.LoraConfig and LoraConfig",
        "lora_alpha=16",
        "set mode=Lora here",
        "sha 3f2a9c1 and #Lora tags",
        "a rag doll",  # RAG is case-sensitive; 'rag' is a word
        "Lora(",
        "$Lora",
    ],
)
def test_code_like_text_never_matches_lora_or_rag(glossary: Glossary, text: str) -> None:
    assert [o for o in glossary.index.find(text) if o.entry.id in ("lora", "rag")] == []


def test_emphasis_and_punctuation_are_not_code(glossary: Glossary) -> None:
    text = 'Use **Lora**, _Lora_ and (Lora) or "Lora"; non-LoRA too.'
    assert [s for s, _, _ in found(glossary, text)] == ["Lora", "Lora", "Lora", "Lora", "LoRA"]


def test_case_rule(glossary: Glossary) -> None:
    assert found(glossary, "Pre-training and PRETRAINING") == [
        ("Pre-training", "pretraining", "admitted"),
        ("PRETRAINING", "pretraining", "preferred"),
    ]
    assert found(glossary, "Hugging face and HuggingFace")[1] == (
        "HuggingFace",
        "hugging-face",
        "deprecated",
    )


def test_plurals_and_possessives(glossary: Glossary) -> None:
    occurrences = glossary.index.find("Two LoRAs, the LoRA's rank, Loras and policies.")
    assert [(o.surface, o.plural) for o in occurrences] == [
        ("LoRAs", True),
        ("LoRA", False),
        ("Loras", True),
        ("policies", True),
    ]
    assert occurrences[2].form.text == "Lora"


def test_search_window(glossary: Glossary) -> None:
    text = "xx Lora yy LoRA"
    assert [o.surface for o in glossary.index.find(text, 8)] == ["LoRA"]
    assert [o.surface for o in glossary.index.find(text, 0, 8)] == ["Lora"]


def test_find_with_words(glossary: Glossary) -> None:
    text = "We use Lora_v2, LoRA\nand x-LoRA 4bit. " * 5000  # more than one span of words
    occurrences, words = glossary.index.find_with_words(text)
    assert occurrences == glossary.index.find(text)
    assert words == set(re.findall("[a-z0-9]+", text.lower()))
    # Letters outside ASCII: each run of letters and digits lower-cased on its own.
    assert glossary.index.find_with_words("Über Lora")[1] == {"über", "lora"}
    assert glossary.index.find_with_words("Lora \u2014 caf\u00e9 \u00e9")[1] == {
        "lora",
        "caf\u00e9",
        "\u00e9",
    }
    assert glossary.index.find_with_words("\u0130stanbul_x")[1] == {"i\u0307stanbul", "x"}
    assert glossary.index.find_with_words("Lora \u2014 \u201cx\u201d")[1] == {"lora", "x"}


def test_occurrence_at(glossary: Glossary) -> None:
    text = "line one\nwe use QLoRA here\nline three"
    occurrence = glossary.index.occurrence_at(text, text.index("QLoRA") + 2)
    assert occurrence is not None and occurrence.entry.id == "qlora"
    assert glossary.index.occurrence_at(text, 2) is None


def test_cost_does_not_depend_on_glossary_size() -> None:
    """A large glossary of unrelated terms finds the same occurrences (a trie, not a scan)."""
    small = glossary_from(SMALL)
    big_yaml = SMALL + "".join(f"  - term: zzterm{i} alpha{i}\n" for i in range(5000))
    big = glossary_from(big_yaml)
    text = "We pretrain with Lora. " * 50
    assert [(o.start, o.end) for o in small.index.find(text)] == [
        (o.start, o.end) for o in big.index.find(text)
    ]
    assert isinstance(big.index, TermIndex) and big.index.form_count > 5000
