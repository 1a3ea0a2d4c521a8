"""Chooses and applies the fixes of findings: what ``mlgloss check --fix`` and "Fix all" do.

One function, :func:`chosen_fixes`, decides which edits a fix-all writes, for the command line
and the language server alike. Each finding contributes its first fix when that fix may be
applied: a safe one always, an unsafe one only when asked (``--unsafe-fixes``). Fixes are
taken in document order (start, end, rule code, then replacement text); a fix any of whose
edits overlaps an edit already taken is dropped whole, so the result never depends on the
order findings came in and a second run picks up what the first had to leave out.
"""

from __future__ import annotations

from collections.abc import Iterable

from mlgloss.analysis.findings import Finding, Fix, TextEdit


def chosen_fixes(findings: Iterable[Finding], *, unsafe: bool = False) -> list[Fix]:
    """The fixes a fix-all applies, without overlaps, in document order."""
    candidates: list[tuple[tuple[int, int, str, str], Fix]] = []
    for finding in findings:
        fix = finding.fix
        if fix is None or not (fix.safe or unsafe) or not fix.edits:
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


def safe_fixes(findings: Iterable[Finding]) -> list[Fix]:
    """The safe fixes :func:`apply_fixes` would apply, without overlaps, in document order."""
    return chosen_fixes(findings)


def _overlaps(edit: TextEdit, spans: list[tuple[int, int]]) -> bool:
    for start, end in spans:
        if edit.start < end and start < edit.end:
            return True
        if edit.start == edit.end == start or start == end == edit.start:
            return True  # two insertions at one place: their order would be arbitrary
    return False


def apply_edits(text: str, fixes: Iterable[Fix]) -> str:
    """``text`` with the edits of ``fixes`` (from :func:`chosen_fixes`) written in."""
    edits = sorted((edit for fix in fixes for edit in fix.edits), key=lambda e: (e.start, e.end))
    pieces: list[str] = []
    pos = 0
    for edit in edits:
        pieces.append(text[pos : edit.start])
        pieces.append(edit.new_text)
        pos = edit.end
    pieces.append(text[pos:])
    return "".join(pieces)


def apply_fixes(text: str, findings: Iterable[Finding], *, unsafe: bool = False) -> str:
    """``text`` with every chosen fix of ``findings`` applied (safe ones only by default)."""
    return apply_edits(text, chosen_fixes(findings, unsafe=unsafe))
