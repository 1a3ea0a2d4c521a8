"""``inconsistent`` with ``scope = "repository"``: a spelling against the repository's.

The document's uses are those the document rule counts; each is compared with the
repository's totals (:mod:`mlgloss.analysis.term_counts`), this file counted as it is now.
The target is the spelling the repository writes most, the glossary's preferred spelling on
a tie; a name is settled only when that is the glossary's spelling
(:func:`mlgloss.analysis.term_counts.target`), else it is judged within the document, as in
document scope. The fix is safe only when the target is the
glossary's preferred spelling, as in the document rule. Terms the project settles with
``prefer`` are the ``variant`` rule's and are never grouped here.
"""

from __future__ import annotations

from mlgloss.analysis.findings import Finding
from mlgloss.analysis.rules.base import RuleContext
from mlgloss.analysis.rules.inconsistent import (
    CODE,
    RULE,
    _glossary_key,
    _key,
    _written_like,
    fix_is_safe,
    spelling_finding,
)
from mlgloss.analysis.term_counts import FileCounts, Spelling, target
from mlgloss.glossary.index import Occurrence
from mlgloss.glossary.model import CaseRule, Entry, FormKind


def file_counts(ctx: RuleContext) -> FileCounts:
    """This document's contribution to its repository's counts."""
    groups = ctx.admitted_spellings
    preferred = {
        entry_id: _glossary_key(uses[0].entry)
        for entry_id, spellings in groups.items()
        for uses in spellings.values()
        if uses
    }
    names = [
        entry_id
        for entry_id, spellings in groups.items()
        for uses in spellings.values()
        if uses and uses[0].entry.case is CaseRule.SENSITIVE
    ]
    return FileCounts.of(groups, preferred, names)


def _form_text(entry: Entry, key: str) -> str:
    """The glossary's own writing of a spelling key ("pretrain" for a case-folded key)."""
    for form in entry.forms:
        if form.kind is FormKind.SPELLING and not form.status.flagged:
            written = form.text if form.case is CaseRule.SENSITIVE else form.text.casefold()
            if written == key:
                return form.text
    return key


def _times(spelling: Spelling) -> str:
    uses = "once" if spelling.uses == 1 else f"{spelling.uses} times"
    files = "1 file" if spelling.files == 1 else f"{spelling.files} files"
    return f"{uses} in {files}"


def repository_findings(
    ctx: RuleContext, by_entry: dict[str, dict[str, list[Occurrence]]]
) -> tuple[list[Finding], dict[str, dict[str, list[Occurrence]]]]:
    """The findings for the terms the repository settles, and the uses of those it does
    not (a name it writes otherwise than the glossary), for the document rule to judge
    within the document."""
    counts = ctx.repository
    assert counts is not None
    severity = ctx.severity(CODE, RULE.default_severity)
    found: list[Finding] = []
    unsettled: dict[str, dict[str, list[Occurrence]]] = {}
    for entry_id, groups in by_entry.items():
        uses = [o for spelling in groups.values() for o in spelling]
        if not uses:
            continue
        entry = uses[0].entry
        current = {key: len(found) for key, found in groups.items() if found}
        spellings = counts.spellings(entry_id, ctx.path, current)
        if len(spellings) < 2:
            continue
        settled = target(spellings, _glossary_key(entry), entry.case is CaseRule.SENSITIVE)
        if settled is None:
            unsettled[entry_id] = groups
            continue
        dominant, preferred = settled
        written = entry.term if preferred else _form_text(entry, dominant)
        why = " (the glossary's spelling)" if preferred else ""
        for occurrence in uses:
            if _key(occurrence) == dominant:
                continue
            shown = " ".join(occurrence.surface.split())
            message = (
                f"'{shown}' here; this repository writes '{written}' "
                f"{_times(spellings[dominant])}{why}"
            )
            replacement = _written_like(ctx, occurrence, written)
            found.append(
                spelling_finding(
                    occurrence,
                    severity,
                    entry_id,
                    message,
                    replacement,
                    fix_is_safe(
                        preferred,
                        spellings[dominant].uses,
                        spellings[_key(occurrence)].uses,
                        occurrence.surface,
                        written,
                    ),
                )
            )
    found.sort(key=lambda f: f.start)
    return found, unsettled
