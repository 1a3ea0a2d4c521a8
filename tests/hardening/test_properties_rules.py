"""Property tests for every rule, through ``analyze_document`` with the built-in glossary.

Documents of every kind, built from realistic fragments with glossary forms (flagged ones,
admitted spellings that compete, acronyms, near misses, config keys) sprinkled in, go
through the whole engine. See ``hardening_support.check_document`` for the invariants:
finding ranges inside the text and naming exactly what is there, safe fixes that never
overlap, fixes that settle (a second apply-and-re-analyse changes nothing), notebooks that
stay valid JSON with the same cells after fixing.
"""

from __future__ import annotations

import pytest
from hardening_support import DOCUMENTS, PROFILE, check_document, raw_text
from hypothesis import event, given, settings
from hypothesis import strategies as st

from mlgloss.analysis.document import DocumentKind

TEXT_KINDS = [k for k in DocumentKind if k is not DocumentKind.NOTEBOOK]


@pytest.mark.parametrize("kind", list(DocumentKind), ids=str)
@settings(PROFILE)
@given(data=st.data())
def test_rules_on_realistic_documents(kind: DocumentKind, data: st.DataObject) -> None:
    text = data.draw(DOCUMENTS[kind], label="document")
    analysis = check_document(text, kind)
    for rule in sorted({f.rule for f in analysis.findings}):
        event(f"{kind}: {rule} fired")


@pytest.mark.parametrize("kind", TEXT_KINDS, ids=str)
@settings(PROFILE)
@given(text=raw_text)
def test_rules_on_shapeless_text(kind: DocumentKind, text: str) -> None:
    check_document(text, kind)


# The property checks above must be able to fail: each rule fires on these documents.
FIRING = [
    (DocumentKind.MARKDOWN, "We fine-tune a Lora adapter.\n", "variant"),
    (
        DocumentKind.MARKDOWN,
        "Pretraining first, then more pre-training, then pretraining.\n",
        "inconsistent",
    ),
    (DocumentKind.MARKDOWN, "The transfomer model is big.\n", "misspelling"),
    (DocumentKind.MARKDOWN, "We train with GRPO today.\n", "acronym-expansion"),
    (
        DocumentKind.YAML,
        "base_model: x\nsequence_len: 2048\ngradient_acumulation_steps: 4\n",
        "config-key",
    ),
    (DocumentKind.PYTHON, "x = 1  # mlgloss: disable-line variant\n", "unused-suppression"),
]


@pytest.mark.parametrize(("kind", "text", "rule"), FIRING, ids=[r for _, _, r in FIRING])
def test_each_rule_fires_and_passes_the_checks(kind: DocumentKind, text: str, rule: str) -> None:
    analysis = check_document(text, kind)
    assert rule in {f.rule for f in analysis.findings}
