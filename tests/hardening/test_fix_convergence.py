"""Fixing all findings at once must leave a clean, sensible text.

The per-rule property (``check_fixes_settle``) holds; these are the cross-rule and
fix-content failures the fuzzing found, kept as deterministic tests now that they are fixed:
an already-plural expansion pluralised again, and an expansion filed as a spelling of its
acronym (the 'ood' entry), which made fix-all oscillate.
"""

from __future__ import annotations

import pytest
from hardening_support import GLOSSARY, analyse

from mlgloss.analysis.document import DocumentKind
from mlgloss.analysis.fixes import apply_fixes


def fix_all(text: str, kind: DocumentKind = DocumentKind.MARKDOWN) -> str:
    """Every fix, unsafe ones included (``--fix --unsafe-fixes``): the expansions settle too."""
    return apply_fixes(text, analyse(text, kind).findings, unsafe=True)


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("We stream SSEs to the client.\n", "We stream Server-Sent Events (SSEs) to the client.\n"),
        ("Sparse MoEs are cheap.\n", "Sparse mixtures of experts (MoEs) are cheap.\n"),
    ],
)
def test_a_plural_acronym_is_expanded_without_a_double_plural(text: str, fixed: str) -> None:
    assert fix_all(text) == fixed


@pytest.mark.parametrize(
    "text",
    [
        "Models fail on OOD data.\n",
        "OOD inputs are common.\n",
    ],
)
def test_fixing_twice_changes_nothing(text: str) -> None:
    once = fix_all(text)
    assert fix_all(once) == once


def test_fix_all_reaches_a_sensible_fixed_point() -> None:
    text = "Ood is bad. Ood again.\n"
    for _ in range(3):
        text = fix_all(text)
    assert text == "Out-of-distribution (OOD) is bad. OOD again.\n"


def test_fixing_twice_changes_nothing_for_ordinary_terms() -> None:
    """The same check passes where the glossary data are right (it can pass)."""
    text = "We study pretraining, then pre-training, then pretraining with a transfomer.\n"
    once = fix_all(text)
    assert once != text
    assert fix_all(once) == once


def test_a_fix_that_reveals_an_acronym_settles_in_a_second_pass() -> None:
    """By design one pass is not always enough: fixing 'Lora' to 'LoRA' makes a use of the
    acronym that the first pass could not see (a flagged form is not an acronym use). Fix-all
    in the front ends has to repeat until nothing changes; two passes suffice here."""
    text = "We fine-tune a Lora adapter.\n"
    once = fix_all(text)
    twice = fix_all(once)
    assert once == "We fine-tune a LoRA adapter.\n"
    assert twice == "We fine-tune a Low-Rank Adaptation (LoRA) adapter.\n"
    assert fix_all(twice) == twice


def test_expansions_written_as_spellings_are_few() -> None:
    """No entry lists its expansion as a competing spelling of its acronym (the loader files
    such a form as an expansion), so acronym and expansion never count as inconsistent."""
    offenders = sorted(
        entry.id
        for entry in GLOSSARY.entries.values()
        if entry.expansion
        and any(
            f.kind.value == "spelling" and not f.status.flagged and f.matches(entry.expansion)
            for f in entry.forms[1:]
        )
    )
    assert offenders == [], offenders
