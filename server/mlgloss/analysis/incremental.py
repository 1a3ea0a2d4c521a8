"""Re-analyses an edited Markdown document by re-extracting only the blocks the edit touched.

An editor sends a new version of a large document on every keystroke; extraction and term
matching are most of the cost of analysing it, and nearly all of the document is unchanged.
:class:`IncrementalAnalyzer` keeps the previous version's extraction and glossary
occurrences and, for Markdown, re-extracts a window of whole top-level blocks around the
edit, then runs the rules (cheap, and document-wide by nature) over the spliced result.

A window starts and ends at *block boundaries*: a line with no indentation and no list,
quote or table marker that follows a blank line, outside every construct CommonMark lets run
on past a blank line (fenced code; HTML blocks that end at a closing tag, ``-->``, ``?>``,
``>`` or ``]]>``; front matter). Parsing from such a line does not depend on what came
before it, so the window's prose is exactly what a full pass gives, provided the window
ends at a boundary of both the old and the new text. As a second guard the window takes
one unchanged block on each side as a margin and the splice is accepted only when the
margins come out of re-extraction as they were; anything else falls back to a full pass.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from mlgloss.analysis.config.model import ProjectConfig
from mlgloss.analysis.document import DocumentKind, Extraction
from mlgloss.analysis.engine import Analysis, analyze_document, run_rules
from mlgloss.analysis.extract import extract
from mlgloss.analysis.limits import too_large
from mlgloss.analysis.term_counts import TermCounts
from mlgloss.glossary.lookup import Glossary
from mlgloss.glossary.occurrence import Occurrence, shifted

_BOUNDARY = re.compile(r"\n(?:[ \t]*\n)+(?=[^\s\-+*>|0-9])")
"""A blank line, then a line that starts in column one with no container marker."""

_OPENER = re.compile(
    r"^ {0,3}(?:(?P<fence>`{3,}|~{3,})"
    r"|<(?P<raw>script|pre|style|textarea)(?=[\s>]|$)"
    r"|(?P<comment><!--)|(?P<pi><\?)|(?P<cdata><!\[CDATA\[)|(?P<decl><![A-Za-z]))",
    re.MULTILINE | re.IGNORECASE,
)
_FRONT_MATTER = re.compile(r"(?:---|\+\+\+)[ \t]*\r?\n")
_HTML_CLOSERS = {"comment": "-->", "pi": "?>", "cdata": "]]>", "decl": ">"}


Span = tuple[int, int]
Resume = Callable[[int], list[Span] | None]


def _long_constructs(
    text: str, spans: list[Span] | None = None, resume: Resume | None = None
) -> list[Span]:
    """Spans of the constructs that may contain a blank line, in order (see module doc).

    ``spans``: the spans of an unchanged beginning of the text, the scan going on from the
    end of the last; ``resume(start)``: the rest of the spans when the construct opening at
    ``start`` is known to be followed by the same spans as before (see :func:`_rescan`).
    """
    spans = [] if spans is None else spans
    pos = spans[-1][1] if spans else 0
    if not spans and _FRONT_MATTER.match(text):
        close = re.compile(r"^(?:---|\+\+\+|\.\.\.)[ \t]*$", re.MULTILINE).search(text, 4)
        pos = close.end() if close else len(text)
        spans.append((0, pos))
    while True:
        opener = _OPENER.search(text, pos)
        if opener is None:
            return spans
        rest = resume(opener.start()) if resume is not None else None
        if rest is not None:
            spans.extend(rest)
            return spans
        kind = opener.lastgroup
        if kind == "fence":
            marker = opener.group("fence")
            closer = re.compile(
                r"^ {0,3}" + re.escape(marker[0]) + "{" + str(len(marker)) + r",}[ \t]*$",
                re.MULTILINE,
            ).search(text, opener.end())
            end = closer.end() if closer else len(text)
        elif kind == "raw":
            tag = opener.group("raw").lower()
            found = re.compile(f"</{tag}>", re.IGNORECASE).search(text, opener.end())
            end = found.end() if found else len(text)
        else:
            found_at = text.find(_HTML_CLOSERS[kind or "decl"], opener.end())
            end = found_at + 1 if found_at >= 0 else len(text)
        spans.append((opener.start(), end))
        pos = max(end, opener.end())


MIN_INCREMENTAL_SIZE = 20_000
"""Smaller documents are analysed whole: it is as fast and there is nothing to get wrong."""


@dataclass(frozen=True, slots=True)
class _Previous:
    text: str
    kind: DocumentKind
    glossary: Glossary
    analysis: Analysis
    scan: _Scan
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


def _boundary_matches(
    text: str, matches: list[Span] | None = None, resume: Resume | None = None
) -> list[Span]:
    """The spans of the ``_BOUNDARY`` matches, in order; ``matches`` and ``resume`` as for
    :func:`_long_constructs`."""
    matches = [] if matches is None else matches
    for match in _BOUNDARY.finditer(text, matches[-1][1] if matches else 0):
        rest = resume(match.start()) if resume is not None else None
        if rest is not None:
            matches.extend(rest)
            break
        matches.append(match.span())
    return matches


def _outside(matches: list[Span], long_spans: list[Span]) -> list[int]:
    """The ends of ``matches`` outside every long construct: the block boundaries."""
    out: list[int] = []
    i = 0
    for _, at in matches:
        while i < len(long_spans) and long_spans[i][1] <= at:
            i += 1
        if i < len(long_spans) and long_spans[i][0] < at:
            continue  # inside a fence, an HTML block or front matter
        out.append(at)
    return out


@dataclass(frozen=True, slots=True)
class _Scan:
    """Where parsing may restart in one text, and the scans that found it."""

    long_spans: list[Span]
    matches: list[Span]  # of _BOUNDARY
    boundaries: list[int]  # offsets where parsing may restart

    @classmethod
    def of(cls, text: str) -> _Scan:
        long_spans = _long_constructs(text)
        matches = _boundary_matches(text)
        return cls(long_spans, matches, _outside(matches, long_spans))


_CLOSER_CHARS = 4
"""Characters past a construct's recorded end that its closing search may have read: the
recorded end of an HTML block is one past the first character of ``-->``, ``]]>`` or
``?>``, and a fence's closing line is read up to its line break."""


