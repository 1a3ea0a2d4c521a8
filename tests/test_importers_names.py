"""Headword parsing: parentheticals, slashes and "vs", quotes, acronym matching."""

from __future__ import annotations

import pytest

from mlgloss.glossary.build.importers.names import (
    ParenKind,
    ParsedHeadword,
    classify_parenthetical,
    is_acronym_of,
    looks_like_acronym,
    parse_headword,
    record_from_headword,
)

P = ParsedHeadword


@pytest.mark.parametrize(
    ("headword", "expected"),
    [
        # The name is an acronym: the parenthetical is its expansion.
        ("LoRA (Low-Rank Adaptation)", P("LoRA", expansion="Low-Rank Adaptation")),
        ("QLoRA (Quantized LoRA)", P("QLoRA", expansion="Quantized LoRA")),
        (
            "QLoRA (Quantized Low-Rank Adaptation)",
            P("QLoRA", expansion="Quantized Low-Rank Adaptation"),
        ),
        ("KV Cache (Key-Value Cache)", P("KV Cache", expansion="Key-Value Cache")),
        ("BF16 (Brain Float 16)", P("BF16", expansion="Brain Float 16")),
        ("BFloat16 (Brain Float 16)", P("BFloat16", expansion="Brain Float 16")),
        ("NF4 (4-bit Normal Float)", P("NF4", expansion="4-bit Normal Float")),
        ("BPE (Byte-Pair Encoding)", P("BPE", expansion="Byte-Pair Encoding")),
        (
            "RAG (retrieval-augmented generation)",
            P("RAG", expansion="retrieval-augmented generation"),
        ),
        ("OOD (out of distribution)", P("OOD", expansion="out of distribution")),
        ("MoE (Mixture of Experts)", P("MoE", expansion="Mixture of Experts")),
        ("RLHF (RL from Human Feedback)", P("RLHF", expansion="RL from Human Feedback")),
        (
            "RLHF (Reinforcement Learning from Human Feedback)",
            P("RLHF", expansion="Reinforcement Learning from Human Feedback"),
        ),
        (
            "AWQ (Activation-aware Weight Quantization)",
            P("AWQ", expansion="Activation-aware Weight Quantization"),
        ),
        (
            "PEFT (Parameter-Efficient Fine-Tuning)",
            P("PEFT", expansion="Parameter-Efficient Fine-Tuning"),
        ),
        (
            "HELM (Holistic Evaluation of Language Models)",
            P("HELM", expansion="Holistic Evaluation of Language Models"),
        ),
        # The parenthetical is an acronym of the name.
        ("Supervised Fine-Tuning (SFT)", P("Supervised Fine-Tuning", acronym="SFT")),
        ("supervised fine-tuning (SFT)", P("supervised fine-tuning", acronym="SFT")),
        ("Time to first token (TTFT)", P("Time to first token", acronym="TTFT")),
        ("Continued pretraining (CPT)", P("Continued pretraining", acronym="CPT")),
        ("Domain-adaptive pretraining (DAPT)", P("Domain-adaptive pretraining", acronym="DAPT")),
        ("Chain-of-Thought (CoT)", P("Chain-of-Thought", acronym="CoT")),
        ("Weights & Biases (W&B)", P("Weights & Biases", acronym="W&B")),
        ("Reinforcement Learning (RL)", P("Reinforcement Learning", acronym="RL")),
        ("reward model (RM)", P("reward model", acronym="RM")),
        # An acronym of a fuller name whose first word the headword leaves out.
        ("Distillation (KD)", P("Distillation", acronym="KD")),
        # Synonyms, including a longer, fuller name.
        ("Parameter (weight)", P("Parameter", synonyms=("weight",))),
        ("Top-p (nucleus sampling)", P("Top-p", synonyms=("nucleus sampling",))),
        (
            "Distillation (Knowledge Distillation)",
            P("Distillation", synonyms=("Knowledge Distillation",)),
        ),
        (
            "Nucleus Sampling (Top-p Sampling)",
            P("Nucleus Sampling", synonyms=("Top-p Sampling",)),
        ),
        ("Data mixing (mix-back)", P("Data mixing", synonyms=("mix-back",))),
        ("FP16 (Float16)", P("FP16", synonyms=("Float16",))),
        # A parenthetical inside the headword replaces the word before it.
        ("Top-p (Nucleus) Sampling", P("Top-p Sampling", synonyms=("Nucleus Sampling",))),
        (
            "Causal (autoregressive) attention",
            P("Causal attention", synonyms=("autoregressive attention",)),
        ),
        # Symbols.
        ("Rank (r)", P("Rank", symbol="r")),
        ("LoRA rank (r)", P("LoRA rank", symbol="r")),
        ("Alpha (\u03b1)", P("Alpha", symbol="\u03b1")),
        ("Acceptance rate (\u03b1)", P("Acceptance rate", symbol="\u03b1")),
        ("Temperature (T)", P("Temperature", symbol="T")),
        # Qualifiers: where the term is used, not part of its name.
        ("Greedy decoding (T1)", P("Greedy decoding", qualifier="T1")),
        ("alpha (KD)", P("alpha", qualifier="KD")),
        ("Catastrophic forgetting (CPT view)", P("Catastrophic forgetting", qualifier="CPT view")),
        ("Multi-Model Routing (LoRA)", P("Multi-Model Routing", qualifier="LoRA")),
        ("Tokenization (BPE)", P("Tokenization", qualifier="BPE")),
        ("packing (SFT)", P("packing", qualifier="SFT")),
        ("Mixed precision (bf16)", P("Mixed precision", qualifier="bf16")),
        ("dtype (bf16)", P("dtype", qualifier="bf16")),
        ("Pairwise judging (A/B)", P("Pairwise judging", qualifier="A/B")),
        ("Lifecycle (11 stages)", P("Lifecycle", qualifier="11 stages")),
        ("Ignore index (-100)", P("Ignore index", qualifier="-100")),
        ("F1 (precision, recall)", P("F1", qualifier="precision, recall")),
        ("Sparsity (n-grams)", P("Sparsity", qualifier="n-grams")),
        ("PII redaction (logs)", P("PII redaction", qualifier="logs")),
        ("Decision engine (post-eval)", P("Decision engine", qualifier="post-eval")),
        ("AdamW (optimizer)", P("AdamW", qualifier="optimizer")),
    ],
)
def test_parentheticals(headword: str, expected: ParsedHeadword) -> None:
    assert parse_headword(headword) == expected


