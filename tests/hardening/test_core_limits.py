"""The helpers of ``analysis/limits.py``: they bound work without producing the rest."""

from __future__ import annotations

import functools
from itertools import count

from mlgloss.analysis.limits import MAX_DOCUMENT_CHARS, MAX_FINDINGS_PER_RULE, capped, too_large


def test_capped_stops_an_endless_rule() -> None:
    assert list(capped(count(), 3)) == [0, 1, 2]
    assert sum(1 for _ in capped(count())) == MAX_FINDINGS_PER_RULE


def test_too_large_is_strictly_past_the_limit() -> None:
    assert not too_large("x" * 10)
    assert too_large("x" * (MAX_DOCUMENT_CHARS + 1))
    assert not too_large("x" * MAX_DOCUMENT_CHARS)


def test_the_engine_reads_nothing_past_the_document_limit(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from mlgloss.analysis import engine
    from mlgloss.analysis.document import DocumentKind
    from mlgloss.glossary.layers import load_glossary

    monkeypatch.setattr(engine, "too_large", lambda text: len(text) > 100)
    text = "We fine-tune with Lora. " * 10
    analysis = engine.analyze_document(text, DocumentKind.MARKDOWN, glossary=load_glossary())
    assert analysis.findings == () and analysis.truncated
    assert len(analysis.extraction.prose) == len(text)


def test_a_rule_stops_at_its_cap_and_the_analysis_says_truncated(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from mlgloss.analysis import engine
    from mlgloss.analysis.document import DocumentKind
    from mlgloss.glossary.layers import load_glossary

    monkeypatch.setattr(engine, "MAX_FINDINGS_PER_RULE", 3)
    monkeypatch.setattr(engine, "capped", functools.partial(engine.capped, limit=3))
    text = "Lora and Lora and Lora and Lora and Lora.\n"
    analysis = engine.analyze_document(text, DocumentKind.MARKDOWN, glossary=load_glossary())
    assert [f.rule for f in analysis.findings].count("variant") == 3
    assert analysis.truncated
