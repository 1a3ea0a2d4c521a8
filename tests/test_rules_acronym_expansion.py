"""The acronym-expansion rule: a glossary acronym used before its expansion."""

from __future__ import annotations

from mlgloss.analysis.document import DocumentKind
from mlgloss.analysis.findings import Severity
from rules_helpers import flagged, replacement, run


def test_first_use_before_expansion_is_flagged_once() -> None:
    text = "DPO is simple. DPO needs no reward model.\n"
    (finding,) = run(text, "acronym-expansion")
    assert (finding.start, finding.severity) == (0, Severity.INFO)
    assert replacement(finding) == "Direct Preference Optimization (DPO)"


def test_both_introductions_count_as_expanded() -> None:
    assert flagged("Low-Rank Adaptation (LoRA) trains adapters. LoRA is cheap.") == []
    assert flagged("LoRA (Low-Rank Adaptation) trains adapters. LoRA is cheap.") == []
    # trl/docs/source/liger_kernel_integration.md
    assert flagged("- **GRPO** (Group Relative Policy Optimization)\n", "acronym-expansion") == []
    # a parenthesised acronym after the writer's own wording
    assert flagged("Quantized low rank adapters (QLoRA) cut memory.", "acronym-expansion") == []


def test_expansion_anywhere_before_settles_it() -> None:
    text = "We use low-rank adaptation throughout. Later, LoRA adapters are merged."
    assert flagged(text, "acronym-expansion") == []


def test_expansion_after_the_first_use_is_too_late() -> None:
    text = "Train with LoRA. Low-Rank Adaptation (LoRA) adds low-rank matrices."
    assert flagged(text, "acronym-expansion") == ["LoRA"]


def test_well_known_acronyms_are_exempt() -> None:
    assert flagged("The GPU runs the LLM through an API.", "acronym-expansion") == []


def test_headings_and_tables_wait_for_the_prose() -> None:
    text = "## LoRA\n\n| method | LoRA |\n|---|---|\n\nLow-Rank Adaptation (LoRA) is cheap.\n"
    assert flagged(text, "acronym-expansion") == []


def test_prose_documents_only() -> None:
    assert flagged("# DPO settings\nbeta: 0.1\n", kind=DocumentKind.YAML) == []
    assert flagged('"""DPO loss."""\n', "acronym-expansion", kind=DocumentKind.PYTHON) == []


def test_fix_at_sentence_start_capitalises_a_lower_case_expansion() -> None:
    (finding,) = run("RAG helps. We use RAG.", "acronym-expansion")
    assert replacement(finding) == "Retrieval-augmented generation (RAG)"


def test_plural_acronym() -> None:
    (finding,) = run("Merge several LoRAs into one.", "acronym-expansion")
    assert replacement(finding) == "Low-Rank Adaptations (LoRAs)"
