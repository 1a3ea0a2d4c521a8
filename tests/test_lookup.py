"""Look-up: by form, fuzzy search, config keys, project layers over the built-in glossary."""

from __future__ import annotations

from glossary_helpers import SMALL, glossary_from
from mlgloss.glossary.loader import parse_glossary
from mlgloss.glossary.lookup import Glossary


def test_lookup_by_any_form() -> None:
    g = glossary_from(SMALL)
    assert g.lookup("Low-Rank Adaptation").id == "lora"  # type: ignore[union-attr]
    assert g.lookup("lora").id == "lora"  # type: ignore[union-attr]
    assert g.lookup("Pre-Training").id == "pretraining"  # type: ignore[union-attr]
    assert g.lookup("SFT").id == "supervised-fine-tuning"  # type: ignore[union-attr]
    assert g.lookup("nothing like it") is None


def test_fuzzy_search_ranks_the_intended_term_first() -> None:
    g = glossary_from(SMALL)
    assert g.search("low rank")[0].entry.id == "lora"
    assert g.search("pytorh")[0].entry.id == "pytorch"
    assert g.search("QLoRA")[0].entry.id == "qlora"


def test_config_keys() -> None:
    g = glossary_from(SMALL)
    assert g.by_config_key("lora_alpha").id == "lora"  # type: ignore[union-attr]
    assert "lora_r" in g.config_keys


def test_project_layer_adds_and_overrides() -> None:
    base = parse_glossary(SMALL, "builtin.yaml")
    project = parse_glossary(
        "entries:\n"
        "  - {term: LoRA, definition: Our team's definition.}\n"
        "  - {term: DoRA, definition: Weight-decomposed LoRA.}\n"
        "  - {term: pre-training}\n",
        "project.yaml",
    )
    g = Glossary.from_layers([[base], [project]])
    lora = g.entry("lora")
    assert lora is not None and lora.senses[0].definitions[0].text == "Our team's definition."
    assert g.entry("dora") is not None
    # the project claims "pre-training" for its own entry; the built-in one lets it go
    assert g.lookup("pre-training").id == "pre-training"  # type: ignore[union-attr]
    assert g.lookup("pretraining").id == "pretraining"  # type: ignore[union-attr]


def test_builtin_can_be_switched_off(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from mlgloss.glossary.layers import load_glossary

    own = tmp_path / "g.yaml"
    own.write_text("entries:\n  - {term: DoRA}\n", encoding="utf-8")
    g = load_glossary([own], builtin=False)
    assert list(g.entries) == ["dora"]
