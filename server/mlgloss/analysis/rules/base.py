"""What every rule sees and returns: the rule context and the rule record.

A rule is a plain function from a :class:`RuleContext` to findings, registered with a
stable code and a default severity. The context holds everything computed once per
document: the extraction, the glossary occurrences in the prose, the configuration.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise
from operator import attrgetter
from typing import TYPE_CHECKING

from mlgloss.analysis.config.model import ProjectConfig
from mlgloss.analysis.document import MASK, DocumentKind, Extraction
from mlgloss.analysis.extract.masking import merge_spans
from mlgloss.analysis.findings import Finding, Fix, Severity, TextEdit
from mlgloss.analysis.quotations import (
    Span,
    document_quotation_spans,
    line_quotation_spans,
    link_text_spans,
    slug_at,
)
from mlgloss.analysis.rule_metadata import RuleMetadata
from mlgloss.glossary.lookup import Glossary
from mlgloss.glossary.model import Entry, Form, FormKind
from mlgloss.glossary.occurrence import Occurrence

if TYPE_CHECKING:  # imported where used: only config files need it
    from mlgloss.analysis.config_tools.detect import Detection
    from mlgloss.analysis.term_counts import FileCounts, TermCounts

_START = attrgetter("start")
_LINE_MARKER = re.compile(r"[ \t]*(?:[#>|*+\-]+|\d+[.)])?[ \t]*$")
_OPENERS = frozenset(" \t*_\"'\u201c\u2018([{~")
_EMOJI_JOINERS = frozenset("\ufe0f\u200d")  # the emoji presentation selector, the joiner


def _symbol(char: str) -> bool:
    """A pictograph or sign (an emoji, "⚠", "→") or what joins one: no word of a sentence."""
    return char in _EMOJI_JOINERS or unicodedata.category(char) == "So"


@dataclass
class RuleContext:
    text: str
    kind: DocumentKind
    extraction: Extraction
    occurrences: list[Occurrence]
    glossary: Glossary
    config: ProjectConfig
    path: str | None = None
    # Every distinct lower-cased word of the prose, as the term index split it
    # (TermIndex.find_with_words) or as \w+ tokens; it may hold more (words an edit has
    # since deleted: the incremental analyzer only adds), never fewer; None when not known.
    words: set[str] | None = None
    # `inconsistent` in repository scope: the repository's counts (None: compare within the
    # document), and whether this document's own uses are counted (analysis/term_counts.py).
    repository: TermCounts | None = None
    counts_spellings: bool = False
    _heading_starts: list[int] = field(default_factory=list, init=False, repr=False)
    _lines_read: dict[int, list[Span]] = field(default_factory=dict, init=False, repr=False)
    _occurrence_cursor: int = field(default=0, init=False, repr=False)
    _masked_writings: dict[str, bool] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self._heading_starts = [start for start, _ in self.extraction.headings]

    def in_heading(self, offset: int) -> bool:
        i = bisect.bisect_right(self._heading_starts, offset) - 1
        return i >= 0 and offset < self.extraction.headings[i][1]

    def is_sentence_start(self, offset: int) -> bool:
        """True at the start of a sentence, a line item, a table cell or a heading."""
        prose = self.extraction.prose
        i = offset
        while i > 0 and (prose[i - 1] in _OPENERS or _symbol(prose[i - 1])):
            i -= 1  # "**", quotes, brackets, and a sign before the sentence: "⚠️ **Torchtune"
        if i == 0:
            return True
        before = prose[i - 1]
        if before in ".!?:|" or before == MASK:
            return True
        line_start = prose.rfind("\n", 0, offset) + 1
        if any(
            _LINE_MARKER.match(prose, line_start, end) and prose[line_start:end].strip()
            for end in (offset, i)  # "  * Memory", and "> ⚠️ **Torchtune" up to its sign
        ):
            return True  # a list item, quote, heading or table-cell start: "- Pandas 2.2"
        if before != "\n":
            return False
        previous_end = i - 1
        previous_start = prose.rfind("\n", 0, previous_end) + 1
        return not prose[previous_start:previous_end].strip()  # after a blank line

    @cached_property
    def _quotations(self) -> tuple[list[int], list[int]]:
        """Starts and ends of the quoted spans found document-wide (abstracts, References
        sections, BibTeX entries), merged and sorted."""
        spans = document_quotation_spans(self.text, self.kind, self.extraction)
        merged = merge_spans(spans)
        return [s for s, _ in merged], [e for _, e in merged]

    def writes_where_masked(self, word: str, after: str = r"(?![^\W\d_])") -> bool:
        """Whether the document writes ``word`` (any case, not inside a longer word; what
        may follow it is ``after``) where its prose is masked: in code, a URL, a path or a
        value. A word the document's own code or links write is a name it uses (a handle,
        a module, a checkpoint), not the writer's spelling of a term. Found once per
        document and word."""
        key = word + "\x00" + after
        found = self._masked_writings.get(key)
        if found is None:
            pattern = re.compile(rf"(?<![^\W\d_]){re.escape(word)}{after}", re.IGNORECASE)
            prose = self.extraction.prose
            found = any(prose[m.start()] == MASK for m in pattern.finditer(self.text))
            self._masked_writings[key] = found
        return found

    @cached_property
    def written_spellings(self) -> Counter[tuple[str, str]]:
        """How often the document writes each spelling of each term: (entry id, the
        surface with its white space made single spaces) → uses."""
        return Counter((o.entry.id, " ".join(o.surface.split())) for o in self.occurrences)

    @cached_property
    def _occurrences_in_order(self) -> bool:
        """Whether the occurrences are ordered by start, as the term index gives them."""
        return all(a.start <= b.start for a, b in pairwise(self.occurrences))

    def _occurrence_end(self, offset: int) -> int | None:
        """The furthest end of the occurrences starting at ``offset``, or None.

        Found by bisection over the ordered occurrences: a dictionary of them all costs about
        0.6 MiB per MB of dense prose, a tenth of the engine's memory for the document."""
        occurrences = self.occurrences
        if not self._occurrences_in_order:
            ends = [o.end for o in occurrences if o.start == offset]
            return max(ends) if ends else None
        # The rules ask in document order, mostly of an occurrence itself: the one found
        # last, or one a few further on, before bisecting.
        i, n = self._occurrence_cursor, len(occurrences)
        if i > n or (i > 0 and occurrences[i - 1].start >= offset):
            i = bisect.bisect_left(occurrences, offset, key=_START)  # a step back
        else:
            steps = 0
            while i < n and occurrences[i].start < offset:
                i += 1
                steps += 1
                if steps == 16:  # a leap forward
                    i = bisect.bisect_left(occurrences, offset, i, key=_START)
                    break
        self._occurrence_cursor = i
        end = None
        while i < n and occurrences[i].start == offset:
            end = max(end or 0, occurrences[i].end)
            i += 1
        return end

    def _line_spans(self, offset: int, links: bool) -> list[Span]:
        """The quoted spans of the line holding ``offset`` (titles, links, badges), or with
        ``links`` the text spans of all its Markdown links; each found once per line."""
        text = self.text
        start = text.rfind("\n", 0, offset) + 1
        key = -start - 1 if links else start
        spans = self._lines_read.get(key)
        if spans is None:
            end = text.find("\n", offset)
            end = len(text) if end < 0 else end
            prose = self.extraction.prose
            if links:
                spans = link_text_spans(prose, start, end)
            else:
                spans = line_quotation_spans(text, self.kind, prose, start, end)
            self._lines_read[key] = spans
        return spans

    def in_quotation(self, offset: int, *, link_text: bool = False) -> bool:
        """True inside quoted text (a paper's abstract, a title, a reference, a badge) or
        a name written as a slug: the writer's own wording is elsewhere. With ``link_text``,
        also inside the text of any Markdown link (``[text](url)``, ``[text][ref]``): a title
        or a name more often than the writer's sentence, and no place to insert words."""
        starts, ends = self._quotations
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and offset < ends[i]:
            return True
        if any(start <= offset < end for start, end in self._line_spans(offset, links=False)):
            return True
        if link_text and any(s <= offset < e for s, e in self._line_spans(offset, links=True)):
            return True
        prose = self.extraction.prose
        end = self._occurrence_end(offset)
        if end is None:  # a word that is not a glossary term (the misspelling rule's)
            end = offset
            while end < len(prose) and prose[end].isascii() and prose[end].isalnum():
                end += 1
        return "-" in prose[max(0, offset - 1) : end + 1] and slug_at(prose, offset, end)

    def severity(self, code: str, default: Severity) -> Severity:
        return self.config.severity(code, default)

    @cached_property
    def config_tool(self) -> Detection | None:
        """The supported tool that reads this config file, if that can be told."""
        if not self.kind.is_config or not self.extraction.keys:
            return None
        from mlgloss.analysis.config_tools.detect import detect_tool

        mapped = self.config.config_tool_for(self.path)
        return detect_tool(self.text, self.kind, self.extraction.keys, self.path, mapped)

    @cached_property
    def preferred_overrides(self) -> dict[str, Form]:
        """Entry id → the spelling the project prefers (``prefer`` in its configuration)."""
        out: dict[str, Form] = {}
        for text in self.config.prefer:
            entry = self.glossary.lookup(text)
            if entry is None:
                continue
            form = entry.form(text)
            if form is not None and form.kind is FormKind.SPELLING:
                out.setdefault(entry.id, form)
        return out

    @cached_property
    def admitted_spellings(self) -> dict[str, dict[str, list[Occurrence]]]:
        """Entry id -> spelling key -> the uses ``inconsistent`` counts, for every entry
        with two admitted spellings (one spelling used is enough): the repository's index
        counts exactly these."""
        from mlgloss.analysis.rules.inconsistent import admitted_spellings

        return admitted_spellings(self)

    @cached_property
    def file_counts(self) -> FileCounts:
        """This document's contribution to its repository's counts (computed once: the
        rule asks for it in repository scope and for a mixed document, the engine for
        every document whose counts it keeps)."""
        from mlgloss.analysis.repository_scope import file_counts

        return file_counts(self)

    def preferred_text(self, entry: Entry) -> str:
        override = self.preferred_overrides.get(entry.id)
        return override.text if override else entry.term


