"""Applying safe fixes: exact, non-overlapping edits; fixed corpus files stay fixed."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlgloss.analysis.document import kind_for_path
from mlgloss.analysis.engine import analyze
from mlgloss.analysis.findings import Finding, Fix, Severity, TextEdit
from mlgloss.analysis.fixes import apply_fixes, safe_fixes
from rules_helpers import builtin, run


def finding(start: int, end: int, new: str, rule: str = "variant", safe: bool = True) -> Finding:
    edit = TextEdit(start, end, new)
    return Finding(rule, Severity.WARNING, start, end, "m", (Fix("f", (edit,), safe=safe),))


def test_applies_every_safe_edit_exactly() -> None:
    text = "We use Lora and finetuning."
    findings = [finding(7, 11, "LoRA"), finding(16, 26, "fine-tuning")]
    assert apply_fixes(text, findings) == "We use LoRA and fine-tuning."


def test_unsafe_fixes_and_findings_without_fixes_are_skipped() -> None:
    text = "abc def"
    plain = Finding("variant", Severity.WARNING, 0, 3, "m")
    assert apply_fixes(text, [finding(0, 3, "X", safe=False), plain]) == text


def test_overlapping_edits_are_dropped_deterministically() -> None:
    text = "abcdef"
    a, b = finding(0, 4, "X", rule="variant"), finding(2, 6, "Y", rule="inconsistent")
    assert apply_fixes(text, [a, b]) == apply_fixes(text, [b, a]) == "Xef"
    # the same span from two rules: the rule code decides, whatever the order
    c, d = finding(0, 3, "P", rule="variant"), finding(0, 3, "Q", rule="inconsistent")
    assert apply_fixes(text, [c, d]) == apply_fixes(text, [d, c]) == "Qdef"
    assert len(safe_fixes([a, b, c, d])) == 1


def test_two_insertions_at_one_place_keep_only_one() -> None:
    assert apply_fixes("ab", [finding(1, 1, "X"), finding(1, 1, "Y")]) == "aXb"


def test_fixes_of_the_rules_on_a_document() -> None:
    text = "DPO is simple. We use Lora, finetuning, fine-tuning, fine-tuning and fine-tuning.\n"
    # The casing of LoRA and the glossary's spelling of fine-tuning (written three times to
    # one) are safe; the expansion of DPO rewrites a sentence: applied only when unsafe fixes
    # are asked for.
    assert apply_fixes(text, run(text)) == (
        "DPO is simple. We use LoRA, fine-tuning, fine-tuning, fine-tuning and fine-tuning.\n"
    )
    assert apply_fixes(text, run(text), unsafe=True) == (
        "Direct Preference Optimization (DPO) is simple. We use LoRA, fine-tuning, "
        "fine-tuning, fine-tuning and fine-tuning.\n"
    )


FIXED_KINDS = ("variant", "inconsistent", "misspelling", "acronym-expansion", "config-key")


@pytest.fixture(scope="module")
def corpus_files(shared: Path) -> list[Path]:
    corpus = shared / "corpus"
    if not corpus.is_dir():
        pytest.skip("the shared corpus is not beside the repository")
    return [p for p in sorted(corpus.rglob("*")) if p.is_file() and kind_for_path(p)]


def test_fixing_corpus_files_leaves_no_finding_of_the_fixed_kinds(
    corpus_files: list[Path],
) -> None:
    glossary = builtin()
    left: list[str] = []
    changed = 0
    for path in corpus_files:
        kind = kind_for_path(path)
        assert kind is not None
        text = path.read_text(encoding="utf-8", errors="replace")
        findings = analyze(text, kind, glossary=glossary)
        if not any(f.fix and f.fix.safe for f in findings):
            continue
        fixed = text
        for _ in range(3):  # overlapping fixes wait for the next round, as in the CLI
            again = analyze(fixed, kind, glossary=glossary)
            fixed = apply_fixes(fixed, again)
        changed += fixed != text
        for f in analyze(fixed, kind, glossary=glossary):
            if f.rule in FIXED_KINDS and f.fix is not None and f.fix.safe:
                left.append(f"{path}:{f.start}: {f.rule} {fixed[f.start : f.end]!r} {f.message}")
    assert changed > 50
    assert left == []
