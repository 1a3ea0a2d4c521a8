"""The layout importers on small hand-written inputs: edge cases, errors and the registry."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mlgloss.glossary.build.importers.brewslm import import_brewslm
from mlgloss.glossary.build.importers.definition_list import parse_definition_list
from mlgloss.glossary.build.importers.errors import SeedFormatError
from mlgloss.glossary.build.importers.explainer import import_explainer
from mlgloss.glossary.build.importers.flashcards import import_flashcards
from mlgloss.glossary.build.importers.registry import SEEDS, import_seed_dir
from mlgloss.glossary.build.importers.text import join_broken_lines
from mlgloss.glossary.build.importers.textbook import import_textbook

SEEDS_DIR = next(
    (p / "shared" / "seeds" for p in Path(__file__).resolve().parents if (p / "shared").is_dir()),
    Path(__file__).resolve().parents[2] / "shared" / "seeds",
)

# --- definition lists (a project's docs/glossary.md) -----------------------------------

PROJECT_GLOSSARY = """\
# Our glossary

Terms we use in this repository.

## Training

**Adapter**
: A small trainable module
  on a frozen base.

**Warmup**

: Ramping the learning rate up.
: Also: the steps that do it.

**Loss Mask (LM)**
: Zeroes the loss on prompt tokens.

    Indented: a second paragraph.

| Acronym | Full form | Note |
|---|---|---|
| PEFT | Parameter-Efficient Fine-Tuning | a family |

