"""The recall probe set of issue 13 (``benchmarks/recall/``) through the real engine.

151 sentences with one terminology mistake each and 159 sentences that use the same names
correctly, each checked as its own document with the built-in glossary: at least 90 % of the
mistakes must be caught with the right fix, and no correct sentence may get a warning.
``benchmarks/recall.py --list`` prints the misses and the false warnings; the figures are in
``benchmarks/RECALL.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import recall

from rules_helpers import builtin


@pytest.fixture(scope="module")
def result() -> recall.Result:
    return recall.score(builtin())


def test_the_probe_set_is_the_size_the_issue_asks_for(result: recall.Result) -> None:
    assert result.mistakes >= 100
    assert result.correct >= 100


def test_recall_with_the_right_fix_is_at_least_90_percent(result: recall.Result) -> None:
    missed = [(p["wrong"], p["fix"]) for p, _ in result.misses]
    assert result.recall >= 0.9, missed


def test_no_warning_on_a_correct_sentence(result: recall.Result) -> None:
    shown = [(text[f.start : f.end], f.message) for text, _, f in result.false_warnings]
    assert shown == []


def test_every_mistake_probe_names_text_it_holds() -> None:
    for probe in recall.load("mistakes.yaml"):
        assert probe["wrong"] in probe["text"] and probe["wrong"] != probe["fix"], probe
