"""``acronym-expansion``: a glossary acronym used in a prose document before it is expanded.

Readers who do not know "GRPO" need "Group Relative Policy Optimization (GRPO)" once. The
rule runs on prose documents only (Markdown, notebooks, reST, plain text), looks at
glossary entries that have both an acronym and an expansion and are not ``well_known``
(GPU, API, LLM), and flags only the first use of each acronym.

An acronym counts as expanded from the point where the document writes its expansion
("Low-Rank Adaptation", in any case), or defines it in place: "LoRA (Low-Rank Adaptation)",
or a parenthesised "(LoRA)" right after a phrase, which is how writers introduce an acronym
whatever wording they choose. A use in a heading, a table row or a list item of a few
words ("- LoRA") is not flagged: the paragraph under "## LoRA" is where the expansion
belongs, and tables and lists of names are too terse for one. Nor is a use in a quoted paper
abstract or a linked title, which the writer cannot change, or in a sentence in another
script ("我们使用 GRPO"), where an English expansion does not belong. Headings, quotations,
the items of a table of contents, ``<summary>`` labels and comments in a notebook's code
cells mirror or label the document: a use there does not count as the first. A use in a table
row, a short list item or the writer's own link text ("see [the RAG guide](…)") does, and is
not flagged: the reader has met the acronym there (a link's page explains it, and nothing
can be inserted into a link), so a later use is not its first. An acronym
whose expansion follows in the same sentence ("GRPO, or group relative policy optimization,
…") is expanded there: not flagged.

The fix, always unsafe (it rewrites the sentence), is written by
:mod:`mlgloss.analysis.rules.acronym_insertion`; where no insertion reads right the finding
has no fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mlgloss.analysis.document import DocumentKind
from mlgloss.analysis.findings import Finding, Fix
from mlgloss.analysis.rule_metadata import metadata
from mlgloss.analysis.rules.acronym_insertion import expansion_edit, in_non_latin_sentence
from mlgloss.analysis.rules.base import Rule, RuleContext
from mlgloss.glossary.model import Entry, FormKind
from mlgloss.glossary.occurrence import Occurrence

CODE = "acronym-expansion"
SHORT_ITEM_WORDS = 4  # a list item this short names things; it is no place for an expansion

# "LoRA (Low-Rank Adaptation …)": a parenthesis of two words or more right after the acronym.
_DEFINED_AFTER = re.compile(
    r"[*_`\]\x00]*[^\S\n]*\((?:[^()\n\x00]*?[^\W\d_]{2,}\W+){1,}[^\W\d_]{2,}"
)
# "… Adaptation (LoRA)": the acronym alone in parentheses after a word.
_DEFINED_BEFORE = re.compile(r"[^\W\d_][*_]*[^\S\n]*\([^\S\n]*$")


def _is_expansion(occurrence: Occurrence) -> bool:
    entry, form = occurrence.entry, occurrence.form
    if form.kind is FormKind.EXPANSION:
        return True
    return entry.expansion is not None and form.matches(entry.expansion)


def _is_acronym(occurrence: Occurrence) -> bool:
    acronym = occurrence.entry.acronym
    form = occurrence.form
    return acronym is not None and form.text == acronym and not form.status.flagged


def _defined_in_place(prose: str, occurrence: Occurrence) -> bool:
    if _DEFINED_AFTER.match(prose, occurrence.end):
        return True
    line_start = prose.rfind("\n", 0, occurrence.start) + 1
    head = prose[max(line_start, occurrence.start - 40) : occurrence.start]
    return bool(_DEFINED_BEFORE.search(head)) and prose[occurrence.end : occurrence.end + 1] == ")"


# A list item's marker, with a task list's checkbox ("- [ ] 3D parallel MoEs") if any.
_LIST_MARKER = re.compile(r"[ \t]*(?:[-*+]|\d+[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")


def _in_table_or_name_list(prose: str, offset: int) -> bool:
    """In a table row, or a list item of a few words ("- LoRA", "- ✅ QLoRA 4-bit")."""
    line_start = prose.rfind("\n", 0, offset) + 1
    if prose[line_start:offset].lstrip(" \t\x00").startswith("|"):
        return True
    marker = _LIST_MARKER.match(prose, line_start)
    if marker is None:
        return False
    line_end = prose.find("\n", offset)
    item = prose[marker.end() : line_end if line_end != -1 else len(prose)]
    return len(item.split()) <= SHORT_ITEM_WORDS


_SUMMARY_OPEN = re.compile(r"<summary\b[^>]*>(?:(?!</summary).)*\Z", re.IGNORECASE)
# A line of a table of contents: a list item that opens with a link to an anchor of the page
# ("- [RL Algorithms](#rl-algorithms) - PPO, GRPO"), or a table row with such a link.
_TOC_LINE = re.compile(r"[ \t]*(?:(?:[-*+]|\d+[.)])[ \t]+[*_]{0,2}|\|[^\n]*?)\[[^\[\]\n]*\]\(\s*#")


def _is_label(ctx: RuleContext, offset: int) -> bool:
    """A use that labels or mirrors the document rather than being read in it: a line of a
    table of contents (a list item opening with a link to an anchor of the page, the labels
    after the link included, or a table row linking to one), a ``<summary>`` label, a
    comment in a notebook's code cell. It neither needs an expansion nor gives one."""
    text = ctx.text
    line_start = text.rfind("\n", 0, offset) + 1
    if _TOC_LINE.match(text, line_start):
        return True
    before = text[line_start:offset]
    if "<summary" in before.lower() and _SUMMARY_OPEN.search(before):
        return True
    if ctx.extraction.cells:
        cell = ctx.extraction.cell_at(offset)
        return cell is not None and cell.kind is not DocumentKind.MARKDOWN
    return False