@pytest.mark.parametrize(
    ("headword", "expected"),
    [
        # The parts name distinct concepts, a narrower one too (a hidden layer is a layer,
        # "layer" is no other name for "hidden layer").
        ("Layer / hidden layer", P("Layer", also_names=("hidden layer",))),
        ("Temperature / top-p", P("Temperature", also_names=("top-p",))),
        ("Overfitting / underfitting", P("Overfitting", also_names=("underfitting",))),
        ("input_ids / labels", P("input_ids", also_names=("labels",))),
        ("Latency vs throughput", P("Latency", also_names=("throughput",))),
        ("Reproducible vs replicable", P("Reproducible", also_names=("replicable",))),
        ("Drift / drift detection", P("Drift", also_names=("drift detection",))),
        ("Task handler / dispatcher", P("Task handler", also_names=("dispatcher",))),
        ("Job / Notification bell", P("Job", also_names=("Notification bell",))),
        ("RejectedRow / reason code", P("RejectedRow", also_names=("reason code",))),
        (
            "from_pretrained / save_pretrained",
            P("from_pretrained", also_names=("save_pretrained",)),
        ),
        # A shared head noun is distributed over the single words before it.
        (
            "Head / layer / channel pruning",
            P("Head pruning", also_names=("layer pruning", "channel pruning")),
        ),
        ("Weighted / micro F1", P("Weighted F1", also_names=("micro F1",))),
        ("length / format reward", P("length reward", also_names=("format reward",))),
        (
            "Offline vs Online Preference Learning",
            P("Offline Preference Learning", also_names=("Online Preference Learning",)),
        ),
        # Slashes without spaces are part of one name.
        ("Train/validation/test split", P("Train/validation/test split")),
        ("A/B Testing", P("A/B Testing")),
    ],
)
def test_slashes_and_versus(headword: str, expected: ParsedHeadword) -> None:
    assert parse_headword(headword) == expected


@pytest.mark.parametrize(
    ("headword", "name"),
    [
        ('"aha moment"', "aha moment"),
        ("\u201caha moment\u201d", "aha moment"),
        ("generate()", "generate()"),  # an empty call is not a parenthetical
        ("Two-stage CPT \u2192 SFT pipeline", "Two-stage CPT \u2192 SFT pipeline"),
        ("helpful, honest, harmless", "helpful, honest, harmless"),
        ("  Batch   size ", "Batch size"),
    ],
)
def test_plain_names(headword: str, name: str) -> None:
    assert parse_headword(headword) == P(name)


@pytest.mark.parametrize(
    ("short", "long", "expected"),
    [
        ("LoRA", "Low-Rank Adaptation", True),
        ("SFT", "Supervised Fine-Tuning", True),
        ("CPT", "Continued pretraining", True),
        ("TTFT", "Time to first token", True),
        ("BF16", "Brain Float 16", True),
        ("BF16", "Brain Float 32", False),  # digits must agree
        ("FP16", "Float 16", False),  # no word gives the P
        ("SFT", "Supervised Tuning", False),  # an initial left over
        ("KD", "Distillation", False),
        ("Top-p", "nucleus sampling", False),  # not written like an acronym
        ("GPU", "GPU", False),  # a long form must be longer
    ],
)
def test_is_acronym_of(short: str, long: str, expected: bool) -> None:
    assert is_acronym_of(short, long) is expected


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        *[("SFT", True), ("LoRA", True), ("T1", True), ("bf16", True), ("A/B", True)],
        *[("Float16", False), ("Top-p", False), ("weight", False), ("CPT view", False)],
    ],
)
def test_looks_like_acronym(token: str, expected: bool) -> None:
    assert looks_like_acronym(token) is expected


def test_classify_parenthetical_names_each_kind() -> None:
    assert classify_parenthetical("LoRA", "Low-Rank Adaptation") is ParenKind.EXPANSION
    assert classify_parenthetical("Supervised Fine-Tuning", "SFT") is ParenKind.ACRONYM
    assert classify_parenthetical("Parameter", "weight") is ParenKind.SYNONYM
    assert classify_parenthetical("Rank", "r") is ParenKind.SYMBOL
    assert classify_parenthetical("Greedy decoding", "T1") is ParenKind.QUALIFIER


def test_record_keeps_headword_and_normalises_definition() -> None:
    record = record_from_headword(
        source="s",
        headword="LoRA (Low-Rank Adaptation)",
        definition="  Trains small\n  added matrices. ",
        line=7,
        section="Track 1",
    )
    assert record.headword == "LoRA (Low-Rank Adaptation)"
    assert record.name == "LoRA"
    assert record.expansion == "Low-Rank Adaptation"
    assert record.definition == "Trains small added matrices."
    assert (record.source, record.line, record.section) == ("s", 7, "Track 1")
