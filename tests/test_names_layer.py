"""The curated names layer (glossary/curation/names.yaml): its entries, and how they match.

Every wrong form is flagged with the project's own spelling as its fix; accepted spellings of
contested names (LLaMA and Llama, UNet and U-Net) are not; names that are English words match
only in their distinctive form; and lower-case package spellings are flagged in prose but not
where they name the package in a command, a version pin or a hyphenated ID.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from mlgloss.analysis.document import DocumentKind
from mlgloss.glossary.build.curation import CURATION_SOURCE
from rules_helpers import builtin, flagged, replacement, run

NAMES = Path(__file__).resolve().parents[1] / "glossary" / "curation" / "names.yaml"


@cache
def names() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = yaml.safe_load(NAMES.read_text(encoding="utf-8"))["entries"]
    return entries


def _name(entry: dict[str, Any]) -> str:
    return str(entry.get("term") or entry["match"])


def test_the_layer_adds_at_least_400_entries() -> None:
    added = [e for e in names() if "match" not in e]
    assert len(added) >= 400
    assert all(builtin().lookup(_name(e)) is not None for e in names())


def test_every_entry_has_a_definition_of_its_own_tags_and_a_spelling_source() -> None:
    for entry in names():
        if entry.get("match") == "pydantic":
            continue  # tags only
        assert entry.get("definition") and entry.get("tags") and entry.get("spelling"), entry
        glossary_entry = builtin().lookup(_name(entry))
        assert glossary_entry is not None
        ours = [
            d
            for s in glossary_entry.senses
            for d in s.definitions
            if d.source == CURATION_SOURCE and d.text == entry["definition"]
        ]
        assert ours and ours[0].section == f"spelling from {entry['spelling']}", entry


def test_existing_entries_are_extended_not_duplicated() -> None:
    pytorch = builtin().lookup("PyTorch")
    assert pytorch is not None and pytorch.id == "pytorch"
    assert sum(1 for e in builtin().entries.values() if e.term == "PyTorch") == 1
    statuses = {f.text: f.status.flagged for f in pytorch.forms}
    assert statuses["pytorch"] and statuses["Pytorch"]


@pytest.mark.parametrize("entry", [e for e in names() if e.get("wrong")], ids=lambda e: _name(e))
def test_every_wrong_form_is_flagged_with_the_preferred_spelling(entry: dict[str, Any]) -> None:
    glossary_entry = builtin().lookup(_name(entry))
    assert glossary_entry is not None
    for wrong in entry["wrong"]:
        text = f"We compared it with {wrong} in the second run."
        findings = run(text, "variant")
        assert [text[f.start : f.end] for f in findings] == [wrong], wrong
        # The preferred spelling, or the admitted longer name the wrong form misspells
        # (MSCOCO is "MS COCO", as HuggingFace Hub is "Hugging Face Hub").
        admitted = {f.text for f in glossary_entry.forms if not f.status.flagged}
        letters = "".join(c for c in wrong.casefold() if c.isalnum())
        longer = {a for a in admitted if "".join(c for c in a.casefold() if c.isalnum()) == letters}
        assert replacement(findings[0]) in {glossary_entry.term} | longer, wrong


@pytest.mark.parametrize(
    "text",
    [
        # contested casings are recorded, not flagged
        "The first release was LLaMA; Meta writes Llama 2 and Llama 3 since.",
        "The UNet of Stable Diffusion is a U-Net.",
        "Both Faiss and FAISS are the same library.",
        "Words were embedded with word2vec and Gensim's Word2Vec class.",
        # names that are English words, in ordinary sentences
        "Clip the gradients to 1.0. Glue code lives in utils.py.",
        "Whisper-quiet fans. The Triton kernel is fused. Phi is the golden ratio.",
        "Ray tracing is not covered. Comet tails point away from the Sun.",
        "A gemma is a bud; a mistral is a wind.",
        # a lower-case name capitalised at the start of a list item or a sentence
        "- Pandas 2.2\n- Bitsandbytes 0.41.1\n\nSafetensors files load fast.\n",
    ],
)
def test_accepted_spellings_and_english_words_are_not_flagged(text: str) -> None:
    assert flagged(text, "variant") == []


@pytest.mark.parametrize(
    "text",
    [
        "Run pip install numpy tensorflow, then restart.",
        "Run uv pip install -U deepspeed first.",
        "The script starts with import tensorflow as tf.",
        "Write from numpy import ndarray at the top.",
        "Pin numpy<2 and tensorflow>=2.15 in requirements.",
        "Launch it with the deepspeed command or the deepspeed launcher.",
        "Set the nccl backend for GPUs.",
        "Download bert-base-uncased and gpt2-medium from the Hub.",
        "The a100-large flavour costs more. See nv-torch-latest-v100 for the badge.",
        # identifiers written lower case on purpose: task names, metric IDs, commands
        'Example: "hellaswag,truthfulqa_mc2,mmlu" or gsm8k alone.',
        "Load bertscore and watch nvidia-smi during training.",
    ],
)
def test_a_package_name_in_a_plain_text_command_or_id_is_not_flagged(text: str) -> None:
    assert flagged(text, "variant") == []


def test_a_package_name_in_a_comment_command_is_not_flagged() -> None:
    text = "# requirements: pip install numpy pandas scikit-learn\nseed: 42\n"
    assert flagged(text, "variant", kind=DocumentKind.YAML) == []
    text = "# pip install deepspeed\nimport deepspeed\n"
    assert flagged(text, "variant", kind=DocumentKind.PYTHON) == []


@pytest.mark.parametrize(
    ("text", "wrong", "fix"),
    [
        ("We moved from numpy to jax last year.", "numpy", "NumPy"),
        ("The loop is plain pytorch.", "pytorch", "PyTorch"),
        ("It runs on a single a100 overnight.", "a100", "A100"),
        ("Training is pytorch-based.", "pytorch", "PyTorch"),  # two parts: prose
        ("It needs a multi-gpu node.", "gpu", "GPU"),
    ],
)
def test_a_package_name_in_prose_is_flagged(text: str, wrong: str, fix: str) -> None:
    findings = run(text, "variant")
    assert [text[f.start : f.end] for f in findings] == [wrong]
    assert replacement(findings[0]) == fix


def test_code_spans_urls_and_model_ids_are_not_flagged() -> None:
    text = (
        "Install with `pip install tensorflow numpy`, load `meta-llama/Llama-2-7b-hf` from "
        "https://huggingface.co/meta-llama/Llama-2-7b-hf and call `numpy.asarray`.\n"
    )
    assert flagged(text, "variant") == []
