"""Adding forms to a project glossary keeps it valid: merged spellings, unique ids, and no
edit at all when none would keep the file loadable (mlgloss.glossary.add_form)."""

from __future__ import annotations

import itertools

import pytest

from mlgloss.glossary.add_form import addition, new_glossary
from mlgloss.glossary.loader import parse_glossary
from mlgloss.glossary.lookup import check_layer


def add(text: str, form: str) -> str:
    insertion = addition(text, "g.yaml", form)
    assert insertion is not None, form
    return insertion.apply(text)


def written_forms(text: str) -> dict[str, list[str]]:
    file = parse_glossary(text, "g.yaml")
    check_layer([file])
    return {e.id: [f.text for f in e.forms if not f.generated] for e in file.entries}


def test_a_second_spelling_is_merged_into_the_first_entry() -> None:
    text = add(new_glossary("LoRa"), "LORA")
    assert written_forms(text) == {"project-lora": ["LoRa", "LORA"]}
    text = add(text, "Lora")
    assert written_forms(text) == {"project-lora": ["LoRa", "LORA", "Lora"]}
    assert addition(text, "g.yaml", "LORA") is None  # already admitted


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("  - {term: LoRa, definition: x}\n", '  - {term: LoRa, definition: x, forms: ["LORA"]}\n'),
        (
            "  - term: LoRa\n    forms: [LoRA-x]\n",
            '  - term: LoRa\n    forms: [LoRA-x, "LORA"]\n',
        ),
        (
            "  - term: LoRa\n    forms:\n      - LoRA-x  # why\n    tags: [a]\n",
            '  - term: LoRa\n    forms:\n      - LoRA-x  # why\n      - "LORA"\n    tags: [a]\n',
        ),
        (
            "  - term: LoRa\n    definition: |\n      two\n      lines\n",
            '  - term: LoRa\n    definition: |\n      two\n      lines\n    forms: ["LORA"]\n',
        ),
        (
            "  - term: LoRa\n    definition: x",
            '  - term: LoRa\n    definition: x\n    forms: ["LORA"]\n',
        ),
    ],
)
def test_merging_follows_the_style_the_entry_is_written_in(entry: str, expected: str) -> None:
    head = "version: 1\nentries:\n"
    assert add(head + entry, "LORA") == head + expected


def test_an_unrelated_term_with_the_same_id_gets_a_unique_one() -> None:
    text = "version: 1\nentries:\n  - id: project-c\n    term: C\n    case: sensitive\n"
    text = add(text, "c++")  # slug 'c', but other letters
    assert set(written_forms(text)) == {"project-c", "project-c-2"}


def test_no_edit_when_the_file_flags_the_form_or_is_broken() -> None:
    flagged = (
        "version: 1\nentries:\n  - term: Frobnicator\n"
        "    forms: [{text: frobnicater, status: deprecated, reason: spelling}]\n"
    )
    assert addition(flagged, "g.yaml", "frobnicater") is None
    assert addition("entries: [\n", "g.yaml", "LoRa") is None


def test_any_sequence_of_additions_leaves_a_valid_glossary() -> None:
    words = ["LoRa", "LORA", "Lora", "PyTorch", "Pytorch", "pytorch", "C", "c++", "C#", "Qlora"]
    for order in itertools.islice(itertools.permutations(words), 0, 400, 7):
        text = new_glossary(order[0])
        for form in order[1:]:
            insertion = addition(text, "g.yaml", form)
            if insertion is not None:
                text = insertion.apply(text)
            written_forms(text)  # loads, and no id or form is claimed twice
