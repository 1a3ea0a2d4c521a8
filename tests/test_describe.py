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


def test_every_config_key_hover_head_is_under_600_characters(glossary: Glossary) -> None:
    """Every key the glossary maps and every key a tool ties to a concept, in each tool."""
    from mlgloss.analysis.config_tools.describe_key import key_as_markdown
    from mlgloss.analysis.config_tools.key_info import key_info
    from mlgloss.analysis.config_tools.specs import TOOLS
    from mlgloss.analysis.document import ConfigKey

    keys = sorted(glossary.config_keys | {k for tool in TOOLS for k in tool.concepts})
    heads = {}
    for tool_id in [None, *(tool.id for tool in TOOLS)]:
        for key in keys:
            info = key_info(ConfigKey(0, len(key), key), tool_id, glossary)
            if info.entry is not None:
                heads[(tool_id, key)] = _head(key_as_markdown(info, glossary, "mlgloss-entry:"))
    assert len(heads) > 500
    assert {k: len(h) for k, h in heads.items() if len(h) >= HEAD_LIMIT} == {}
    assert all(h.startswith(f"**`{key}`** — config key") for (_, key), h in heads.items())
