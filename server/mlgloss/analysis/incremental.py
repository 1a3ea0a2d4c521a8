"""Re-analyses an edited Markdown document by re-extracting only the blocks the edit touched.

An editor sends a new version of a large document on every keystroke; extraction and term
matching are most of the cost of analysing it, and nearly all of the document is unchanged.
:class:`IncrementalAnalyzer` keeps the previous version's extraction, glossary occurrences
and restart points and, for Markdown, re-extracts a window of whole top-level blocks around
the edit, then runs the rules (cheap, and document-wide by nature) over the spliced result.

A *restart point* is a line where the block scanner began a top-level block
(:func:`markdown_blocks.scan_blocks`): markdown-it carries no state from one top-level block
to the next, so the blocks from such a line on are those of the rest of the text read alone.
Only lines that follow a blank line and start in column one with no list, quote or table
marker or digit are used, so that the masks applied to the whole prose after extraction
(licence paragraphs, bullet lists of bare words, lists of values) read the same on either
side of one.

The window runs from the second restart point before the edit to the second one after it.
It is accepted only when the window, read alone, starts a top-level block at the first
restart point after the edit (nothing the edit opened, a fence or an HTML comment say, runs
on past it; from there on the new text is the old one, read alone) and both margins come out
as before; anything else falls back to a full pass. The restart points found are exactly a
full pass's (a test checks it after random edits).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from mlgloss.analysis.config.model import ProjectConfig
from mlgloss.analysis.document import DocumentKind, Extraction
from mlgloss.analysis.engine import Analysis, analyze_document, run_rules
from mlgloss.analysis.extract import extract
from mlgloss.analysis.extract.markdown import front_matter_end
from mlgloss.analysis.limits import too_large
from mlgloss.analysis.term_counts import TermCounts
from mlgloss.glossary.lookup import Glossary
from mlgloss.glossary.occurrence import Occurrence, shifted

_MARKERS = frozenset("-+*>|0123456789")


def restart_points(text: str, top_level_starts: list[int], base: int = 0) -> list[int]:
    """The restart points of ``text`` among ``top_level_starts`` (offsets in ``text`` less
    ``base``): the ones after a blank line, in column one, with no marker (module doc)."""
    points: list[int] = []
    for start in top_level_starts:
        at = start + base
        first = text[at]
        if first.isspace() or first in _MARKERS or at < 2 or text[at - 1] != "\n":
            continue
        line_before = text.rfind("\n", 0, at - 1) + 1
        if not text[line_before : at - 1].strip(" \t\r"):
            points.append(at)
    return points


MIN_INCREMENTAL_SIZE = 20_000
"""Smaller documents are analysed whole: it is as fast and there is nothing to get wrong."""


@dataclass(frozen=True, slots=True)
class _Previous:
    text: str
    kind: DocumentKind
    glossary: Glossary
    analysis: Analysis
    restarts: list[int]  # the text's restart points, in order
    # Holds every distinct lower-cased word of the prose (and may hold words since
    # deleted): what the misspelling rule's RuleContext.words may be.
    words: set[str]


_CHUNK = 1 << 12


def _common_prefix(a: str, b: str) -> int:
    lo, limit = 0, min(len(a), len(b))
    while lo + _CHUNK <= limit and a[lo : lo + _CHUNK] == b[lo : lo + _CHUNK]:
        lo += _CHUNK  # whole chunks first: each character is copied once, not log n times
    hi = min(limit, lo + _CHUNK)
    while lo < hi:  # binary search with C-speed slice comparisons; a[:lo] == b[:lo]
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str, limit: int) -> int:
    lo = 0
    while (
        lo + _CHUNK <= limit
        and a[len(a) - lo - _CHUNK : len(a) - lo] == b[len(b) - lo - _CHUNK : len(b) - lo]
    ):
        lo += _CHUNK
    hi = min(limit, lo + _CHUNK)
    while lo < hi:  # the last lo characters are equal
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid : len(a) - lo] == b[len(b) - mid : len(b) - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _splice_spans(
    old: tuple[tuple[int, int], ...],
    window: tuple[tuple[int, int], ...],
    start: int,
    old_end: int,
    delta: int,
) -> tuple[tuple[int, int], ...]:
    before = [span for span in old if span[1] <= start]
    inside = [(a + start, b + start) for a, b in window]
    after = [(a + delta, b + delta) for a, b in old if a >= old_end]
    return (*before, *inside, *after)


class IncrementalAnalyzer:
    """Analyses successive versions of one document; not shared between documents."""

    def __init__(self) -> None:
        self._previous: _Previous | None = None
        self.last_was_incremental = False

    def analyze(
        self,
        text: str,
        kind: DocumentKind,
        *,
        glossary: Glossary,
        config: ProjectConfig | None = None,
        path: str | None = None,
        repository: TermCounts | None = None,
    ) -> Analysis:
        spliced = self._splice(text, kind, glossary)
        self.last_was_incremental = spliced is not None
        if spliced is None:
            if kind is not DocumentKind.MARKDOWN or too_large(text):
                self._previous = None
                return analyze_document(
                    text, kind, glossary=glossary, config=config, path=path, repository=repository
                )
            # What analyze_document does, keeping the prose's words and the restart points
            # for the next version.
            top_level_starts: list[int] = []
            extraction = extract(text, kind, top_level_starts=top_level_starts)
            occurrences, words = glossary.index.find_with_words(extraction.prose)
            restarts = restart_points(text, top_level_starts)
            del top_level_starts
        else:
            extraction, occurrences, restarts, words = spliced
        analysis = run_rules(
            text,
            kind,
            extraction,
            occurrences,
            glossary,
            config,
            path,
            words,
            repository=repository,
        )
        self._previous = _Previous(text, kind, glossary, analysis, restarts, words)
        return analysis

    def _splice(
        self, text: str, kind: DocumentKind, glossary: Glossary
    ) -> tuple[Extraction, list[Occurrence], list[int], set[str]] | None:
        previous = self._previous
        if (
            previous is None
            or kind is not DocumentKind.MARKDOWN
            or previous.kind is not kind
            or previous.glossary is not glossary
            or len(text) < MIN_INCREMENTAL_SIZE
            or too_large(text)
        ):
            return None
        old = previous.text
        old_prose = previous.analysis.extraction.prose
        prefix = _common_prefix(old, text)
        suffix = _common_suffix(old, text, min(len(old), len(text)) - prefix)
        delta = len(text) - len(old)
        restarts = previous.restarts
        # The window: one unchanged block before the edit's blocks, one after.
        before = bisect.bisect_right(restarts, prefix)
        if before >= 2:
            start, margin_end = restarts[before - 2], restarts[before - 1]
        else:
            start, margin_end = 0, 0
        after = bisect.bisect_left(restarts, len(old) - suffix)
        if after == len(restarts):
            return None  # the edit is in the last block: a margin is needed at the end
        old_margin_start = restarts[after]
        old_end = restarts[after + 1] if after + 1 < len(restarts) else len(old)
        margin_start, end = old_margin_start + delta, old_end + delta
        window_starts: list[int] = []
        window = extract(text[start:end], kind, top_level_starts=window_starts)
        window_restarts = restart_points(text, window_starts, start)
        if window_restarts[-1:] != [margin_start]:
            return None  # the margin is not a restart point now: the edit runs on past it
        if start == 0 and text.startswith(("---", "+++")) and not front_matter_end(text[:end]):
            return None  # front matter the window does not close may close after it
        if window.prose[: margin_end - start] != old_prose[start:margin_end]:
            return None
        if window.prose[margin_start - start :] != old_prose[old_margin_start:old_end]:
            return None
        prose = old_prose[:start] + window.prose + old_prose[old_end:]
        old_extraction = previous.analysis.extraction
        extraction = Extraction(
            prose=prose,
            headings=_splice_spans(old_extraction.headings, window.headings, start, old_end, delta),
            comments=_splice_spans(old_extraction.comments, window.comments, start, old_end, delta),
        )
        old_occurrences = previous.analysis.occurrences
        occurrences = [o for o in old_occurrences if o.end <= start]
        found, found_words = glossary.index.find_with_words(prose, start, end)
        occurrences.extend(found)
        words = previous.words  # a superset stays one: words are only ever added
        words.update(found_words)
        occurrences.extend(shifted([o for o in old_occurrences if o.start >= old_end], delta))
        spliced_restarts = restarts[: before - 2 if before >= 2 else 0]
        spliced_restarts.extend(window_restarts)
        spliced_restarts.extend(at + delta for at in restarts[after + 1 :])
        return extraction, occurrences, spliced_restarts, words
