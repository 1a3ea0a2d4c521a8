"""The built-in glossary: every seed entry reachable, merges, senses, attribution, freshness."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlgloss.glossary.build.importers.registry import import_seed_dir
from mlgloss.glossary.build.pipeline import build
from mlgloss.glossary.builtin import builtin_path, load_builtin_file
from mlgloss.glossary.lookup import Glossary
from mlgloss.glossary.model import FormStatus
from mlgloss.glossary.selftest import self_test_failures


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.from_layers([[load_builtin_file()]])


def test_generated_file_is_up_to_date(shared: Path, repo: Path) -> None:
    """builtin.yaml is exactly what the importers and the curation produce today."""
    text, _ = build(shared / "seeds", repo / "glossary" / "curation")
    assert builtin_path().read_text(encoding="utf-8") == text, (
        "glossary/builtin.yaml is stale: run `mlgloss glossary build --seeds ../shared/seeds`"
    )


def test_every_seed_entry_is_reachable_by_its_own_name(shared: Path, glossary: Glossary) -> None:
    records = import_seed_dir(shared / "seeds")
    missing = []
    for source, items in records.items():
        for record in items:
            entry = glossary.lookup(record.headword) or glossary.lookup(record.name)
            if entry is None:
                missing.append(f"{source}:{record.headword}")
                continue
            if not record.definition:
                continue
            attributed = [
                d
                for s in entry.senses
                for d in s.definitions
                if d.source == source and d.headword == record.headword
            ]
            if not attributed:
                missing.append(f"{source}:{record.headword} (definition not attributed)")
    assert missing == []


def test_lora_carries_four_seeds(glossary: Glossary) -> None:
    lora = glossary.lookup("LoRA")
    assert lora is not None and lora.term == "LoRA" and lora.expansion == "Low-Rank Adaptation"
    sources = {d.source for s in lora.senses for d in s.definitions}
    assert sources == {"brewslm", "posttraining-flashcards", "textbook", "largeforgeai"}
    statuses = {f.text: f.status for f in lora.forms}
    assert statuses["Lora"] is FormStatus.DEPRECATED
    assert statuses["LORA"] is FormStatus.DEPRECATED


def test_pretraining_spellings_are_one_entry(glossary: Glossary) -> None:
    entries = {glossary.lookup(x).id for x in ("Pre-Training", "Pretraining", "pre-training")}  # type: ignore[union-attr]
    assert len(entries) == 1
    (entry_id,) = entries
    entry = glossary.entry(entry_id)
    assert entry is not None
    headwords = {d.headword for s in entry.senses for d in s.definitions}
    assert {"Pre-Training", "Pretraining", "pre-training"} <= headwords


def test_distinct_senses_stay_apart(glossary: Glossary) -> None:
    tax = glossary.lookup("alignment tax")
    assert tax is not None and len(tax.senses) == 2
    temperature = glossary.lookup("temperature")
    assert temperature is not None
    contexts = {s.context for s in temperature.senses}
    assert {"decoding", "knowledge distillation"} <= contexts


@pytest.mark.parametrize(
    ("name", "term"),
    [
        ("Chinchilla Scaling Laws", "Chinchilla scaling law"),
        ("KV Cache (Key-Value Cache)", "KV cache"),
        ("BFloat16", "BF16"),
        ("bf16", "BF16"),
        ("Fine-Tuning", "fine-tuning"),
    ],
)
def test_spellings_across_seeds_merge(glossary: Glossary, name: str, term: str) -> None:
    entry = glossary.lookup(name)
    assert entry is not None and entry.term == term


def test_curated_conventions(glossary: Glossary) -> None:
    for flagged, preferred in [
        ("Pytorch", "PyTorch"),
        ("HuggingFace", "Hugging Face"),
        ("QLora", "QLoRA"),
        ("Lora", "LoRA"),
    ]:
        entry = glossary.lookup(flagged)
        assert entry is not None and entry.term == preferred
        form = entry.form(flagged)
        assert form is not None and form.status.flagged, flagged


def test_self_tests_pass(glossary: Glossary) -> None:
    assert self_test_failures(glossary) == []


def test_every_definition_is_attributed(glossary: Glossary) -> None:
    for entry in glossary.entries.values():
        for sense in entry.senses:
            for definition in sense.definitions:
                assert definition.source in glossary.sources, (entry.id, definition.source)


def test_stripped_formulas_are_marked_not_hidden(glossary: Glossary) -> None:
    from mlgloss.glossary.build.definitions import mark_formula_gaps

    assert (
        mark_formula_gaps("rate . It has , , .")
        == "rate [formula]. It has [formula], [formula], [formula]."
    )
    assert (
        mark_formula_gaps("pairs [{from, value}, ...] stay.") == "pairs [{from, value}, ...] stay."
    )
    lora = glossary.lookup("LoRA")
    assert lora is not None
    flashcard = next(
        d for s in lora.senses for d in s.definitions if d.source == "posttraining-flashcards"
    )
    assert " , , ." not in flashcard.text and "[formula]" in flashcard.text


def test_builtin_glossary_validates_against_the_json_schema(repo: Path) -> None:
    import json

    import jsonschema
    import yaml

    schema = json.loads((repo / "glossary" / "schema.json").read_text(encoding="utf-8"))
    data = yaml.safe_load(builtin_path().read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    bad = {"entries": [{"term": "LoRA", "defintion": "typo"}]}
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(bad))
