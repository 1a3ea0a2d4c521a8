"""``inconsistent`` with ``scope = "repository"``: a spelling against the repository's.

The document's uses are those the document rule counts; each is compared with the
repository's totals (:mod:`mlgloss.analysis.term_counts`), this file counted as it is now.
Those totals count a line repeated verbatim, in one file or many, once (a template's line
pasted into 32 READMEs is one writing decision): :func:`file_counts` files each use under
its line, and the message's "N times in M files" counts that way.
The target is the spelling the repository writes most, the glossary's preferred spelling on
a tie; a name is settled only when that is the glossary's spelling
(:func:`mlgloss.analysis.term_counts.target`), else it is judged within the document, as in
document scope; so is a word whose house spelling lacks the margin, but a document mixing
its spellings is pointed at the one the repository writes most rather than at the
glossary's (:func:`mlgloss.analysis.term_counts.leaning`). The fix is safe only when the
target is the glossary's preferred spelling, as in the document rule. Terms the project settles with
``prefer`` are the ``variant`` rule's and are never grouped here.

Only the writer's own spelling counts toward the repository, and only it is flagged
(:func:`_own_use`): never a use inside an identifier or a longer hyphenated name (a word
touching ``_``, ``.``, ``/``, ``@``, masked code, or glued by a hyphen to a number: "Llama-
3-8B"), nor a use in a run of Title Case words outside a heading (the title of a paper in
a ``<summary>``, a benchmark's name, a table's column names), nor a repository's or a
package's name written as a slug: all lower case, three words or more joined by hyphens
and none of them one that makes an English compound ("## Using lm-evaluation-harness",
"zephyr-beta-sft"; "state-of-the-art" is prose; :func:`mlgloss.analysis.quotations.is_slug`):
those spellings are someone else's.

A compound is hyphenated as a modifier before its noun and open as the noun
(:mod:`mlgloss.analysis.compound_position`): a hyphenated modifier ("instruction-following
models") is not flagged towards the same words open, and an open noun ("chat templates,
instruction following |") is not flagged towards the same words hyphenated when every use
the repository makes of the hyphenated spelling is a modifier (the counts keep how many
are, :attr:`mlgloss.analysis.term_counts.Spelling.attributive`): the repository then says
nothing of how it spells the noun. An open use before a noun ("instruction following
datasets") is still flagged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from mlgloss.analysis.compound_position import attributive, in_its_place
from mlgloss.analysis.document import MASK
from mlgloss.analysis.findings import Finding
from mlgloss.analysis.quotations import is_slug
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
from mlgloss.analysis.term_counts import FileCounts, Spelling, leaning, line_digest, target
from mlgloss.glossary.model import CaseRule, Entry, FormKind
from mlgloss.glossary.occurrence import Occurrence

_IDENTIFIER_EDGE = frozenset("_./@\\`" + MASK)
_TITLE_WORD = re.compile(r"[A-Z][\w'-]*")
_TITLE_JOINERS = frozenset(
    re.split(
        r"\s+",
        """a an and as at by for from in of on or the to via vs with without""",
    )
)
_TITLE_RUN = 3  # capitalised words in a row, the use's own included


def _glued(prose: str, start: int, end: int) -> bool:
    """A use inside an identifier or a longer hyphenated name."""
    before = prose[start - 1] if start > 0 else " "
    after = prose[end] if end < len(prose) else " "
    if before in _IDENTIFIER_EDGE or after in _IDENTIFIER_EDGE.difference("."):
        return True
    if after == "." and end + 1 < len(prose) and prose[end + 1].isalnum():
        return True
    if before == "-" and start > 1 and prose[start - 2].isdigit():
        return True  # "Llama-3-8B", "T2V-1.3B": a model id or a version
    return after == "-" and end + 1 < len(prose) and prose[end + 1].isdigit()


_SPACED_WORDS_BEFORE = re.compile(r"(?:[\w'-]+ )*$")
_SPACED_WORDS_AFTER = re.compile(r"(?: [\w'-]+)*")


def _words_around(prose: str, start: int, end: int) -> tuple[list[str], list[str]]:
    """The words one space apart that lead to the use and follow it (a punctuation mark, a
    table cell's bar or a line break ends the run)."""
    before = _SPACED_WORDS_BEFORE.search(prose, max(0, start - 120), start)
    after = _SPACED_WORDS_AFTER.match(prose, end, min(len(prose), end + 120))
    return (
        before.group().split() if before else [],
        after.group().split() if after else [],
    )


def _in_title_run(ctx: RuleContext, occurrence: Occurrence) -> bool:
    """A capitalised use among Title Case words (a title or a name), outside a heading."""
    surface = occurrence.surface
    if not surface[:1].isupper() or ctx.in_heading(occurrence.start):
        return False
    before, after = _words_around(ctx.extraction.prose, occurrence.start, occurrence.end)
    run = 1

    def count(words: list[str]) -> int:
        found = 0
        for word in words:
            if word.lower() in _TITLE_JOINERS:
                continue  # "of", "with"; and "The", "A" at a sentence start, not a title's
            if not _TITLE_WORD.fullmatch(word):
                break
            found += 1
        return found

    run += count(list(reversed(before))) + count(after)
    return run >= _TITLE_RUN


def _own_use(ctx: RuleContext, occurrence: Occurrence) -> bool:
    """Whether a use is the writer's own spelling (see the module docstring)."""
    prose = ctx.extraction.prose
    return (
        not _glued(prose, occurrence.start, occurrence.end)
        and not is_slug(occurrence.surface)
        and not _in_title_run(ctx, occurrence)
    )


def own_spellings(ctx: RuleContext) -> dict[str, dict[str, list[Occurrence]]]:
    """:attr:`RuleContext.admitted_spellings` without the uses that are not the writer's."""
    out: dict[str, dict[str, list[Occurrence]]] = {}
    for entry_id, groups in ctx.admitted_spellings.items():
        kept = {key: [o for o in uses if _own_use(ctx, o)] for key, uses in groups.items()}
        out[entry_id] = {key: uses for key, uses in kept.items() if uses}
    return out


def file_counts(ctx: RuleContext) -> FileCounts:
    """This document's contribution to its repository's counts."""
    groups = own_spellings(ctx)
    prose = ctx.extraction.prose
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
    counts = FileCounts.of(
        groups, preferred, _lines(ctx.text), names, lambda o: attributive(prose, o)
    )
    name_spellings, flagged = _name_spellings(ctx)
    if not name_spellings:
        return counts
    return replace(counts, name_spellings=name_spellings, flagged_names=flagged)


def _name_spellings(
    ctx: RuleContext,
) -> tuple[dict[str, dict[str, int]], frozenset[tuple[str, str]]]:
    """Entry id -> spelling -> uses of every name (case-sensitive entry) the document
    writes, as the variant rule counts them (:attr:`RuleContext.written_spellings`), and
    which of those spellings are flagged ones."""
    spellings: dict[str, dict[str, int]] = {}
    flagged: set[tuple[str, str]] = set()
    for occurrence in ctx.occurrences:
        entry = occurrence.entry
        if entry.case is not CaseRule.SENSITIVE:
            continue
        spelling = " ".join(occurrence.surface.split())
        by_spelling = spellings.setdefault(entry.id, {})
        by_spelling[spelling] = by_spelling.get(spelling, 0) + 1
        if occurrence.form.status.flagged:
            flagged.add((entry.id, spelling))
    return spellings, frozenset(flagged)


def _lines(text: str) -> Callable[[Occurrence], tuple[int, int]]:
    """A use's line in ``text``: its start offset and :func:`line_digest` (a use across a
    line break is on both lines, taken as one)."""
    digests: dict[int, int] = {}  # line start -> digest, for uses within one line
    spanning: dict[tuple[int, int], int] = {}  # (start, end) -> digest, for the others

    def line_of(occurrence: Occurrence) -> tuple[int, int]:
        start = text.rfind("\n", 0, occurrence.start) + 1
        digest = digests.get(start)
        if digest is not None and text.find("\n", occurrence.start, occurrence.end) < 0:
            return start, digest
        end = text.find("\n", occurrence.end)
        end = len(text) if end < 0 else end
        if text.find("\n", occurrence.start, occurrence.end) < 0:
            digest = digests[start] = line_digest(text[start:end])
            return start, digest
        digest = spanning.get((start, end))
        if digest is None:
            digest = spanning[start, end] = line_digest(text[start:end])
        return start, digest

    return line_of


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


def repository_spellings(
    ctx: RuleContext, by_entry: dict[str, dict[str, list[Occurrence]]]
) -> dict[str, str]:
    """Document scope, with the repository's counts: for each term the document writes in
    several spellings, the one the repository's files follow
    (:meth:`~mlgloss.analysis.term_counts.TermCounts.aim`), this file counted as it is now.
    The document's own house spelling still comes first, then this, then the glossary's:
    litgpt's tutorial that writes "finetuning" once beside two "fine-tuning" follows its
    repository's 126 "finetuning". A name keeps its glossary spelling unless the repository
    settles it so (:func:`~mlgloss.analysis.term_counts.target`)."""
    counts = ctx.repository
    assert counts is not None
    mixed = {
        entry_id: groups
        for entry_id, groups in by_entry.items()
        if sum(1 for uses in groups.values() if uses) > 1
    }
    if not mixed:
        return {}
    current = ctx.file_counts
    aims: dict[str, str] = {}
    for entry_id, groups in mixed.items():
        entry = next(uses for uses in groups.values() if uses)[0].entry
        name = entry.case is CaseRule.SENSITIVE
        aim = counts.aim(entry_id, _glossary_key(entry), name, ctx.path, current)
        if aim is not None and aim in groups:
            aims[entry_id] = aim
    return aims


def repository_findings(
    ctx: RuleContext, by_entry: dict[str, dict[str, list[Occurrence]]]
) -> tuple[list[Finding], dict[str, dict[str, list[Occurrence]]], dict[str, str]]:
    """The findings for the terms the repository settles; the uses of those it does not
    (a name it writes otherwise than the glossary, a word without a house margin), for the
    document rule to judge within the document; and, for such words, the spelling the
    repository writes most where that is not the glossary's
    (:func:`~mlgloss.analysis.term_counts.leaning`), the document's target before the
    glossary's."""
    counts = ctx.repository
    assert counts is not None
    severity = ctx.severity(CODE, RULE.default_severity)
    found: list[Finding] = []
    unsettled: dict[str, dict[str, list[Occurrence]]] = {}
    leanings: dict[str, str] = {}
    current = ctx.file_counts
    prose = ctx.extraction.prose
    for entry_id, groups in by_entry.items():
        uses = [o for spelling in groups.values() for o in spelling]
        if not uses:
            continue
        entry = uses[0].entry
        spellings = counts.spellings(entry_id, ctx.path, current)
        if len(spellings) < 2:
            continue
        name = entry.case is CaseRule.SENSITIVE
        settled = target(spellings, _glossary_key(entry), name)
        if settled is None:
            unsettled[entry_id] = groups
            leans = leaning(spellings, _glossary_key(entry), name)
            if leans is not None:
                leanings[entry_id] = leans
            continue
        dominant, preferred = settled
        written = entry.term if preferred else _form_text(entry, dominant)
        why = " (the glossary's spelling)" if preferred else ""
        target_spelling = spellings[dominant]
        hyphen_nouns = target_spelling.attributive < target_spelling.uses
        for occurrence in uses:
            key = _key(occurrence)
            if key == dominant or not _own_use(ctx, occurrence):
                continue
            if in_its_place(prose, occurrence, key, dominant, hyphen_nouns):
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
                        spellings[key].uses,
                        occurrence.surface,
                        written,
                    ),
                )
            )
    found.sort(key=lambda f: f.start)
    return found, unsettled, leanings
