"""Reasons a fix is not safe whatever rule proposed it: where it lands decides.

A rule marks its fix safe when the respelling itself is mechanical. Some places make any
respelling a change a reviewer has to read, so :func:`with_place_safety` turns such safe
fixes unsafe (they stay offered as suggestions):

* a string value in a config file (not a comment): a program reads it (a package's
  ``description``, a docs table of contents' ``title`` that repeats a page's heading);
* a heading whose anchor the edit changes (``## SelfInstruct`` → ``#self-instruct``): links
  from this or any other page point at the old anchor; a casing fix keeps the anchor;
* a Title Case heading in which the edit would lower a word's capital ("Apple Silicon
  Chips" → "Apple silicon Chips");
* an edit that adds a hyphen to a word already joined by a hyphen ("full-finetuning" →
  "full-fine-tuning"): the right compound ("full fine-tuning") needs a reworded phrase.

And one place takes the fix away, safe or not: an edit that would remove a line break
("Layer⏎Norm" → "LayerNorm" joins two lines and re-wraps the paragraph). The finding stays.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import replace

from mlgloss.analysis.document import DocumentKind, Extraction
from mlgloss.analysis.findings import Finding, Fix, TextEdit
from mlgloss.analysis.quotations import SMALL_WORDS_TEXT, anchor


def with_place_safety(
    text: str, kind: DocumentKind, extraction: Extraction, findings: Sequence[Finding]
) -> list[Finding]:
    """``findings`` with every safe fix that lands in one of the places above made unsafe,
    and without the fixes that would join two lines."""
    findings = [_without_line_joins(text, f) if f.fixes else f for f in findings]
    if not any(fix.safe for f in findings for fix in f.fixes):
        return findings
    heading_starts = [start for start, _ in extraction.headings]
    comment_starts = [start for start, _ in extraction.comments]
    out: list[Finding] = []
    for finding in findings:
        fixes = tuple(
            replace(fix, safe=False)
            if fix.safe
            and not _safe_here(text, kind, extraction, fix, heading_starts, comment_starts)
            else fix
            for fix in finding.fixes
        )
        out.append(finding if fixes == finding.fixes else replace(finding, fixes=fixes))
    return out


def _without_line_joins(text: str, finding: Finding) -> Finding:
    """``finding`` without the fixes one of whose edits rewrites a term across a line break
    (a deletion, as of an unused directive's whole line, is no rewording)."""
    kept = tuple(fix for fix in finding.fixes if not any(_joins_lines(text, e) for e in fix.edits))
    return finding if len(kept) == len(finding.fixes) else replace(finding, fixes=kept)


def _joins_lines(text: str, edit: TextEdit) -> bool:
    old = text[edit.start : edit.end]
    return (
        bool(edit.new_text) and "\n" in old.strip() and edit.new_text.count("\n") < old.count("\n")
    )


def _span_at(
    spans: tuple[tuple[int, int], ...], starts: list[int], offset: int
) -> tuple[int, int] | None:
    i = bisect.bisect_right(starts, offset) - 1
    if i >= 0 and offset < spans[i][1]:
        return spans[i]
    return None


def _safe_here(
    text: str,
    kind: DocumentKind,
    extraction: Extraction,
    fix: Fix,
    heading_starts: list[int],
    comment_starts: list[int],
) -> bool:
    for edit in fix.edits:
        if kind.is_config and _span_at(extraction.comments, comment_starts, edit.start) is None:
            return False
        heading = _span_at(extraction.headings, heading_starts, edit.start)
        if heading is not None and not _heading_keeps(text, heading, edit):
            return False
        if _joins_hyphenated_word(text, edit):
            return False
    return True


def _heading_keeps(text: str, heading: tuple[int, int], edit: TextEdit) -> bool:
    """Whether the edited heading keeps its anchor and, if it is Title Case, its Title Case."""
    start, end = heading
    if edit.end > end:
        return False
    before = text[start:end]
    after = text[start : edit.start] + edit.new_text + text[edit.end : end]
    if anchor(before) != anchor(after):
        return False
    if not _title_cased(before):
        return True
    return _lower_words(after) <= _lower_words(before)


_WORD = re.compile(r"[^\W\d_][\w'\u2019.-]*")
_SMALL = frozenset(SMALL_WORDS_TEXT.split())


def _significant(heading: str) -> list[str]:
    return [w for w in _WORD.findall(heading)[1:] if w.lower() not in _SMALL]


def _title_cased(heading: str) -> bool:
    """Two words or more after the first capitalised, and most of them: a Title Case
    heading, though a writer may leave a word such as "using" lower-case."""
    words = _significant(heading)
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised >= 2 and capitalised * 3 >= len(words) * 2


def _lower_words(heading: str) -> int:
    return sum(1 for w in _significant(heading) if w[0].islower())


def _joins_hyphenated_word(text: str, edit: TextEdit) -> bool:
    """An edit that brings a hyphen into a word already joined to another by one."""
    old = text[edit.start : edit.end]
    if edit.new_text.count("-") <= old.count("-"):
        return False
    joined_before = (
        edit.start > 1 and text[edit.start - 1] == "-" and text[edit.start - 2].isalnum()
    )
    after = text[edit.end : edit.end + 2]
    joined_after = len(after) == 2 and after[0] == "-" and after[1].isalnum()
    return joined_before or joined_after