*A footer that is not an entry.*
"""


def test_definition_list_project_glossary() -> None:
    records = parse_definition_list(PROJECT_GLOSSARY, "project", "docs/glossary.md")
    assert [(r.headword, r.line, r.section) for r in records] == [
        ("Adapter", 7, "Training"),
        ("Warmup", 11, "Training"),
        ("Warmup", 11, "Training"),
        ("Loss Mask (LM)", 16, "Training"),
        ("PEFT", 23, "Training"),
    ]
    assert records[0].definition == "A small trainable module on a frozen base."
    assert [r.definition for r in records[1:3]] == [
        "Ramping the learning rate up.",
        "Also: the steps that do it.",
    ]
    assert (
        records[3].definition == "Zeroes the loss on prompt tokens. Indented: a second paragraph."
    )
    assert (records[3].name, records[3].acronym) == ("Loss Mask", "LM")
    assert (records[4].name, records[4].expansion, records[4].definition) == (
        "PEFT",
        "Parameter-Efficient Fine-Tuning",
        "a family",
    )
    assert {r.source for r in records} == {"project"}


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("## A\n\n**Adapter**\n\n**Alignment**\n: Text.\n", 3, "**Adapter** has no definition"),
        ("**Adapter**\nA module.\n", 2, "**Adapter** (line 1) needs a definition"),
        ("## A\n\n: A definition alone.\n", 3, "no **Term** line above it"),
        ("**Adapter**: A module.\n", 1, "must hold only **Term**"),
        ("**Adapter**\n", 1, "before the end"),
        ("| Acronym | Full form |\n|---|---|\n| GPU |\n", 3, "this row has 1 cells"),
        ("| Acronym |\n|---|\n", 1, "needs two columns"),
    ],
)
def test_definition_list_errors_say_where(text: str, line: int, message: str) -> None:
    with pytest.raises(SeedFormatError) as caught:
        parse_definition_list(text, "project", "docs/glossary.md")
    assert caught.value.file == "docs/glossary.md"
    assert caught.value.line == line
    assert message in caught.value.message
    assert str(caught.value).startswith(f"docs/glossary.md:{line}: ")


def test_definition_list_bold_prose_is_not_a_term() -> None:
    text = "**Note:** these terms are ours.\n\n**Adapter**\n: A module.\n"
    records = parse_definition_list(text, "project", "g.md")
    assert [r.headword for r in records] == ["Adapter"]


# --- the other layouts ------------------------------------------------------------------


def test_join_broken_lines() -> None:
    assert join_broken_lines(["output (", '{"tool": 1}) for']) == 'output ({"tool": 1}) for'
    assert join_broken_lines(["table with", ".map() that"]) == "table with .map() that"
    assert join_broken_lines(["", "  a  b ", "c"]) == "a b c"


def test_brewslm_errors() -> None:
    with pytest.raises(
        SeedFormatError, match=r"^brewslm:2: term .Epoch. has no definition before line 3"
    ):
        import_brewslm("A\u2013E\n- Epoch\nF\u2013N\n- Gradient\n- Slope.\n", "brewslm")
    with pytest.raises(SeedFormatError, match="text outside any entry"):
        import_brewslm("A\u2013E\nstray words\n- Epoch\n- One pass.\n", "brewslm")


def test_brewslm_preamble_and_navigation_are_not_entries() -> None:
    text = "Academy\nGlossary\nA\u2013E\n- Epoch\n- One pass.\n\u2190 Back\n"
    (record,) = import_brewslm(text, "brewslm")
    assert (record.name, record.definition, record.line) == ("Epoch", "One pass.", 4)


def test_flashcards_count_mismatch_is_an_error() -> None:
    text = "Flashcards\n3 cards \u00b7 0 marked known\nEpoch\nOne pass.\nStep\nOne update.\n"
    with pytest.raises(SeedFormatError, match="says 3 cards but 2 were found"):
        import_flashcards(text, "deck")


def test_flashcards_without_header() -> None:
    # A short line that ends a sentence continues the card; it is not the next term.
    text = "Epoch\nOne pass over\nthe data.\nSee Steps.\nStep\nOne update.\n"
    records = import_flashcards(text, "deck")
    assert [(r.name, r.definition, r.line) for r in records] == [
        ("Epoch", "One pass over the data. See Steps.", 1),
        ("Step", "One update.", 5),
    ]


def test_textbook_entry_without_see_line() -> None:
    text = "Intro\n- Epoch\n- One pass.\n- Step\n- One update.\n- See Section 1.2 (Loops)\n"
    records = import_textbook(text, "book")
    assert [(r.name, r.section) for r in records] == [
        ("Epoch", None),
        ("Step", "Section 1.2 (Loops)"),
    ]


def test_explainer_rejects_a_second_definition() -> None:
    text = "- epoch Introduced in \u00a701 \u00b7 Basics\n- One pass.\n- Another.\n"
    with pytest.raises(SeedFormatError, match=r"explainer:3: a second definition"):
        import_explainer(text, "explainer")


# --- the registry ----------------------------------------------------------------------


def test_registry_sources() -> None:
    assert [seed.prefix for seed in SEEDS] == ["000", "001", "002", "003", "004"]
    ids = [seed.source.id for seed in SEEDS]
    assert len(set(ids)) == len(ids)
    names = {seed.prefix: seed.source.name for seed in SEEDS}
    assert names["000"] == "BrewSLM Academy glossary"
    assert names["004"] == "LargeForgeAI Glossary"
    assert all(seed.source.url is None for seed in SEEDS)


def test_import_seed_dir_counts() -> None:
    records = import_seed_dir(SEEDS_DIR)
    assert list(records) == [seed.source.id for seed in SEEDS]
    assert [len(rs) for rs in records.values()] == [269, 73, 38, 299, 54 + 25]
    for source_id, source_records in records.items():
        assert {r.source for r in source_records} == {source_id}


def test_import_seed_dir_names_the_broken_file(tmp_path: Path) -> None:
    for path in SEEDS_DIR.glob("*.txt"):
        shutil.copy(path, tmp_path / path.name)
    (broken,) = tmp_path.glob("001_*.txt")
    lines = broken.read_text(encoding="utf-8").splitlines()
    del lines[4]  # the first card's definition
    broken.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(SeedFormatError) as caught:
        import_seed_dir(tmp_path)
    assert caught.value.file == broken.name


def test_import_seed_dir_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"000_\*\.txt"):
        import_seed_dir(tmp_path)
