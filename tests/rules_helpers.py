"""Helpers for the rule tests: run the engine on a text, pick one rule's findings."""

from __future__ import annotations

from functools import cache

from mlgloss.analysis.config.model import ProjectConfig
from mlgloss.analysis.document import DocumentKind
from mlgloss.analysis.engine import analyze
from mlgloss.analysis.findings import Finding
from mlgloss.glossary.layers import load_glossary
from mlgloss.glossary.lookup import Glossary


@cache
def builtin() -> Glossary:
    return load_glossary(())


def run(
    text: str,
    rule: str | None = None,
    kind: DocumentKind = DocumentKind.MARKDOWN,
    *,
    glossary: Glossary | None = None,
    config: ProjectConfig | None = None,
) -> list[Finding]:
    findings = analyze(text, kind, glossary=glossary or builtin(), config=config)
    return [f for f in findings if rule is None or f.rule == rule]


def flagged(text: str, rule: str | None = None, **kwargs: object) -> list[str]:
    """The flagged text of each finding."""
    return [text[f.start : f.end] for f in run(text, rule, **kwargs)]  # type: ignore[arg-type]


def replacement(finding: Finding) -> str:
    assert finding.fix is not None
    (edit,) = finding.fix.edits
    return edit.new_text
