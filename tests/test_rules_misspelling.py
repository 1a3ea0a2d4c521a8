"""The misspelling rule: near misses of glossary terms, and the many words it must leave."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from mlgloss.analysis.config.model import ProjectConfig
from mlgloss.analysis.document import DocumentKind
from mlgloss.analysis.extract import extract
from mlgloss.analysis.rules.base import RuleContext
from mlgloss.analysis.rules.misspelling import _words_of, check, english_words
from rules_helpers import builtin, flagged, replacement, run


def test_real_misspellings_from_the_corpus() -> None:
    # peft/docs/source/package_reference/lora_conversion.md, diffusers/…/api/parallel.md,
    # axolotl/examples/llama-4/README.md
    text = (
        "PEFT supports dozens of different parameter effficient fine-tuning techniques.\n\n"
        "Parallelism strategies help speed up inferece by distributing computations.\n\n"
        "Llama 4 Scout uses 62.8GB VRAM/GPU @ 4k contenxt length.\n"
    )
    found = run(text, "misspelling")
    assert [text[f.start : f.end] for f in found] == ["effficient", "inferece", "contenxt"]
    assert [replacement(f) for f in found] == ["efficient", "inference", "context"]
    assert all(f.fix is not None and f.fix.safe for f in found)


def test_classic_ml_misspellings() -> None:
    text = "The Transfomer is trained with backpropogation."
    found = run(text, "misspelling")
    assert [replacement(f) for f in found] == ["Transformer", "backpropagation"]


def test_ordinary_english_and_glossary_forms_are_never_flagged() -> None:
    text = (
        "The quantized model keeps its behaviour; tokenizers, dataloaders and quantizing "
        "are fine, as are tokeniser and modelling."
    )
    assert flagged(text, "misspelling") == []


def test_short_words_and_substitutions_in_short_words_are_left_alone() -> None:
    # muxing/mixing, mixins/mixing, quantile/quantize: real words one letter apart.
    text = "Video muxing uses mixins; star ratings are quantile-based. A loras test."
    assert flagged(text, "misspelling") == []


def test_capitalised_names_are_not_flagged_in_running_text() -> None:
    text = "We compare it with Parallax and Transfomer in the table."
    assert flagged(text, "misspelling") == ["Transfomer"]  # a misspelt capitalised term only
    assert flagged("We thank Inferenz for the GPUs.", "misspelling") == []


def test_words_touching_code_punctuation_are_skipped() -> None:
    text = "Call model.inferece() or set --contenxt, then read pipeline_contenxt."
    assert flagged(text, "misspelling") == []


def test_ignore_words() -> None:
    text = "Our contenxt library."
    assert flagged(text, "misspelling", config=ProjectConfig(ignore_words=("contenxt",))) == []


def test_the_word_list_is_ordinary_english() -> None:
    words = english_words()
    assert {"attention", "gradient", "transformer"} <= words
    assert "backpropogation" not in words and "recieve" not in words


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="aZ_9 -.\n\u00e9\u00c9\u0130\u00df\u2014\u0663", max_size=20)))
def test_the_glossary_words_are_those_the_pattern_finds(texts: list[str]) -> None:
    # The fast path (ASCII letters, other bytes blanked) finds what the pattern finds.
    expected = {w.casefold() for text in texts for w in re.findall(r"[^\W\d_]+", text)}
    assert _words_of(texts) == expected


_PIECES = st.sampled_from(
    ["Transfomer", "transfomer", "backpropogation", "contenxt", "inferece", "effficient",
     "_", "9", " ", "\n", ".", "-", "/", "`", "*", "Ü", "é", "model", "Tokenizr"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_the_term_index_words_find_what_the_rule_finds_alone(text: str) -> None:
    # Findings with the term index's words (engine) equal those without (the rule's own split).
    glossary, config = builtin(), ProjectConfig()
    extraction = extract(text, DocumentKind.MARKDOWN)
    occurrences, words = glossary.index.find_with_words(extraction.prose)
    kind = DocumentKind.MARKDOWN
    alone = RuleContext(text, kind, extraction, occurrences, glossary, config)
    shared = RuleContext(text, kind, extraction, occurrences, glossary, config, words=words)
    assert list(check(shared)) == list(check(alone))


def test_only_a_one_letter_typo_in_the_writers_case_is_a_safe_fix() -> None:
    # Two letters away may be another word: a suggestion.
    (two_away,) = run("The tokniztion step runs first.\n", "misspelling")
    assert two_away.fix is not None and not two_away.fix.safe
    (typo,) = run("The bare minimum pipline is provided.\n", "misspelling")
    assert typo.fix is not None and typo.fix.safe
    # The glossary writes "Distributed" only in names (Distributed Data Parallel): the
    # writer's lower-case English word is "distributed" misspelt, fixed in its own case.
    (lower,) = run("The shards the parameter will be distrbuted across.\n", "misspelling")
    assert replacement(lower) == "distributed" and lower.fix is not None and lower.fix.safe


def test_a_word_that_names_capitalise_is_fixed_to_its_lower_case() -> None:
    # "Transformer" is capitalised in names (Swin Transformer, Transformer Engine); the word
    # itself is lower case, and a writer's capital comes back at a sentence start.
    text = "Each transfomer block has an MLP. Transfomer blocks stack."
    findings = run(text, "misspelling")
    assert [replacement(f) for f in findings] == ["transformer", "Transformer"]
