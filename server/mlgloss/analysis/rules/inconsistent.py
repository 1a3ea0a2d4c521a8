"""``inconsistent``: one concept written in two admitted spellings in one document.

"pre-training" and "pretraining" are both acceptable, but a reader who meets both in one
page wonders whether they are two things. Only spellings compete: an acronym and its
expansion, or a synonym, are never inconsistent with a spelling. A quoted paper abstract is
the paper's spelling, not the writer's: it neither counts nor is flagged. Forms of case-insensitive
entries are compared case-folded ("Pre-training" at a sentence start is "pre-training").

The minority spelling is flagged and fixed to the dominant one. A tie goes to the
glossary's preferred form if it is one of the tied spellings, else to the spelling used
first. Where the project prefers a spelling (``prefer`` in its configuration) the
``variant`` rule already flags every other spelling, so this rule stays silent on it.
"""

from __future__ import annotations

from collections.abc import Iterator

from mlgloss.analysis.findings import Finding, Severity
from mlgloss.analysis.rules.base import Rule, RuleContext, match_case, replacement_finding
from mlgloss.glossary.index import Occurrence
from mlgloss.glossary.model import CaseRule, Entry, FormKind

CODE = "inconsistent"


def _key(occurrence: Occurrence) -> str:
    form = occurrence.form
    return form.text if form.case is CaseRule.SENSITIVE else form.text.casefold()


def _dominant(entry: Entry, groups: dict[str, list[Occurrence]]) -> str:
    """The spelling key the others are fixed to (insertion order of ``groups`` = first use)."""
    top = max(len(v) for v in groups.values())
    tied = [k for k, v in groups.items() if len(v) == top]
    if len(tied) == 1:
        return tied[0]
    glossary_key = entry.term if entry.case is CaseRule.SENSITIVE else entry.term.casefold()
    return glossary_key if glossary_key in tied else tied[0]


def check(ctx: RuleContext) -> Iterator[Finding]:
    by_entry: dict[str, dict[str, list[Occurrence]]] = {}
    for occurrence in ctx.occurrences:
        form = occurrence.form
        if form.kind is not FormKind.SPELLING or form.status.flagged:
            continue  # flagged forms are the variant rule's
        if ctx.config.is_ignored_word(occurrence.surface) or ctx.in_quotation(occurrence.start):
            continue
        by_entry.setdefault(occurrence.entry.id, {}).setdefault(_key(occurrence), []).append(
            occurrence
        )
    severity = ctx.severity(CODE, RULE.default_severity)
    found: list[Finding] = []
    for entry_id, groups in by_entry.items():
        if len(groups) < 2 or entry_id in ctx.preferred_overrides:
            continue  # with a project preference the variant rule flags the other spellings
        entry = groups[next(iter(groups))][0].entry
        dominant_key = _dominant(entry, groups)
        target = groups[dominant_key][0].form.text
        count = len(groups[dominant_key])
        sensitive = entry.case is CaseRule.SENSITIVE
        for key, occurrences in groups.items():
            if key == dominant_key:
                continue
            for occurrence in occurrences:
                replacement = match_case(
                    occurrence.with_plural(target), occurrence.surface, sensitive
                )
                shown = " ".join(occurrence.surface.split())
                times = "once" if count == 1 else f"{count} times"
                found.append(
                    replacement_finding(
                        CODE,
                        severity,
                        occurrence.start,
                        occurrence.end,
                        f"'{shown}' here, but '{target}' {times} in this document: "
                        f"write '{replacement}'",
                        replacement,
                        entry_id=entry_id,
                    )
                )
    found.sort(key=lambda f: f.start)
    yield from found


RULE = Rule(
    CODE,
    Severity.WARNING,
    check,
    "one term written in two admitted spellings in one document",
)
