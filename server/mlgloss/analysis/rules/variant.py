"""``variant``: a deprecated or forbidden form of a glossary entry (Lora → LoRA).

Also flags admitted spellings when the project prefers another one (``prefer`` in its
configuration). A case-sensitive term written with a capital only because it starts a
sentence or stands in a Title-Case heading is not a variant, and a quoted paper abstract
keeps the paper's wording.
"""

from __future__ import annotations

from collections.abc import Iterator

from mlgloss.analysis.findings import Finding, Severity
from mlgloss.analysis.rule_metadata import metadata
from mlgloss.analysis.rules.base import Rule, RuleContext, match_case, replacement_finding
from mlgloss.glossary.index import Occurrence
from mlgloss.glossary.model import CaseRule, FormKind, FormReason, FormStatus

CODE = "variant"
_FLAGGED = tuple(status for status in FormStatus if status.flagged)  # no property call per use
_MECHANICAL = (FormReason.CASING, FormReason.HYPHENATION, FormReason.SPELLING)
"""Reasons whose fix only respells the term: safe. An outdated or deprecated word is replaced
by another, which a reviewer has to read: unsafe."""


def _capitalised(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in text.split(" "))


def _capital_allowed(ctx: RuleContext, occurrence: Occurrence, preferred: str) -> bool:
    surface = " ".join(occurrence.surface.split())
    singular = preferred
    if occurrence.plural:
        singular = occurrence.with_plural(preferred)
    if surface == singular[:1].upper() + singular[1:]:
        return ctx.is_sentence_start(occurrence.start) or ctx.in_heading(occurrence.start)
    return surface == _capitalised(singular) and ctx.in_heading(occurrence.start)


def _reason(occurrence: Occurrence, preferred_by_project: bool) -> str:
    if preferred_by_project:
        return "the project prefers it"
    reason = occurrence.form.reason
    return {
        FormReason.CASING: "casing",
        FormReason.HYPHENATION: "hyphenation",
        FormReason.SPELLING: "spelling",
        FormReason.OUTDATED: "outdated term",
        None: "deprecated form",
    }[reason]


def check(ctx: RuleContext) -> Iterator[Finding]:
    overrides = ctx.preferred_overrides
    for occurrence in ctx.occurrences:
        form, entry = occurrence.form, occurrence.entry
        if form.status not in _FLAGGED and entry.id not in overrides:
            continue  # the usual case: an admitted form, and no project preference
        preferred = ctx.preferred_text(entry)
        by_project = (
            not form.status.flagged
            and entry.id in overrides
            and form.kind is FormKind.SPELLING
            and not form.matches(preferred)
        )
        if not (form.status.flagged or by_project):
            continue
        if ctx.config.is_ignored_word(occurrence.surface) or ctx.config.is_ignored_word(form.text):
            continue
        if ctx.in_quotation(occurrence.start):
            continue
        if form.reason is FormReason.CASING and _capital_allowed(ctx, occurrence, preferred):
            continue
        sensitive = entry.case is CaseRule.SENSITIVE
        replacement = match_case(occurrence.with_plural(preferred), occurrence.surface, sensitive)
        if replacement == occurrence.surface:
            continue
        default = Severity.ERROR if form.status is FormStatus.FORBIDDEN else Severity.WARNING
        why = _reason(occurrence, by_project)
        shown = " ".join(occurrence.surface.split())
        yield replacement_finding(
            CODE,
            ctx.severity(CODE, default),
            occurrence.start,
            occurrence.end,
            f"Write '{replacement}' instead of '{shown}' ({why})",
            replacement,
            entry_id=entry.id,
            safe=by_project or form.reason in _MECHANICAL,
        )


RULE = Rule(metadata(CODE), check)
