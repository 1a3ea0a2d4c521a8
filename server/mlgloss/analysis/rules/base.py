"""What every rule sees and returns: the rule context and the rule record.

A rule is a plain function from a :class:`RuleContext` to findings, registered with a
stable code and a default severity. The context holds everything computed once per
document: the extraction, the glossary occurrences in the prose, the configuration.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from mlgloss.analysis.config import ProjectConfig
from mlgloss.analysis.document import MASK, DocumentKind, Extraction
from mlgloss.analysis.findings import Finding, Fix, Severity, TextEdit
from mlgloss.analysis.rule_metadata import RuleMetadata
from mlgloss.glossary.index import Occurrence
from mlgloss.glossary.lookup import Glossary
from mlgloss.glossary.model import Entry, Form, FormKind

_LINE_MARKER = re.compile(r"[ \t]*(?:[#>|*+\-]+|\d+[.)])?[ \t]*$")
# A paragraph in italics: "*Text …*" or "_Text …_" (not a "* " bullet, not "**bold**"), at
# the start of the text or after a line break. Each pattern starting a line also comes in a
# form that starts with the line break, which the re module finds much faster.
_ITALIC_PARAGRAPH = re.compile(r"[ \t]*(?:>[ \t]*)?([*_])(?=[^\s*_])")
_ITALIC_AFTER_BREAK = re.compile(r"\n(" + _ITALIC_PARAGRAPH.pattern + ")")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_QUOTE_PARAGRAPH = re.compile(r"[ \t]*>[ \t]?(?!\s|\[!)")
_QUOTE_AFTER_BLANK = re.compile(r"\n[ \t]*\n(" + _QUOTE_PARAGRAPH.pattern + ")")
_QUOTED_MIN_LENGTH = 300
_OPENERS = frozenset(" \t*_\"'\u201c\u2018([{~")


@dataclass
class RuleContext:
    text: str
    kind: DocumentKind
    extraction: Extraction
    occurrences: list[Occurrence]
    glossary: Glossary
    config: ProjectConfig
    path: str | None = None
    # The distinct runs of ASCII letters and digits of the prose, lower-cased, as the term
    # index split it (TermIndex.find_with_words); None when not known.
    words: set[str] | None = None
    _heading_starts: list[int] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        self._heading_starts = [start for start, _ in self.extraction.headings]

    def in_heading(self, offset: int) -> bool:
        i = bisect.bisect_right(self._heading_starts, offset) - 1
        return i >= 0 and offset < self.extraction.headings[i][1]

    def is_sentence_start(self, offset: int) -> bool:
        """True at the start of a sentence, a line item, a table cell or a heading."""
        prose = self.extraction.prose
        i = offset
        while i > 0 and prose[i - 1] in _OPENERS:
            i -= 1
        if i == 0:
            return True
        before = prose[i - 1]
        if before in ".!?:|" or before == MASK:
            return True
        if before != "\n":
            return False
        line_start = prose.rfind("\n", 0, offset) + 1
        if _LINE_MARKER.match(prose, line_start, offset) and prose[line_start:offset].strip():
            return True  # a list item, quote, heading or table-cell start
        previous_end = i - 1
        previous_start = prose.rfind("\n", 0, previous_end) + 1
        return not prose[previous_start:previous_end].strip()  # after a blank line

    @cached_property
    def _quotations(self) -> list[tuple[int, int]]:
        """Spans of quoted abstracts: italic or block-quoted paragraphs after "The abstract
        …:", or long ones (a call-out such as ``> [!TIP]`` is the writer's own text)."""
        if self.kind not in (DocumentKind.MARKDOWN, DocumentKind.NOTEBOOK):
            return []
        text = self.text
        spans: list[tuple[int, int]] = []
        for line_start, start, marker in _italic_starts(text):
            before = text[max(0, line_start - 300) : line_start]
            previous_line = before.rstrip("\n").rsplit("\n", 1)[-1].strip()
            if before.strip() and not before.endswith("\n\n") and not previous_line.endswith(":"):
                continue  # not the start of a paragraph
            blank = _BLANK_LINE.search(text, start)
            end = blank.start() if blank else len(text)
            body = text[start:end].rstrip()
            if len(body) < 3 or body[-1] != marker:
                continue
            if "abstract" in before[-200:].lower() or len(body) >= _QUOTED_MIN_LENGTH:
                spans.append((start, end))
        for match_start, start in _quote_starts(text):  # "> Direct Preference Optimization …"
            blank = _BLANK_LINE.search(text, start)
            end = blank.start() if blank else len(text)
            before = text[max(0, match_start - 300) : match_start]
            if "abstract" in before.lower() or end - start >= _QUOTED_MIN_LENGTH:
                spans.append((start, end))
        spans.sort()
        return spans

    def in_quotation(self, offset: int) -> bool:
        """True inside a quoted paper abstract, whose wording is the paper's, not the writer's."""
        spans = self._quotations
        return bool(spans) and any(start <= offset < end for start, end in spans)

    def in_link_text(self, offset: int) -> bool:
        """True inside the text of a Markdown link or image (``[text](url)``, ``[text][ref]``):
        the title of what it links to, or a name, more often than the writer's sentence."""
        prose = self.extraction.prose
        line_start = prose.rfind("\n", 0, offset) + 1
        opening = prose.rfind("[", line_start, offset)
        if opening == -1 or "]" in prose[opening:offset]:
            return False
        line_end = prose.find("\n", offset)
        closing = prose.find("]", offset, len(prose) if line_end == -1 else line_end)
        return closing != -1 and prose[closing + 1 : closing + 2] == MASK

    def severity(self, code: str, default: Severity) -> Severity:
        return self.config.severity(code, default)

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

    def preferred_text(self, entry: Entry) -> str:
        override = self.preferred_overrides.get(entry.id)
        return override.text if override else entry.term


def _italic_starts(text: str) -> Iterator[tuple[int, int, str]]:
    """(line start, marker offset, marker) of each line that opens with ``*`` or ``_``."""
    first = _ITALIC_PARAGRAPH.match(text)
    if first is not None:
        yield 0, first.start(1), first.group(1)
    for match in _ITALIC_AFTER_BREAK.finditer(text):
        yield match.start(1), match.start(2), match.group(2)


def _quote_starts(text: str) -> Iterator[tuple[int, int]]:
    """(match start, text start) of each block quote that opens the text or a paragraph."""
    first = _QUOTE_PARAGRAPH.match(text)
    if first is not None:
        yield 0, first.end()
    for match in _QUOTE_AFTER_BLANK.finditer(text, first.end() if first else 0):
        yield match.start(), match.end()


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