def _expansion_for(entry: Entry, occurrence: Occurrence) -> str:
    assert entry.expansion is not None
    expansion = entry.expansion
    head, of, tail = expansion.partition(" of ")
    if of and occurrence.plural_kind is not None:
        # "MoEs" → "Mixtures of Experts": the plural is the head noun's, before its "of".
        return occurrence.with_plural(head) + of + tail
    if not expansion.split()[-1].lower().endswith("s"):
        # "LoRAs" → "Low-Rank Adaptations"; an expansion that already ends in a plural word
        # ("Server-Sent Events") stands for the plural acronym as it is.
        expansion = occurrence.with_plural(expansion)
    return expansion


_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
# Code points: how far after the acronym its expansion still explains it, if the sentence
# goes on that long (OpenRLHF's "open-source RLHF framework that combines ... for scalable and
# extensible reinforcement learning from human feedback": 190 code points, one sentence).
_NEARBY = 300


def _expanded_nearby(prose: str, occurrence: Occurrence, expansions: list[Occurrence]) -> bool:
    """Whether the expansion follows in the acronym's own sentence ("GRPO, or group relative
    policy optimization, ..."): a reader has it at once. In a later sentence it is too late."""
    end = _SENTENCE_END.search(prose, occurrence.end, occurrence.end + _NEARBY)
    limit = end.start() if end else occurrence.end + _NEARBY
    return any(occurrence.end <= o.start < limit for o in expansions)


def check(ctx: RuleContext) -> Iterator[Finding]:
    if not ctx.kind.is_prose_document:
        return
    prose = ctx.extraction.prose
    settled: set[str] = set()  # entries expanded, or whose first use was already seen
    severity = ctx.severity(CODE, RULE.default_severity)
    expansions: dict[str, list[Occurrence]] = {}
    for occurrence in ctx.occurrences:
        if _is_expansion(occurrence):
            expansions.setdefault(occurrence.entry.id, []).append(occurrence)
    for occurrence in ctx.occurrences:
        entry = occurrence.entry
        if entry.id in settled or entry.well_known or not (entry.acronym and entry.expansion):
            continue
        if _is_expansion(occurrence):
            settled.add(entry.id)
            continue
        start = occurrence.start
        if not _is_acronym(occurrence) or ctx.in_heading(start) or ctx.in_quotation(start):
            continue
        if _is_label(ctx, start):
            continue  # a table of contents, a <summary> label, a code cell's comment
        if _in_table_or_name_list(prose, start) or ctx.in_quotation(start, link_text=True):
            # The reader has met it here: in a list too terse for more, or in a link, whose
            # page explains it and where nothing can be inserted.
            settled.add(entry.id)
            continue
        if in_non_latin_sentence(prose, start, occurrence.end):
            continue
        settled.add(entry.id)
        if _defined_in_place(prose, occurrence):
            continue
        if _expanded_nearby(prose, occurrence, expansions.get(entry.id, [])):
            continue
        if ctx.config.is_ignored_word(occurrence.surface):
            continue
        expansion = _expansion_for(entry, occurrence)
        message = f"'{occurrence.surface}' is used before it is expanded"
        edit = expansion_edit(occurrence, expansion, prose, ctx.is_sentence_start(start))
        if edit is None:
            yield Finding(
                CODE,
                severity,
                occurrence.start,
                occurrence.end,
                f"{message}: write '{expansion} ({occurrence.surface})' at its first use",
                entry_id=entry.id,
            )
            continue
        shown = edit.new_text
        fix = Fix(f"Expand to '{shown}'", (edit,), safe=False)
        yield Finding(
            CODE,
            severity,
            occurrence.start,
            occurrence.end,
            f"{message}: write '{shown}' at its first use",
            (fix,),
            entry.id,
        )


RULE = Rule(metadata(CODE), check)
