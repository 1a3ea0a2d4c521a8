"""``inconsistent``: one concept written in two admitted spellings in one document.

"pre-training" and "pretraining" are both acceptable, but a reader who meets both in one
page wonders whether they are two things. Only spellings compete: an acronym and its
expansion, or a synonym, are never inconsistent with a spelling. Forms of case-insensitive
entries are compared case-folded ("Pre-training" at a sentence start is "pre-training").

Only the writer's own prose counts: a quoted paper abstract and the text of a link (the title
of a paper, post or repository) are someone else's spelling, and a sentence that sets two
spellings side by side ("pre-training vs pretraining", "n-gram (or ngram)") is about the
spellings; none of these is counted or flagged. Nor is a hyphenated compound in a verb's
place ("to warm-up the model", :mod:`mlgloss.analysis.phrasal_verbs`): it is the verb "warm
up" with a stray hyphen, and the noun's spelling "warmup" would be wrong there. Nor is a
lower-case spelling written with a capital inside ("AllReduce" for "allreduce", "FineTuning"):
that is the name a library gives an operation or a class.

A compound is hyphenated as a modifier before its noun and open as the noun
(:mod:`mlgloss.analysis.compound_position`), so two spellings that differ only by hyphens
against spaces are each judged by their place: a hyphenated modifier ("instruction-following
models") is not flagged towards the same words open, and an open noun ("chat templates,
instruction following") is not flagged towards the same words hyphenated when every
hyphenated use in the document is a modifier (then the document has not said how it spells
the noun). An open use before a noun ("instruction following datasets") is still flagged.

The other spellings are flagged and fixed to one target: the document's house spelling where
it has one (a spelling written at least 3 times and at least twice as often as all the
others together: "finetuning" 5 times against one "fine-tuning"; an unsafe fix, and none
where the document writes that spelling with other capitals, as "AllReduce" for
"allreduce"), else the glossary's preferred spelling when the document uses it (a safe
fix), else the spelling used most, the first used on a tie (an unsafe fix: the glossary
prefers neither). So a clear majority is never flagged. Below that margin the glossary's
spelling still wins over a majority of two to one ("N-gram" is never fixed to "ngram"),
but the fix is unsafe where the document writes the other spelling more often: a reviewer
decides on the house spelling. The fix keeps the writer's plural, and a
capital only where the sentence or heading explains it; a use whose capitals are the
writer's choice ("Mixed Precision Training" against "mixed-precision training") gets no
fix, since no admitted spelling keeps them. Where the project prefers a spelling (``prefer`` in its
configuration) the ``variant`` rule already flags every other spelling, so this rule stays
silent on it.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator, Mapping

from mlgloss.analysis.compound_position import attributive, in_its_place
from mlgloss.analysis.findings import Finding, Severity
from mlgloss.analysis.phrasal_verbs import verb_use
from mlgloss.analysis.quotations import is_slug
from mlgloss.analysis.rule_metadata import metadata
from mlgloss.analysis.rules.base import Rule, RuleContext, replacement_finding
from mlgloss.analysis.rules.variant import is_class_like
from mlgloss.analysis.term_counts import clear_lead, repository_scope
from mlgloss.glossary.lookup import Glossary
from mlgloss.glossary.model import CaseRule, Entry, FormKind
from mlgloss.glossary.occurrence import Occurrence

CODE = "inconsistent"


def _key(occurrence: Occurrence) -> str:
    form = occurrence.form
    return form.text if form.case is CaseRule.SENSITIVE else form.text.casefold()


def _glossary_key(entry: Entry) -> str:
    return entry.term if entry.case is CaseRule.SENSITIVE else entry.term.casefold()


def _house_spelling(groups: dict[str, list[Occurrence]]) -> str | None:
    """The spelling key the document clearly writes as its own, or None when no spelling
    leads by the margin (then a few uses are no house style, and the glossary decides)."""
    total = sum(len(v) for v in groups.values())
    key, uses = max(groups.items(), key=lambda item: len(item[1]))
    n = len(uses)
    if clear_lead(n, total - n):  # "finetuning" 5 times against one "fine-tuning"
        return key
    return None


def _dominant(
    entry: Entry, groups: dict[str, list[Occurrence]], repository_leaning: str | None = None
) -> str:
    """The spelling key the others are fixed to (insertion order of ``groups`` = first use):
    the document's house spelling where it has one, else (in repository scope) the spelling
    the repository writes most if the document uses it, else the glossary's preferred
    spelling if the document uses it, else the most used one."""
    house = _house_spelling(groups)
    if house is not None:
        return house
    if repository_leaning in groups:
        return repository_leaning
    preferred = _glossary_key(entry)
    if preferred in groups:
        return preferred
    top = max(len(v) for v in groups.values())
    return next(k for k, v in groups.items() if len(v) == top)


# What stands between two spellings set side by side: "X vs Y", "X or Y", "X (or Y)",
# "X, also written Y", "X/Y", with quotes, emphasis or code marks around either.
_CONTRAST_GAP = re.compile(
    r"[\s\"'\u201c\u201d\u2018\u2019*_`(),:\x00]*"
    r"(?:vs\.?|versus|or|nor|not|aka|a\.k\.a\.|i\.e\.,?|/|rather\s+than|instead\s+of"
    r"|(?:also|sometimes|often)(?:\s+(?:written|spelled|spelt|called|known\s+as))?)"
    r"[\s\"'\u201c\u201d\u2018\u2019*_`(),:\x00]*",
    re.IGNORECASE,
)
_MAX_GAP = 40


def _contrasted(prose: str, uses: list[Occurrence]) -> set[int]:
    """Indexes of uses set side by side with another spelling of the same entry."""
    out: set[int] = set()
    for i in range(len(uses) - 1):
        a, b = uses[i], uses[i + 1]
        if _key(a) == _key(b) or b.start - a.end > _MAX_GAP:
            continue
        if _CONTRAST_GAP.fullmatch(prose, a.end, b.start):
            out.update((i, i + 1))
    return out


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


def admitted_spellings(ctx: RuleContext) -> dict[str, dict[str, list[Occurrence]]]:
    """:func:`_groups` for every entry with two admitted spellings, even one the document
    writes one way only: what a repository's counts are made of."""
    return _groups(ctx, keep_single=True)


