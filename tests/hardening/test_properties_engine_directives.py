"""The engine parses suppressions only where a comment holds a directive; elsewhere the
findings are what parsing would have given (no directive hides or reports anything)."""

from __future__ import annotations

import re
import sys

from hardening_support import GLOSSARY, PROFILE, markdown_document
from hypothesis import given, settings

from mlgloss.analysis import engine
from mlgloss.analysis.document import DocumentKind


@settings(PROFILE)
@given(text=markdown_document())
def test_skipping_the_parse_changes_no_finding(text: str) -> None:
    fast = engine.analyze_document(text, DocumentKind.MARKDOWN, glossary=GLOSSARY)
    saved = engine.may_hold_directives
    engine.may_hold_directives = lambda text, comments: True
    try:
        parsed = engine.analyze_document(text, DocumentKind.MARKDOWN, glossary=GLOSSARY)
    finally:
        engine.may_hold_directives = saved
    assert fast == parsed


def test_case_folding_sees_every_spelling_the_directive_pattern_admits() -> None:
    """``suppression.may_hold_directives`` looks for ``mlgloss:`` in case-folded comments; every
    character the directive pattern's IGNORECASE takes for one of those letters folds to it."""
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    for letter in set("mlgloss:"):
        admitted = re.findall(re.escape(letter), every, re.IGNORECASE)
        assert {char.casefold() for char in admitted} == {letter}, letter
