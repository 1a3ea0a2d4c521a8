"""Applies the safe fixes of findings to a text: what ``mlgloss check --fix`` and "fix all" do.

Each finding contributes its first fix when that fix is safe. Fixes are taken in document
order (start, end, rule code, then replacement text); a fix any of whose edits overlaps an
edit already taken is dropped whole, so the result never depends on the order findings came
in and a second run picks up what the first had to leave out.
"""

from __future__ import annotations

from collections.abc import Iterable

from mlgloss.analysis.findings import Finding, Fix, TextEdit


def safe_fixes(findings: Iterable[Finding]) -> list[Fix]:
    """The fixes ``apply_fixes`` would apply, without overlaps, in document order."""
    candidates: list[tuple[tuple[int, int, str, str], Fix]] = []
    for finding in findings:
        fix = finding.fix
        if fix is None or not fix.safe or not fix.edits:
            continue
        first = min(fix.edits, key=lambda e: (e.start, e.end))
        candidates.append(((first.start, first.end, finding.rule, first.new_text), fix))
    candidates.sort(key=lambda c: c[0])
    taken: list[Fix] = []
    spans: list[tuple[int, int]] = []
    for _, fix in candidates:
        if any(_overlaps(edit, spans) for edit in fix.edits):
            continue
        taken.append(fix)
        spans.extend((edit.start, edit.end) for edit in fix.edits)
    return taken


def _overlaps(edit: TextEdit, spans: list[tuple[int, int]]) -> bool:
    for start, end in spans:
        if edit.start < end and start < edit.end:
            return True
        if edit.start == edit.end == start or start == end == edit.start:
            return True  # two insertions at one place: their order would be arbitrary
    return False


def apply_fixes(text: str, findings: Iterable[Finding]) -> str:
    """``text`` with every safe, non-overlapping fix of ``findings`` applied."""
    edits = sorted(
        (edit for fix in safe_fixes(findings) for edit in fix.edits),
        key=lambda e: (e.start, e.end),
    )
    pieces: list[str] = []
    pos = 0
    for edit in edits:
        pieces.append(text[pos : edit.start])
        pieces.append(edit.new_text)
        pos = edit.end
    pieces.append(text[pos:])
    return "".join(pieces)
