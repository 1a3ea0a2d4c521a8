"""Properties of the fast paths of re-analysis: each gives exactly what the slow one gives.

Incremental re-analysis after random edits equals a fresh analysis; the case-insensitive
searches made on the lower-cased text equal ``re.IGNORECASE`` searches; the misspelling
rule's search for its suspect words finds the ``_WORD`` matches the full walk finds.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from mlgloss.analysis import caseless
from mlgloss.analysis.document import DocumentKind
from mlgloss.analysis.engine import analyze_document
from mlgloss.analysis.extract import extract
from mlgloss.analysis.incremental import MIN_INCREMENTAL_SIZE, IncrementalAnalyzer, restart_points
from mlgloss.analysis.legal_text import _HEADER_START, _HEADER_START_LOWER, _QUICK, _QUICK_WORDS
from mlgloss.analysis.rules import misspelling
from mlgloss.glossary.layers import load_glossary
from mlgloss.glossary.lookup import Glossary

PIECES = [
    "We fine-tune with Lora adapters. ",
    "Pretraining and pre-training differ. ",
    "Chinchila and Transfomer laws, knowledage. ",
    "DPO (Direct Preference Optimization) and GRPO. ",
    "```\n",
    "\n\n",
    "# Pre-Training With Pytorch\n",
    "<!--\n",
    "-->\n",
    "- item with QLora\n",
    "> quoted Lora\n",
    "Copyright 2024 the Huggingface team. ",
    "Licensed under the Apache License. ",
    "[A Paper Title](https://arxiv.org/abs/1) ",
    '"Scaling Laws For Transfomer Models" ',
    "\u0130 \u0131 \u017f \u212a caf\u00e9 ",
    "x",
    "```python\nlora = 1\n\n",
    "~~~\n",
    "<script>\n\n",
    "</script>\n",
    "<?php\n\n?>\n",
    "<![CDATA[\n\n]]>\n",
    "<!DOCTYPE\n\n>\n",
    "   ```\n",
    "\n\n   \n\n",
    "-",
    ">",
]
_GLOSSARY: list[Glossary] = []


def glossary() -> Glossary:
    if not _GLOSSARY:
        _GLOSSARY.append(load_glossary())
    return _GLOSSARY[0]


@pytest.fixture(scope="module")
def base(shared: Path) -> str:
    parts: list[str] = []
    for path in sorted((shared / "corpus").rglob("*.md")):
        parts.append(path.read_text(encoding="utf-8"))
        if sum(map(len, parts)) > MIN_INCREMENTAL_SIZE + 10_000:
            break
    return "\n\n".join(parts)


edits = st.lists(
    st.tuples(
        st.floats(0, 1),  # where, as a fraction of the text
        st.integers(0, 30),  # characters deleted
        st.lists(st.sampled_from(PIECES), max_size=3).map("".join),  # text inserted
    ),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=edits)
# A fence opened in a list item closes with the item, and the "<!--" after it opens an HTML
# block that runs to the end (a regex scan took the fence for one running on, far past it).
@example(steps=[(0.203125, 0, "```\n   ```\n<!--\n")])
def test_incremental_equals_fresh_after_random_edits(
    base: str, steps: list[tuple[float, int, str]]
) -> None:
    text = base
    analyzer = IncrementalAnalyzer()
    analyzer.analyze(text, DocumentKind.MARKDOWN, glossary=glossary())
    for where, deleted, inserted in steps:
        at = int(where * len(text))
        text = text[:at] + inserted + text[at + deleted :]
        got = analyzer.analyze(text, DocumentKind.MARKDOWN, glossary=glossary())
        event("incremental" if analyzer.last_was_incremental else "whole")
        fresh = analyze_document(text, DocumentKind.MARKDOWN, glossary=glossary())
        assert got.extraction.prose == fresh.extraction.prose
        assert got.occurrences == fresh.occurrences
        assert got.findings == fresh.findings
        kept = analyzer._previous
        assert kept is not None and kept.restarts == fresh_restarts(text)  # the splice is exact


def fresh_restarts(text: str) -> list[int]:
    starts: list[int] = []
    extract(text, DocumentKind.MARKDOWN, top_level_starts=starts)
    return restart_points(text, starts)


ALPHABET = st.sampled_from(
    [*"abcdeilknrsty ()\n-\u00a9", "\u0130", "\u0131", "\u017f", "\u212a", "\u00e9", "K", "I"]
)
LEGAL_WORDS = ["copyright", "LICENSED UNDER", "Licenced under", "(C)", "SPDX-License"]
noisy = st.one_of(
    st.text(),
    st.lists(
        st.one_of(ALPHABET, st.sampled_from(LEGAL_WORDS)),
        max_size=40,
    ).map("".join),
)


@given(text=noisy)
def test_caseless_searches_equal_ignorecase_ones(text: str) -> None:
    low = caseless.lowered(text)
    if low is not None:
        assert len(low) == len(text)
    if low is not None:
        assert any(w in low for w in _QUICK_WORDS) == bool(_QUICK.search(text))
    assert caseless.starts(_HEADER_START, _HEADER_START_LOWER, text, low) == [
        m.start() for m in _HEADER_START.finditer(text)
    ]


@given(text=noisy, chunk=st.integers(1, 12))
def test_lowering_by_pieces_finds_what_lowering_the_whole_finds(text: str, chunk: int) -> None:
    pieces = list(caseless.lowered_pieces(text, chunk))
    assert "".join(low for _, low in pieces) == text.lower()
    # Offsets are the original text's ("İ" lowers to two characters, so not the lowered one's).
    starts = [lo for lo, _ in pieces]
    ends = [*starts[1:], len(text)][: len(starts)]
    assert starts[:1] == ([0] if text else [])
    assert all(low == text[lo:end].lower() for (lo, low), end in zip(pieces, ends, strict=True))
    assert all(low.endswith("\n") for _, low in pieces[:-1])
    assert caseless.starts_by_pieces(_HEADER_START, _HEADER_START_LOWER, text, chunk) == [
        m.start() for m in _HEADER_START.finditer(text)
    ]


words = st.lists(
    st.one_of(
        st.sampled_from(["knowledage", "Knowledage", "KNOWLEDAGE", "optimzied", "_", " ", "9"]),
        st.sampled_from(["\u212anowledage", "\u0130", "\u017f", "\u00e9", "-", "\n", "ab"]),
    ),
    max_size=30,
).map("".join)


@given(prose=words)
def test_suspect_search_finds_what_the_word_walk_finds(prose: str) -> None:
    suspects = {"knowledage", "optimzied"}
    walked = [m.span() for m in misspelling._WORD.finditer(prose) if m.group().lower() in suspects]
    found = [
        span
        for span in misspelling._suspect_words(prose, suspects)
        if prose[span[0] : span[1]].lower() in suspects
    ]
    assert found == walked
    assert all(re.fullmatch(r"[^\W\d_]+", prose[a:b]) for a, b in found)
    # Lowered a few characters (then to the next line break) at a time: the same spans.
    assert misspelling._suspect_words(prose, suspects, chunk=3) == misspelling._suspect_words(
        prose, suspects
    )
