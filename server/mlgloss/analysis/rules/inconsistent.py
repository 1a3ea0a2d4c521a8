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

import weakref
from collections.abc import Iterator

from mlgloss.analysis.findings import Finding, Severity
from mlgloss.analysis.rules.base import Rule, RuleContext, match_case, replacement_finding
from mlgloss.glossary.index import Occurrence
from mlgloss.glossary.lookup import Glossary
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


_COMPETES: weakref.WeakKeyDictionary[Glossary, dict[str, bool]] = weakref.WeakKeyDictionary()
"""Per glossary, entry id → ``_competes(entry)``, filled as entries turn up."""


def _competes(entry: Entry) -> bool:
    """Whether the entry has two admitted spellings: only then can a document mix them."""
    keys = {
        form.text if form.case is CaseRule.SENSITIVE else form.text.casefold()
        for form in entry.forms
        if form.kind is FormKind.SPELLING and not form.status.flagged
    }
    return len(keys) > 1


def _groups(ctx: RuleContext) -> dict[str, dict[str, list[Occurrence]]]:
    """Entry id → spelling key → the uses, for entries written in two spellings or more
    (and not settled by a project preference).

    Quoted abstracts are looked for only in such entries (finding them reads the whole text).
    """
    competes = _COMPETES.setdefault(ctx.glossary, {})
    uses: dict[str, list[Occurrence]] = {}
    for occurrence in ctx.occurrences:
        entry = occurrence.entry
        several = competes.get(entry.id)
        if several is None:
            several = competes[entry.id] = _competes(entry)
        form = occurrence.form
        if not several or form.kind is not FormKind.SPELLING or form.status.flagged:
            continue  # flagged forms are the variant rule's
        if not ctx.config.is_ignored_word(occurrence.surface):
            uses.setdefault(entry.id, []).append(occurrence)
    by_entry: dict[str, dict[str, list[Occurrence]]] = {}
    for entry_id, occurrences in uses.items():
        if entry_id in ctx.preferred_overrides or len({_key(o) for o in occurrences}) < 2:
            continue  # with a project preference the variant rule flags the other spellings
        groups: dict[str, list[Occurrence]] = {}
        for occurrence in occurrences:
            if not ctx.in_quotation(occurrence.start):
                groups.setdefault(_key(occurrence), []).append(occurrence)
        by_entry[entry_id] = groups
    return by_entry


def check(ctx: RuleContext) -> Iterator[Finding]:
    by_entry = _groups(ctx)
    severity = ctx.severity(CODE, RULE.default_severity)
    found: list[Finding] = []
    for entry_id, groups in by_entry.items():
        if len(groups) < 2:
            continue
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