def _tail(old: list[Span], start: int, delta: int) -> list[Span] | None:
    """``old`` from the span starting at ``start`` on, moved by ``delta``; None if no span
    starts there."""
    i = bisect.bisect_left(old, (start,))
    if i == len(old) or old[i][0] != start:
        return None
    return [(a + delta, b + delta) for a, b in old[i:]]


def _rescan(previous: _Scan, text: str, prefix: int, changed_end: int, delta: int) -> _Scan:
    """:meth:`_Scan.of` the new text, found by scanning only from before the edit until the
    scans meet a construct or boundary they found in the old text after it.

    Both scans are left-to-right searches whose only state is where the last find ended,
    and each find reads only the text from where it starts on (one character before, for
    the line start of a construct's opening). So the finds that end before the edit are
    the old ones, and from a find that starts after the edit at the place of an old one
    (moved by ``delta``) on, the finds are the old ones moved.
    """
    kept_spans = [span for span in previous.long_spans if span[1] + _CLOSER_CHARS <= prefix]

    def resume_spans(start: int) -> list[Span] | None:
        return _tail(previous.long_spans, start - delta, delta) if start > changed_end else None

    long_spans = _long_constructs(text, kept_spans, resume_spans)
    kept_matches = [span for span in previous.matches if span[1] < prefix]

    def resume_matches(start: int) -> list[Span] | None:
        return _tail(previous.matches, start - delta, delta) if start >= changed_end else None

    matches = _boundary_matches(text, kept_matches, resume_matches)
    return _Scan(long_spans, matches, _outside(matches, long_spans))


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
            # What analyze_document does, keeping the prose's words for the next version.
            extraction = extract(text, kind)
            occurrences, words = glossary.index.find_with_words(extraction.prose)
            scan = _Scan.of(text)
        else:
            extraction, occurrences, scan, words = spliced
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
        self._previous = _Previous(text, kind, glossary, analysis, scan, words)
        return analysis

    def _splice(
        self, text: str, kind: DocumentKind, glossary: Glossary
    ) -> tuple[Extraction, list[Occurrence], _Scan, set[str]] | None:
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
        changed_end = len(text) - suffix  # in the new text
        scan = _rescan(previous.scan, text, prefix, changed_end, delta)
        boundaries = scan.boundaries
        # The window: one unchanged block before the edit's blocks, one after.
        before = [b for b in boundaries if b <= prefix]
        old_valid = set(previous.scan.boundaries)
        after = [
            b
            for b in boundaries
            if b >= changed_end and b - delta >= len(old) - suffix and b - delta in old_valid
        ]
        if len(before) >= 2:
            start, margin_end = before[-2], before[-1]
        else:
            start, margin_end = 0, 0
        if len(after) >= 2:
            margin_start, end = after[0], after[1]
        else:
            return None  # the edit is in the last blocks: a margin is needed at the end
        old_end = end - delta
        window = extract(text[start:end], kind)
        if window.prose[: margin_end - start] != old_prose[start:margin_end]:
            return None
        old_margin_start = margin_start - delta
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
        return extraction, occurrences, scan, words