RuleCheck = Callable[[RuleContext], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    meta: RuleMetadata  # code, summary, default severity, fix safety: rule_metadata.py
    check: RuleCheck
    prose_only: bool = True  # runs on prose occurrences (False: on config keys)

    @property
    def code(self) -> str:
        return self.meta.code

    @property
    def default_severity(self) -> Severity:
        return self.meta.default_severity

    @property
    def summary(self) -> str:
        return self.meta.summary


def match_case(replacement: str, surface: str, case_sensitive: bool) -> str:
    """``replacement`` written with the capital ``surface`` has, where the case rule allows.

    Only case-insensitive terms take the writer's case: a sentence-initial "Finetuning"
    becomes "Fine-tuning"; a case-sensitive term is always written as the glossary has it.
    """
    if case_sensitive or not surface:
        return replacement
    if len(surface) > 1 and surface.isupper() and any(c.isalpha() for c in surface):
        return replacement.upper()
    if surface[0].isupper() and replacement[:1].islower():
        return replacement[0].upper() + replacement[1:]
    return replacement


def replacement_finding(
    code: str,
    severity: Severity,
    start: int,
    end: int,
    message: str,
    replacement: str,
    *,
    entry_id: str | None = None,
    title: str | None = None,
    safe: bool = True,
) -> Finding:
    """A finding whose one fix replaces ``text[start:end]`` with ``replacement``."""
    fix = Fix(title or f"Replace with '{replacement}'", (TextEdit(start, end, replacement),), safe)
    return Finding(code, severity, start, end, message, (fix,), entry_id)
