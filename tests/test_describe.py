"""The hover's Markdown for every built-in entry: short, whole, the rest under "more"."""

from __future__ import annotations

import pytest

from mlgloss.glossary.describe import HEAD_LIMIT, MORE, chosen_definition, entry_as_markdown
from mlgloss.glossary.lookup import Glossary
from mlgloss.glossary.model import FORMULA_GAP
from rules_helpers import builtin


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return builtin()


def _head(markdown: str) -> str:
    return markdown.split(f"\n\n{MORE}\n\n", 1)[0]


def test_every_hover_head_is_under_600_characters(glossary: Glossary) -> None:
    long = {
        e.term: len(_head(entry_as_markdown(e, glossary)))
        for e in glossary.entries.values()
        if len(_head(entry_as_markdown(e, glossary))) >= HEAD_LIMIT
    }
    assert long == {}


def test_lora_opens_with_one_whole_definition(glossary: Glossary) -> None:
    """LoRA's tooltip was 1,379 characters: four definitions, one full of formula gaps."""
    lora = glossary.lookup("LoRA")
    assert lora is not None
    markdown = entry_as_markdown(lora, glossary)
    head = _head(markdown)
    assert head.startswith("**LoRA** — Low-Rank Adaptation\n\n")
    assert FORMULA_GAP not in head and head.count("— *") == 1
    assert MORE in markdown and "Flashcards" in markdown.split(MORE, 1)[1]
    assert "Write" not in markdown  # the hover says what to write only on a flagged form


def test_a_definition_with_a_gap_is_chosen_only_when_there_is_no_other(
    glossary: Glossary,
) -> None:
    for entry in glossary.entries.values():
        chosen = chosen_definition(entry)
        if chosen is None:
            continue
        whole = [d for s in entry.senses for d in s.definitions if FORMULA_GAP not in d.text]
        assert FORMULA_GAP not in chosen[1].text or not whole, entry.term
