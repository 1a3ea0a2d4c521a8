"""The seed importers on the five real seed glossaries, with every awkward entry pinned."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from mlgloss.glossary.build.importers.brewslm import import_brewslm
from mlgloss.glossary.build.importers.definition_list import import_definition_list
from mlgloss.glossary.build.importers.explainer import import_explainer
from mlgloss.glossary.build.importers.flashcards import import_flashcards
from mlgloss.glossary.build.importers.records import SeedRecord
from mlgloss.glossary.build.importers.registry import Importer
from mlgloss.glossary.build.importers.textbook import import_textbook

SEEDS_DIR = next(
    (p / "shared" / "seeds" for p in Path(__file__).resolve().parents if (p / "shared").is_dir()),
    Path(__file__).resolve().parents[2] / "shared" / "seeds",
)


def seed_text(prefix: str) -> str:
    (path,) = SEEDS_DIR.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def only(records: list[SeedRecord], headword: str) -> SeedRecord:
    (record,) = [r for r in records if r.headword == headword]
    return record


@pytest.fixture(scope="module")
def brewslm() -> list[SeedRecord]:
    return import_brewslm(seed_text("000"), "brewslm")


@pytest.fixture(scope="module")
def flashcards() -> list[SeedRecord]:
    return import_flashcards(seed_text("001"), "flashcards")


@pytest.fixture(scope="module")
def textbook() -> list[SeedRecord]:
    return import_textbook(seed_text("002"), "textbook")


@pytest.fixture(scope="module")
def explainer() -> list[SeedRecord]:
    return import_explainer(seed_text("003"), "explainer")


@pytest.fixture(scope="module")
def largeforge() -> list[SeedRecord]:
    return import_definition_list(seed_text("004"), "largeforgeai")


# --- every seed -------------------------------------------------------------------------

ALL_SEEDS = [
    ("000", import_brewslm, "- {}"),
    ("001", import_flashcards, "{}"),
    ("002", import_textbook, "- {}"),
    ("003", import_explainer, "- {} Introduced in "),
    ("004", import_definition_list, "**{}**"),
]


@pytest.mark.parametrize(("prefix", "importer", "headword_line"), ALL_SEEDS)
def test_line_is_the_headword_line(prefix: str, importer: Importer, headword_line: str) -> None:
    lines = seed_text(prefix).splitlines()
    records = [r for r in importer(seed_text(prefix), "s") if r.section != "Acronyms"]
    for record in records:
        assert lines[record.line - 1].startswith(headword_line.format(record.headword)), record


@pytest.mark.parametrize(("prefix", "importer", "headword_line"), ALL_SEEDS)
def test_every_record_is_attributed_and_defined(
    prefix: str, importer: Importer, headword_line: str
) -> None:
    records = [r for r in importer(seed_text(prefix), "the-source") if r.section != "Acronyms"]
    assert {r.source for r in records} == {"the-source"}
    for record in records:
        assert record.name and record.definition, record
        assert record.definition == " ".join(record.definition.split())  # normalised
        assert not record.definition.startswith("- "), record
    lines = [r.line for r in records]
    assert lines == sorted(lines)  # file order


# --- 000: BrewSLM Academy ---------------------------------------------------------------


def test_brewslm_count_and_repeated_names(brewslm: list[SeedRecord]) -> None:
    assert len(brewslm) == 269
    repeated = {h: n for h, n in Counter(r.headword for r in brewslm).items() if n > 1}
    assert repeated == {"In-context learning": 2, "DPO": 2, "ORPO": 2}
    sections = {h: [r.section for r in brewslm if r.headword == h] for h in repeated}
    assert sections == {
        "In-context learning": ["F\u2013N", "Track 0 \u2014 Foundations (extended)"],
        "DPO": ["Track 1 \u2014 SFT fundamentals", "Track 4 \u2014 Advanced"],
        "ORPO": ["Track 1 \u2014 SFT fundamentals", "Track 4 \u2014 Advanced"],
    }


def test_brewslm_sections_are_header_lines(brewslm: list[SeedRecord]) -> None:
    assert list(dict.fromkeys(r.section for r in brewslm)) == [
        "A\u2013E",
        "F\u2013N",
        "P\u2013Z",
        "Track 0 \u2014 Foundations (extended)",
        "Track 1 \u2014 SFT fundamentals",
        "Track 2 \u2014 Hands-on",
        "Track 3 \u2014 With BrewSLM",
        "Track 4 \u2014 Advanced",
    ]
    assert brewslm[0].headword == "Activation function"
    assert brewslm[0].line == 5
    assert brewslm[-1].headword == "GRPO (Group Relative Policy Optimisation)"
    assert not any("Back to the Academy" in r.definition for r in brewslm)


@pytest.mark.parametrize(
    ("headword", "definition"),
    [
        # The definition starts on a line without "- ".
        (
            "Completion format",
            "{prompt, completion}. Simplest SFT shape; what Track 2's by-hand SFT uses.",
        ),
        (
            "Alpaca format",
            "{instruction, input, output}. From Stanford's original instruction-tuning set; "
            "many older HF datasets use it.",
        ),
        (
            "Manifest",
            "prepared/manifest.json \u2014 the source of truth for downstream stages: counts, "
            "schema, task_profile, scoring_mode, paths, hashes. See Clean & prepare.",
        ),
        (
            "Plan profile",
            "training_plan.plan_profile on the manifest: safe / balanced (default) / "
            "max_quality. Resolves to a concrete TrainingConfig at apply time.",
        ),
        # The definition continues on the next line.
        (
            "DataCollator",
            "Pads a list of examples into a rectangular batch; DataCollatorForSeq2Seq pads "
            "labels with -100 so padding is ignored by the loss. See Tokenize & collate.",
        ),
        (
            "Top-p (nucleus sampling)",
            "Keep the smallest set of tokens whose cumulative probability \u2265 p, then "
            "sample. p \u2248 0.9 is a sane default.",
        ),
        (
            "Sampling",
            "Drawing the next token from the model's distribution (do_sample=True); adds "
            "variety, the default for chat/writing tasks.",
        ),
        # Code at the start of a continuation keeps its leading punctuation and space.
        (
            "datasets.Dataset",
            "A fast, memory-mapped table with .map()/.filter()/split that the Trainer consumes.",
        ),
        (
            "No-tool path",
            'Explicit assistant output ({"tool":"no_tool","reason":"..."}) for when no '
            "available tool fits; trained on negative examples.",
        ),
    ],
)
def test_brewslm_rejoins_scraping_damage(
    brewslm: list[SeedRecord], headword: str, definition: str
) -> None:
    assert only(brewslm, headword).definition == definition


def test_brewslm_headwords(brewslm: list[SeedRecord]) -> None:
    parameter = only(brewslm, "Parameter (weight)")
    assert (parameter.name, parameter.synonyms) == ("Parameter", ("weight",))
    top_p = only(brewslm, "Top-p (nucleus sampling)")
    assert (top_p.name, top_p.synonyms) == ("Top-p", ("nucleus sampling",))
    sft = only(brewslm, "Supervised Fine-Tuning (SFT)")
    assert (sft.name, sft.acronym, sft.expansion) == ("Supervised Fine-Tuning", "SFT", None)
    greedy = only(brewslm, "Greedy decoding (T1)")
    assert (greedy.name, greedy.qualifier) == ("Greedy decoding", "T1")
    assert only(brewslm, "Greedy decoding").qualifier is None
    alpha = only(brewslm, "alpha (KD)")
    assert (alpha.name, alpha.qualifier, alpha.symbol) == ("alpha", "KD", None)
    forgetting = only(brewslm, "Catastrophic forgetting (CPT view)")
    assert (forgetting.name, forgetting.qualifier) == ("Catastrophic forgetting", "CPT view")
    temperature = only(brewslm, "Temperature (T)")
    assert (temperature.name, temperature.symbol) == ("Temperature", "T")
    assert temperature.definition.startswith("A divisor on logits before softmax")
    assert only(brewslm, "LoRA rank (r)").symbol == "r"
    assert only(brewslm, "Acceptance rate (\u03b1)").symbol == "\u03b1"
    assert only(brewslm, "BPE (Byte-Pair Encoding)").expansion == "Byte-Pair Encoding"
    assert only(brewslm, "KV cache").name == "KV cache"
    assert only(brewslm, "Mixed precision (bf16)").qualifier == "bf16"


def test_brewslm_slashes(brewslm: list[SeedRecord]) -> None:
    layer = only(brewslm, "Layer / hidden layer")
    assert (layer.name, layer.synonyms, layer.also_names) == ("Layer", (), ("hidden layer",))
    expected = {
        "Temperature / top-p": ("Temperature", ("top-p",)),
        "Overfitting / underfitting": ("Overfitting", ("underfitting",)),
        "input_ids / labels": ("input_ids", ("labels",)),
        "Latency vs throughput": ("Latency", ("throughput",)),
        "Head / layer / channel pruning": ("Head pruning", ("layer pruning", "channel pruning")),
    }
    for headword, (name, also_names) in expected.items():
        record = only(brewslm, headword)
        assert (record.name, record.also_names, record.synonyms) == (name, also_names, ())
    assert only(brewslm, "Train/validation/test split").also_names == ()


# --- 001: post-training flashcards ------------------------------------------------------


def test_flashcards_count_and_header(flashcards: list[SeedRecord]) -> None:
    assert len(flashcards) == 73
    assert flashcards[0].headword == "A/B Testing"
    assert flashcards[0].line == 4
    assert flashcards[-1].headword == "Verifier"
    headwords = {r.headword for r in flashcards}
    assert not headwords & {"Flashcards", "73 cards \u00b7 0 marked known"}
    assert all(r.section is None for r in flashcards)


@pytest.mark.parametrize(
    ("headword", "start", "end"),
    [
        (
            "DPO (Direct Preference Optimization)",
            "Trains the policy directly on chosen/rejected preference pairs, skipping the "
            "separate reward model and the online RL loop, with an implicit KL term",
            "contrast PPO/GRPO, which generate fresh rollouts online. Lightweight and stable; "
            "the Qwen-style alternative to PPO.",
        ),
        (
            "Llama Guard",
            "Meta\u2019s safety-classification model: given a prompt\u2013response pair",
            "to evaluate model safety at scale instead of relying solely on human reviewers. "
            "As of 2026-06, Llama Guard 4 (12B, multimodal) spans 14 categories (S1\u2013S14).",
        ),
        (
            "Loss Mask",
            "A binary mask that zeroes loss on prompt tokens so the model is trained only to "
            "predict the completion.",
            "for instruction data that can be ~80% of the sequence. In TRL: "
            "completion_only_loss=True.",
        ),
    ],
)
def test_flashcards_multiline_definitions(
    flashcards: list[SeedRecord], headword: str, start: str, end: str
) -> None:
    record = only(flashcards, headword)
    assert record.definition.startswith(start)
    assert record.definition.endswith(end)


def test_flashcards_keep_stripped_formula_gaps(flashcards: list[SeedRecord]) -> None:
    assert only(flashcards, "AdamW").definition.endswith("Default learning rate .")
    assert "Default ; typical range 4\u201364." in only(flashcards, "Rank (r)").definition


def test_flashcards_headwords(flashcards: list[SeedRecord]) -> None:
    alpha = only(flashcards, "Alpha (\u03b1)")
    assert (alpha.name, alpha.symbol) == ("Alpha", "\u03b1")
    rank = only(flashcards, "Rank (r)")
    assert (rank.name, rank.symbol) == ("Rank", "r")
    routing = only(flashcards, "Multi-Model Routing (LoRA)")
    assert (routing.name, routing.qualifier, routing.expansion) == (
        "Multi-Model Routing",
        "LoRA",
        None,
    )
    tokenization = only(flashcards, "Tokenization (BPE)")
    assert (tokenization.name, tokenization.qualifier) == ("Tokenization", "BPE")
    lora = only(flashcards, "LoRA (Low-Rank Adaptation)")
    assert (lora.name, lora.expansion) == ("LoRA", "Low-Rank Adaptation")
    sft = only(flashcards, "Supervised Fine-Tuning (SFT)")
    assert (sft.name, sft.acronym) == ("Supervised Fine-Tuning", "SFT")
    assert only(flashcards, "QLoRA (Quantized LoRA)").expansion == "Quantized LoRA"
    assert only(flashcards, "Pre-Training").name == "Pre-Training"
    assert only(flashcards, "Chinchilla Scaling Law").name == "Chinchilla Scaling Law"
    offline = only(flashcards, "Offline vs Online Preference Learning")
    assert offline.name == "Offline Preference Learning"
    assert offline.also_names == ("Online Preference Learning",)


def test_alignment_tax_senses_stay_apart(
    brewslm: list[SeedRecord], flashcards: list[SeedRecord]
) -> None:
    academy = only(brewslm, "Alignment tax")
    deck = only(flashcards, "Alignment Tax")
    assert academy.definition.startswith("The cost of the instruct model's baked-in choices")
    assert deck.definition.startswith("The gap between a model\u2019s automated reward score")


# --- 002: textbook ----------------------------------------------------------------------


def test_textbook_count_and_sections(textbook: list[SeedRecord]) -> None:
    assert len(textbook) == 38
    adapter = textbook[0]
    assert (adapter.headword, adapter.line) == ("Adapter", 3)
    assert adapter.section == "Section 15.1 (Parameter-Efficient Methods)"
    assert adapter.definition.endswith("while leaving the original parameters untouched.")
    assert only(textbook, "Fine-Tuning").section == (
        "Section 14.1 (Fine-Tuning Fundamentals) and Section 15.1 (PEFT)"
    )
    assert only(textbook, "PEFT (Parameter-Efficient Fine-Tuning)").section == (
        "Chapter 15 (Parameter-Efficient Fine-Tuning)"
    )
    assert all(r.section for r in textbook)
    assert not any(r.definition.startswith("See ") for r in textbook)


def test_textbook_headwords(textbook: list[SeedRecord]) -> None:
    kv = only(textbook, "KV Cache (Key-Value Cache)")
    assert (kv.name, kv.expansion) == ("KV Cache", "Key-Value Cache")
    bf16 = only(textbook, "BFloat16 (Brain Float 16)")
    assert (bf16.name, bf16.expansion) == ("BFloat16", "Brain Float 16")
    distillation = only(textbook, "Distillation (Knowledge Distillation)")
    assert (distillation.name, distillation.synonyms) == (
        "Distillation",
        ("Knowledge Distillation",),
    )
    nucleus = only(textbook, "Nucleus Sampling (Top-p Sampling)")
    assert (nucleus.name, nucleus.synonyms) == ("Nucleus Sampling", ("Top-p Sampling",))
    qlora = only(textbook, "QLoRA (Quantized Low-Rank Adaptation)")
    assert qlora.expansion == "Quantized Low-Rank Adaptation"
    assert only(textbook, "Chinchilla Scaling Laws").name == "Chinchilla Scaling Laws"
    assert only(textbook, "Pretraining").name == "Pretraining"
    assert only(textbook, "Temperature").symbol is None


# --- 003: explainers --------------------------------------------------------------------


def test_explainer_count_and_sections(explainer: list[SeedRecord]) -> None:
    assert len(explainer) == 299
    aha = explainer[0]
    assert (aha.headword, aha.name, aha.line) == ('"aha moment"', "aha moment", 4)
    assert aha.section == "\u00a723 \u00b7 GRPO & DeepSeek-R1"
    assert aha.definition.startswith("The observation in DeepSeek-R1-Zero that")
    assert all(r.section and r.section.startswith("\u00a7") for r in explainer)
    assert not any("Introduced in" in r.name for r in explainer)


def test_explainer_headwords(explainer: list[SeedRecord]) -> None:
    assert only(explainer, "KV cache").section == "\u00a712 \u00b7 The KV cache"
    assert only(explainer, "BF16").definition.startswith("Brain Floating-point 16-bit")
    assert only(explainer, "pre-training").name == "pre-training"
    sft = only(explainer, "supervised fine-tuning (SFT)")
    assert (sft.name, sft.acronym) == ("supervised fine-tuning", "SFT")
    reward = only(explainer, "length / format reward")
    assert (reward.name, reward.also_names) == ("length reward", ("format reward",))


# --- 004: LargeForgeAI (Markdown definition list) ---------------------------------------


def test_largeforge_terms(largeforge: list[SeedRecord]) -> None:
    terms = [r for r in largeforge if r.section != "Acronyms"]
    assert len(terms) == 54
    adapter = terms[0]
    assert (adapter.headword, adapter.line, adapter.section) == ("Adapter", 5, "A")
    assert adapter.definition.startswith("A small, trainable module added to a frozen")
    awq = only(largeforge, "AWQ (Activation-aware Weight Quantization)")
    assert (awq.name, awq.expansion) == ("AWQ", "Activation-aware Weight Quantization")
    top_p = only(largeforge, "Top-p (Nucleus) Sampling")
    assert (top_p.name, top_p.synonyms) == ("Top-p Sampling", ("Nucleus Sampling",))
    bf16 = only(largeforge, "BF16 (Brain Float 16)")
    assert (bf16.name, bf16.expansion, bf16.section) == ("BF16", "Brain Float 16", "B")
    assert only(largeforge, "KV Cache").expansion is None
    assert only(largeforge, "Fine-tuning").name == "Fine-tuning"


def test_largeforge_acronym_table(largeforge: list[SeedRecord]) -> None:
    # The table has 26 rows counting its "Acronym | Full Form" header; 25 are acronyms.
    rows = [r for r in largeforge if r.section == "Acronyms"]
    assert len(rows) == 25
    assert rows[0] == SeedRecord(
        source="largeforgeai",
        headword="API",
        name="API",
        definition="",
        line=211,
        section="Acronyms",
        expansion="Application Programming Interface",
    )
    by_name = {r.name: r for r in rows}
    assert by_name["LoRA"].expansion == "Low-Rank Adaptation"
    assert by_name["QLoRA"].expansion == "Quantized LoRA"
    assert by_name["KV"].expansion == "Key-Value"
    assert by_name["VRAM"].line == 235
    assert "Acronym" not in by_name
    assert not any("Architecture Document" in r.definition for r in largeforge)
