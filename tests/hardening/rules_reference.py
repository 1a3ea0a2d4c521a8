"""Rule code as first written, kept as test oracles for the faster versions.

``RuleContext._quotations`` now finds line starts with patterns that begin with a line
break, ``inconsistent`` looks for quotations only in entries written two ways (its choice of
target, contrasts and casing are shared with the rule, as issue 12 defined them), ``variant``
skips admitted forms before anything else (its fix's spelling and safety and the places a
form is not the name are shared with the rule), ``misspelling`` collects its words by blanking
and splitting, and the near-miss search buckets known words by first letter too. These are
the straightforward versions they replaced, copied unchanged apart from names, so that
property tests can demand the same results.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from rapidfuzz import process
from rapidfuzz.distance import OSA

from mlgloss.analysis.document import DocumentKind
from mlgloss.analysis.findings import Finding, Severity
from mlgloss.analysis.rules.base import RuleContext, match_case, replacement_finding
from mlgloss.analysis.rules.inconsistent import _contrasted, _key, counted, document_findings
from mlgloss.analysis.rules.variant import (
    _capital_allowed,
    _reason,
    _sentence_capital,
    _the_documents_solid_name,
    not_a_name_here,
    spelling_and_safety,
)
from mlgloss.glossary.model import CaseRule, FormKind, FormReason, FormStatus
from mlgloss.glossary.occurrence import Occurrence

_ITALIC_PARAGRAPH = re.compile(r"^[ \t]*(?:>[ \t]*)?([*_])(?=[^\s*_])", re.MULTILINE)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_QUOTE_PARAGRAPH = re.compile(r"(?:\A|\n[ \t]*\n)[ \t]*>[ \t]?(?!\s|\[!)")
_QUOTED_MIN_LENGTH = 300
_WORD = re.compile(r"\b[^\W\d_]{6,}\b")


def misspelling_candidates(prose: str) -> set[str]:
    """The words ``misspelling`` looks at, before subtracting known ones."""
    return set(_WORD.findall(prose.lower()))


def quotations(text: str, kind: DocumentKind) -> list[tuple[int, int]]:
    if kind not in (DocumentKind.MARKDOWN, DocumentKind.NOTEBOOK):
        return []
    spans: list[tuple[int, int]] = []
    for match in _ITALIC_PARAGRAPH.finditer(text):
        start = match.start(1)
        before = text[max(0, match.start() - 300) : match.start()]
        previous_line = before.rstrip("\n").rsplit("\n", 1)[-1].strip()
        if before.strip() and not before.endswith("\n\n") and not previous_line.endswith(":"):
            continue
        blank = _BLANK_LINE.search(text, start)
        end = blank.start() if blank else len(text)
        body = text[start:end].rstrip()
        if len(body) < 3 or body[-1] != match.group(1):
            continue
        if "abstract" in before[-200:].lower() or len(body) >= _QUOTED_MIN_LENGTH:
            spans.append((start, end))
    for match in _QUOTE_PARAGRAPH.finditer(text):
        start = match.end()
        blank = _BLANK_LINE.search(text, start)
        end = blank.start() if blank else len(text)
        before = text[max(0, match.start() - 300) : match.start()]
        if "abstract" in before.lower() or end - start >= _QUOTED_MIN_LENGTH:
            spans.append((start, end))
    spans.sort()
    return spans


def inconsistent(ctx: RuleContext) -> Iterator[Finding]:
    """The uses counted the straightforward way (every entry's, each use tested for a
    quotation); the findings from them as the rule makes them."""
    by_entry: dict[str, list[Occurrence]] = {}
    for occurrence in ctx.occurrences:
        form = occurrence.form
        if form.kind is not FormKind.SPELLING or form.status.flagged:
            continue
        if ctx.config.is_ignored_word(occurrence.surface):
            continue
        by_entry.setdefault(occurrence.entry.id, []).append(occurrence)
    prose = ctx.extraction.prose
    counted_uses: dict[str, dict[str, list[Occurrence]]] = {}
    for entry_id, uses in by_entry.items():
        if entry_id in ctx.preferred_overrides:
            continue
        contrasted = _contrasted(prose, uses)
        groups: dict[str, list[Occurrence]] = {}
        for i, occurrence in enumerate(uses):
            if i in contrasted or ctx.in_quotation(occurrence.start, link_text=True):
                continue
            if counted(prose, occurrence):
                groups.setdefault(_key(occurrence), []).append(occurrence)
        counted_uses[entry_id] = groups
    yield from document_findings(ctx, counted_uses, {})


def variant(ctx: RuleContext) -> Iterator[Finding]:
    for occurrence in ctx.occurrences:
        form, entry = occurrence.form, occurrence.entry
        preferred = ctx.preferred_text(entry)
        by_project = (
            not form.status.flagged
            and entry.id in ctx.preferred_overrides
            and form.kind is FormKind.SPELLING
            and not form.matches(preferred)
        )
        if not (form.status.flagged or by_project):
            continue
        if ctx.config.is_ignored_word(occurrence.surface) or ctx.config.is_ignored_word(form.text):
            continue
        if ctx.in_quotation(occurrence.start):
            continue
        if not_a_name_here(ctx, occurrence, {}):
            continue
        if form.reason is FormReason.CASING and _capital_allowed(ctx, occurrence, preferred):
            continue
        written, safe = spelling_and_safety(ctx, occurrence, preferred, by_project)
        sensitive = entry.case is CaseRule.SENSITIVE
        replacement = match_case(occurrence.with_plural(written), occurrence.surface, sensitive)
        if sensitive:
            replacement = _sentence_capital(ctx, occurrence, replacement)
        if replacement == occurrence.surface:
            continue
        if not by_project and _the_documents_solid_name(ctx, occurrence, replacement, {}):
            continue
        default = Severity.ERROR if form.status is FormStatus.FORBIDDEN else Severity.WARNING
        why = _reason(occurrence, by_project)
        shown = " ".join(occurrence.surface.split())
        yield replacement_finding(
            "variant",
            ctx.severity("variant", default),
            occurrence.start,
            occurrence.end,
            f"Write '{replacement}' instead of '{shown}' ({why})",
            replacement,
            entry_id=entry.id,
            safe=safe,
        )


def near_misses(word: str, words: Iterable[str]) -> list[tuple[int, str]]:
    by_length: dict[int, list[str]] = {}
    for known in words:
        by_length.setdefault(len(known), []).append(known)
    limit = 1 if len(word) < 10 else 2
    pool = [
        known
        for n in range(len(word) - limit, len(word) + limit + 1)
        for known in by_length.get(n, ())
        if known[0] == word[0]
    ]
    scored = process.extract(word, pool, scorer=OSA.distance, score_cutoff=limit, limit=None)
    return sorted((distance, known) for known, distance, _ in scored)
