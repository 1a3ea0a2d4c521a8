"""``mlgloss define``: the entry with every source's definition; unknown terms suggest."""

from __future__ import annotations

import json

from .conftest import RunMlgloss


def test_define_lora_shows_the_four_seeds(mlgloss: RunMlgloss) -> None:
    run = mlgloss("define", "LoRA")
    assert run.code == 0, run.err
    assert run.out.startswith("LoRA (Low-Rank Adaptation)")
    for source in (
        "BrewSLM Academy glossary",
        "Flashcards (post-training glossary deck)",
        "Textbook glossary",
        "LargeForgeAI Glossary",
    ):
        assert source in run.out
    assert "Write LoRA, not: Lora" in run.out


def test_define_pre_training_merges_three_spellings(mlgloss: RunMlgloss) -> None:
    run = mlgloss("define", "pre-training", "--json")
    assert run.code == 0, run.err
    entry = json.loads(run.out)
    headwords = {d["headword"] for s in entry["senses"] for d in s["definitions"]}
    assert {"Pre-Training", "Pretraining", "pre-training"} <= headwords
    assert {f["text"] for f in entry["forms"]} >= {"pretraining", "pre-training"}


def test_unknown_term_suggests_and_exits_1(mlgloss: RunMlgloss) -> None:
    run = mlgloss("define", "Chinchila")
    assert run.code == 1
    assert "not in the glossary" in run.err and "Chinchilla scaling law" in run.err
    run = mlgloss("define", "Chinchila", "--json")
    assert run.code == 1 and json.loads(run.out)["suggestions"][0] == "Chinchilla scaling law"


def test_project_glossary_layers_over_the_builtin(mlgloss: RunMlgloss, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "team.yaml").write_text(
        "entries:\n  - {term: DoRA, definition: Weight-decomposed low-rank adaptation.}\n",
        encoding="utf-8",
    )
    (tmp_path / ".mlgloss.toml").write_text('glossary = ["team.yaml"]\n', encoding="utf-8")
    run = mlgloss("define", "DoRA", cwd=tmp_path)
    assert run.code == 0, run.err
    assert "Weight-decomposed low-rank adaptation." in run.out
    run = mlgloss("define", "DoRA", "--no-builtin", "--glossary", "team.yaml", cwd=tmp_path)
    assert run.code == 0
    run = mlgloss("define", "LoRA", "--no-builtin", "--glossary", "team.yaml", cwd=tmp_path)
    assert run.code == 1


def test_a_markdown_project_glossary_is_a_layer(mlgloss: RunMlgloss, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A docs/glossary.md in the definition-list layout feeds define and check alike."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "glossary.md").write_text(
        "# Our glossary\n\n## D\n\n**DoRA (Weight-Decomposed Low-Rank Adaptation)**\n"
        ": Splits each weight into magnitude and direction and adapts the direction.\n",
        encoding="utf-8",
    )
    (tmp_path / ".mlgloss.toml").write_text('glossary = ["docs/glossary.md"]\n', encoding="utf-8")
    run = mlgloss("define", "DoRA", cwd=tmp_path)
    assert run.code == 0, run.err
    assert "magnitude and direction" in run.out
    (tmp_path / "notes.md").write_text("We tried Dora on the model.\n", encoding="utf-8")
    run = mlgloss("check", "notes.md", "--format", "json", cwd=tmp_path)
    findings = json.loads(run.out)["findings"]
    assert [(f["rule"], f["text"]) for f in findings if f["rule"] == "variant"] == [
        ("variant", "Dora")
    ]


def test_define_resolves_spacing_hyphenation_and_config_keys(mlgloss: RunMlgloss) -> None:
    for query in ("low rank adaptation", "Low-rank-adaptation", "lora_alpha"):
        run = mlgloss("define", query)
        assert run.code == 0, (query, run.err)
    assert mlgloss("define", "low rank adaptation").out.startswith("LoRA (Low-Rank Adaptation)")
    assert mlgloss("define", "lora_alpha").out.startswith("LoRA alpha")


def test_define_finds_an_acronym_by_its_long_form(mlgloss: RunMlgloss) -> None:
    run = mlgloss("define", "chain of thought")
    assert run.code == 0 and run.out.startswith("CoT (chain-of-thought)")
    flagged = [line for line in run.out.splitlines() if line.startswith("Write CoT, not:")]
    assert flagged and "chain" not in flagged[0].casefold()


def test_define_knows_a_term_kept_out_of_prose(mlgloss: RunMlgloss) -> None:
    run = mlgloss("define", "Manifest")
    assert run.code == 0 and run.out.startswith("manifest")