def _groups(ctx: RuleContext, keep_single: bool = False) -> dict[str, dict[str, list[Occurrence]]]:
    """Entry id → spelling key → the uses, for entries written in two spellings or more
    (``keep_single``: or in one) and not settled by a project preference.

    Quoted abstracts are looked for only in such entries (finding them reads the whole text).
    Uses in quotations, link text and side-by-side contrasts are left out.
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
        if entry_id in ctx.preferred_overrides:
            continue  # with a project preference the variant rule flags the other spellings
        if not keep_single and len({_key(o) for o in occurrences}) < 2:
            continue
        groups: dict[str, list[Occurrence]] = {}
        prose = ctx.extraction.prose
        contrasted = _contrasted(prose, occurrences)
        for i, occurrence in enumerate(occurrences):
            if i in contrasted or ctx.in_quotation(occurrence.start, link_text=True):
                continue
            if counted(prose, occurrence):
                groups.setdefault(_sentence_key(ctx, occurrence), []).append(occurrence)
        for key in [k for k in groups if _initialism_of_another(k, groups)]:
            del groups[key]  # "BIG-Bench Hard (BBH)": the name and its acronym, not two spellings
        for key in [k for k in groups if _clipping_of_another(k, groups)]:
            del groups[key]  # "batch norm" of "batch normalization": a short form of the name
        by_entry[entry_id] = groups
    return by_entry


def _sentence_key(ctx: RuleContext, occurrence: Occurrence) -> str:
    """The use's spelling key, a name's capital at a sentence start or in a heading taken
    back where the glossary admits the name in lower case too ("Seaborn draws the plot" is
    "seaborn" capitalised, not a second spelling of it)."""
    key = _key(occurrence)
    if occurrence.entry.case is not CaseRule.SENSITIVE or not key[:1].isupper():
        return key
    lowered = key[:1].lower() + key[1:]
    if lowered == key or not any(
        f.text == lowered and not f.status.flagged for f in occurrence.entry.forms
    ):
        return key
    if ctx.is_sentence_start(occurrence.start) or ctx.in_heading(occurrence.start):
        return lowered
    return key


_MIN_CLIPPED = 3  # letters a clipped last word keeps ("norm"), and at least as many cut off


def _clipping_of_another(key: str, groups: Mapping[str, object]) -> bool:
    """Whether ``key`` is another spelling of the entry with its last word clipped ("batch
    norm" of "batch normalization", "layer norm"): the short form a writer uses once the
    term is introduced, not a second spelling of it."""
    words = key.casefold().split()
    if len(groups) < 2 or len(words) < 2 or not words[-1].isalpha():
        return False
    for other in groups:
        others = other.casefold().split()
        if (
            len(others) == len(words)
            and others[:-1] == words[:-1]
            and len(words[-1]) >= _MIN_CLIPPED
            and len(others[-1]) - len(words[-1]) >= _MIN_CLIPPED
            and others[-1].startswith(words[-1])
        ):
            return True
    return False


def _initialism_of_another(key: str, groups: Mapping[str, object]) -> bool:
    """Whether ``key`` is written in capitals and is the initials of another spelling of the
    entry ("BBH" of "BIG-Bench Hard"): an acronym the glossary admits as a spelling, which
    a document defines beside the name rather than writes in its place."""
    if len(groups) < 2 or not (key.isupper() and key.isalpha() and len(key) >= 2):
        return False
    for other in groups:
        words = re.split(r"[\s-]+", other)
        initials = "".join(w[:1] for w in words).upper()
        if other != key and len(words) == len(key) and initials == key.upper():
            return True
    return False


def counted(prose: str, occurrence: Occurrence) -> bool:
    """Whether a use is the writer's spelling of the term: not a library's CamelCase name
    ("AllReduce"), nor a phrasal verb written with a hyphen ("to warm-up the model"), nor
    the tail of a longer hyphenated word ("re-finetuned", "non-pretrained": the compound is
    spelt as a whole, and "re-fine-tuned" is no fix of it), nor a repository's name written
    as a slug ("lm-evaluation-harness" beside "LM Evaluation Harness")."""
    start = occurrence.start
    if start > 1 and prose[start - 1] == "-" and prose[start - 2].isalpha():
        return False
    if is_slug(occurrence.surface):
        return False  # "lm-evaluation-harness": the repository's name, not its spelling
    return not _camel_case_name(occurrence) and not verb_use(prose, start, occurrence.end)


_INNER_CAPITAL = re.compile(r"[a-z][A-Z]")


def _camel_case_name(occurrence: Occurrence) -> bool:
    """A lower-case spelling written with a capital inside ("AllReduce" for "allreduce"):
    the name a library gives an operation or a class, not the writer's spelling of the word."""
    form = occurrence.form.text
    return form == form.lower() and _INNER_CAPITAL.search(occurrence.surface) is not None


def _outvoted_with_the_code(
    ctx: RuleContext, groups: dict[str, list[Occurrence]], glossary_key: str
) -> bool:
    """Whether the glossary's spelling, the target by default, is the document's rarer one
    while its commoner one is solid and written in the document's own code too: litgpt's
    `finetune/lora.py` docstrings say "finetuning" twice, its code
    `create_finetuning_performance_report`, and one comment "fine-tuning". The project's
    spelling is the code's; telling the prose to turn against it is no call to make from one
    document. (The same word only: "finetune" in code says nothing of how the prose writes
    "finetuned".)"""
    ours = len(groups[glossary_key])
    key, uses = max(
        ((k, v) for k, v in groups.items() if k != glossary_key), key=lambda item: len(item[1])
    )
    if len(uses) <= ours or not key.isalpha():
        return False
    return ctx.writes_where_masked(key, after="")  # create_finetuning_…: any continuation


def _written_like(ctx: RuleContext, occurrence: Occurrence, target: str) -> str | None:
    """``target`` with the occurrence's plural and the capitals the context explains, or None
    when the writer's capitals are a choice no admitted spelling keeps."""
    surface = " ".join(occurrence.surface.split())
    replacement = occurrence.with_plural(target)
    if occurrence.entry.case is CaseRule.SENSITIVE or surface == surface.lower():
        return replacement
    capitalised = surface[:1].isupper() and surface[1:] == surface[1:].lower()
    heading = ctx.in_heading(occurrence.start)
    if capitalised and (heading or ctx.is_sentence_start(occurrence.start)):
        return replacement[:1].upper() + replacement[1:]
    if heading and surface == _title_case(surface.lower()):
        return _title_case(replacement)  # "## Fine Tuning Example" → "Fine-Tuning"
    return None


def _writes(uses: list[Occurrence], text: str) -> bool:
    """Whether one of ``uses`` is written as ``text`` (with its plural, or a first capital)."""
    for use in uses:
        surface = " ".join(use.surface.split())
        written = use.with_plural(text)
        if surface in (written, written[:1].upper() + written[1:]):
            return True
    return False


def _title_case(text: str) -> str:
    return re.sub(r"(?:^|(?<=[\s-]))([^\W\d_])", lambda m: m.group(1).upper(), text)


def fix_is_safe(
    preferred: bool, target_uses: int, flagged_uses: int, surface: str, target: str
) -> bool:
    """Safe only towards the glossary's spelling, and only where the document (or the
    repository) writes that spelling clearly more than the flagged one, by a house
    spelling's margin (:func:`~mlgloss.analysis.term_counts.clear_lead`). Below it, on a
    tie (a config's one "finetuning" in a header shared by a hundred configs against one
    "fine-tuning"), at two against one (litgpt's "finetuning" beside two "fine-tuning" in
    a module whose repository writes "finetuning" 126 times) or against the more frequent
    spelling (a product's own "DeepSpeed-Chat"), rewriting it is a choice a reviewer has to
    read. Nor is respelling a class-like CamelCase name
    (diffusers' "UNet") one to accept unread."""
    return (
        preferred and clear_lead(target_uses, flagged_uses) and not is_class_like(surface, target)
    )


def spelling_finding(
    occurrence: Occurrence,
    severity: Severity,
    entry_id: str,
    message: str,
    replacement: str | None,
    safe: bool,
) -> Finding:
    """The finding on one occurrence of a minority spelling: with the fix to
    ``replacement`` (safe or not), or with none where no written-alike form exists. Shared by
    the document scope and the repository scope (analysis/repository_scope.py)."""
    if replacement is None:
        return Finding(CODE, severity, occurrence.start, occurrence.end, message, entry_id=entry_id)
    return replacement_finding(
        CODE,
        severity,
        occurrence.start,
        occurrence.end,
        f"{message}: write '{replacement}'",
        replacement,
        entry_id=entry_id,
        safe=safe,
    )


def check(ctx: RuleContext) -> Iterator[Finding]:
    repository_wide = repository_scope(ctx.config)
    by_entry = ctx.admitted_spellings if ctx.counts_spellings and repository_wide else _groups(ctx)
    leanings: Mapping[str, str | None] = {}
    if ctx.repository is not None and repository_wide:
        from mlgloss.analysis.repository_scope import repository_findings

        settled, by_entry, leanings = repository_findings(ctx, by_entry)  # rest: this document's
        yield from settled
    elif ctx.repository is not None:  # document scope, with the repository's counts
        from mlgloss.analysis.repository_scope import repository_spellings

        leanings = repository_spellings(ctx, by_entry)
    yield from document_findings(ctx, by_entry, leanings)


def document_findings(
    ctx: RuleContext,
    by_entry: dict[str, dict[str, list[Occurrence]]],
    leanings: Mapping[str, str | None],
) -> Iterator[Finding]:
    """The findings of the spellings the document counts (entry id → spelling key → uses)
    that are not its target's, in the order of the text. ``leanings``: per entry, the
    spelling the repository writes most where it settles nothing (repository scope)."""
    severity = ctx.severity(CODE, RULE.default_severity)
    found: list[Finding] = []
    for entry_id, groups in by_entry.items():
        if len(groups) < 2:
            continue
        entry = groups[next(iter(groups))][0].entry
        leans = leanings.get(entry_id)
        dominant_key = _dominant(entry, groups, leans)
        preferred = dominant_key == _glossary_key(entry)
        if preferred and _outvoted_with_the_code(ctx, groups, dominant_key):
            continue
        target = entry.term if preferred else groups[dominant_key][0].form.text
        count = len(groups[dominant_key])
        times = "once" if count == 1 else f"{count} times"
        if preferred:
            why = "the glossary's spelling"
        elif dominant_key == leans and _house_spelling(groups) is None:
            why = "the spelling this repository writes most"
        else:
            why = "the document's usual spelling"
        # The document's own spelling is a target only as the document writes it: "allreduce"
        # is no fix where the document's 15 uses are "AllReduce".
        fixable = preferred or _writes(groups[dominant_key], target)
        prose = ctx.extraction.prose
        hyphen_nouns = not all(attributive(prose, o) for o in groups[dominant_key])
        for key, occurrences in groups.items():
            if key == dominant_key:
                continue
            for occurrence in occurrences:
                if in_its_place(prose, occurrence, key, dominant_key, hyphen_nouns):
                    continue
                shown = " ".join(occurrence.surface.split())
                replacement = _written_like(ctx, occurrence, target) if fixable else None
                message = f"'{shown}' here, but '{target}' {times} in this document ({why})"
                found.append(
                    spelling_finding(
                        occurrence,
                        severity,
                        entry_id,
                        message,
                        replacement,
                        fix_is_safe(preferred, count, len(occurrences), occurrence.surface, target),
                    )
                )
    found.sort(key=lambda f: f.start)
    yield from found


RULE = Rule(metadata(CODE), check)
