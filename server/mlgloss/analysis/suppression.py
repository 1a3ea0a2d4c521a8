"""Inline suppression: ``mlgloss: disable…`` directives in comments, and the findings they hide.

One syntax in every file kind, written inside whatever comment the format has::

    <!-- mlgloss: disable-next-line variant -->      Markdown, notebooks' Markdown cells
    x = 1  # mlgloss: disable-line                   Python, YAML, TOML
    .. mlgloss: disable-file inconsistent            reStructuredText

Forms: ``disable-next-line``, ``disable-line``, ``disable`` … ``enable`` (a block) and
``disable-file``, each followed by rule codes (comma- or space-separated; none means every
rule) and optionally `` -- a reason``. Directives are only read inside the comment spans an
extractor reports, so prose that mentions them is never taken for one.

:class:`Suppressions` records which directives hid something, so that those that hid nothing
come back from :meth:`Suppressions.unused` as ``unused-suppression`` findings with a fix that
deletes them. Misspelt directives and unknown codes are reported as warnings.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from mlgloss.analysis.findings import Finding, Fix, Severity, TextEdit
from mlgloss.analysis.rule_codes import RULE_CODES, UNUSED_SUPPRESSION
from mlgloss.analysis.rule_metadata import metadata

# Malformed directives are suppressions that cannot take effect, so they share the code.
INVALID_DIRECTIVE_RULE = UNUSED_SUPPRESSION


class DirectiveKind(StrEnum):
    DISABLE_NEXT_LINE = "disable-next-line"
    DISABLE_LINE = "disable-line"
    DISABLE = "disable"
    ENABLE = "enable"
    DISABLE_FILE = "disable-file"


@dataclass(eq=False, slots=True)
class Directive:
    """One ``mlgloss:`` directive. ``start``/``end`` span its text, ``comment`` its comment."""

    kind: DirectiveKind
    codes: frozenset[str] | None  # None: every rule
    start: int
    end: int
    comment: tuple[int, int]
    used: bool = False

    def covers(self, rule: str) -> bool:
        return self.codes is None or rule in self.codes

    @property
    def label(self) -> str:
        codes = "" if self.codes is None else " " + ", ".join(sorted(self.codes))
        return f"mlgloss: {self.kind}{codes}"


@dataclass(eq=False, slots=True)
class _Region:
    """Offsets ``[start, end)`` where a ``disable`` block hides ``codes`` (None: all)."""

    directive: Directive
    codes: frozenset[str] | None
    excluded: frozenset[str]  # re-enabled inside an all-rules block
    start: int
    end: int
    closer: Directive | None = None

    def covers(self, rule: str, offset: int) -> bool:
        if not self.start <= offset < self.end or rule in self.excluded:
            return False
        return self.codes is None or rule in self.codes


_DIRECTIVE = re.compile(r"(?<![\w-])mlgloss:[ \t]*(?P<verb>[A-Za-z][\w-]*)?", re.IGNORECASE)
# Where a directive's text ends: a line break, a comment's closing marker, the end of a
# string in notebook JSON (codes never contain a quote or a backslash), or the next directive.
_BODY_END = re.compile(r"[\r\n\"\\]|-->|\*/|#?[ \t]*(?<![\w-])mlgloss:", re.IGNORECASE)
_REASON = re.compile(r"(?:^|\s)--(?:\s|$)")
_CODE = re.compile(r"[^\s,]+")
_MARKERS = re.compile(r"<!--|-->|\{/\*|\*/\}|/\*|\*/|//|#|\.\.")
_VERBS = tuple(k.value for k in DirectiveKind)


def _looks_like_directive(verb: str) -> bool:
    """Whether ``mlgloss: <verb>`` was meant as a directive (rather than prose in a comment)."""
    return verb.startswith(("disable", "enable")) or bool(
        difflib.get_close_matches(verb, _VERBS, n=1, cutoff=0.7)
    )


def may_hold_directives(text: str, comments: Iterable[tuple[int, int]]) -> bool:
    """Whether a comment may hold what the suppression parser reads as a directive (or a
    misspelt one); most documents have none, and parsing indexes every line.

    Every directive holds ``mlgloss:`` in some letter case; case folding also turns the
    long s that the directive pattern's IGNORECASE admits into an s, and is much faster
    than the pattern.
    """
    return any(
        "mlgloss:" in text[start:end].casefold() and _DIRECTIVE.search(text, start, end)
        for start, end in comments
    )


@dataclass(eq=False)
class Suppressions:
    """The directives of one document; query with :meth:`is_suppressed`."""

    text: str
    directives: list[Directive] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)  # malformed directives
    _line_starts: list[int] = field(default_factory=list)
    _by_line: dict[int, list[Directive]] = field(default_factory=lambda: defaultdict(list))
    _regions: list[_Region] = field(default_factory=list)
    _file: list[Directive] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str, comment_spans: Iterable[tuple[int, int]]) -> Suppressions:
        self = cls(text)
        self._line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
        blocks: list[Directive] = []
        for start, end in sorted(comment_spans):
            for directive in self._parse_comment(start, end):
                self.directives.append(directive)
                if directive.kind is DirectiveKind.DISABLE_FILE:
                    self._file.append(directive)
                elif directive.kind is DirectiveKind.DISABLE_LINE:
                    for line in range(self._line(start), self._line(max(start, end - 1)) + 1):
                        self._by_line[line].append(directive)
                elif directive.kind is DirectiveKind.DISABLE_NEXT_LINE:
                    self._by_line[self._line(max(start, end - 1)) + 1].append(directive)
                else:
                    blocks.append(directive)
        self._build_regions(blocks)
        return self

    def _line(self, offset: int) -> int:
        return bisect.bisect_right(self._line_starts, offset) - 1

    def _parse_comment(self, start: int, end: int) -> Iterable[Directive]:
        text = self.text
        for m in _DIRECTIVE.finditer(text, start, end):
            line_start = max(start, text.rfind("\n", 0, m.start()) + 1)
            if text.count("`", line_start, m.start()) % 2:
                continue  # quoted in backticks: a comment that shows the syntax, not a directive
            verb = (m["verb"] or "").lower()
            if verb not in _VERBS:
                if verb and _looks_like_directive(verb):
                    self._report_verb(m.start("verb"), m.end("verb"), verb)
                continue
            stop = _BODY_END.search(text, m.end(), end)
            body_end = stop.start() if stop else end
            body = text[m.end() : body_end]
            if reason := _REASON.search(body):
                body = body[: reason.start()]  # `-- why` is for readers, not codes
            directive_end = m.end() + len(text[m.end() : body_end].rstrip())
            codes: set[str] = set()
            unknown = False
            for token in _CODE.finditer(body):
                code = token[0].lower()
                if code in RULE_CODES:
                    codes.add(code)
                else:
                    unknown = True
                    self._report_code(m.end() + token.start(), m.end() + token.end(), token[0])
            if unknown and not codes:
                continue  # never widen a directive whose codes are all wrong to "every rule"
            yield Directive(
                DirectiveKind(verb),
                frozenset(codes) if codes else None,
                m.start(),
                directive_end,
                (start, end),
            )

    def _report_verb(self, start: int, end: int, verb: str) -> None:
        self._report(start, end, f"unknown mlgloss directive `{verb}`", verb, _VERBS)

    def _report_code(self, start: int, end: int, code: str) -> None:
        self._report(start, end, f"unknown rule `{code}` in suppression", code, RULE_CODES)

    def _report(
        self, start: int, end: int, message: str, word: str, choices: tuple[str, ...]
    ) -> None:
        close = difflib.get_close_matches(word.lower(), choices, n=1, cutoff=0.6)
        fixes: tuple[Fix, ...] = ()
        if close:
            message += f"; did you mean `{close[0]}`?"
            fixes = (Fix(f"Change to `{close[0]}`", (TextEdit(start, end, close[0]),), False),)
        message += f" (expected one of {', '.join(choices)})"
        self.problems.append(
            # A malformed directive is one step above the rule's default: it silences nothing.
            Finding(INVALID_DIRECTIVE_RULE, Severity.WARNING, start, end, message, fixes)
        )

    def _build_regions(self, blocks: list[Directive]) -> None:
        """Pairs ``disable`` with ``enable`` directives into regions, in document order."""
        open_: dict[str | None, tuple[Directive, int, frozenset[str]]] = {}  # None: all rules

        def close(key: str | None, at: int, closer: Directive | None) -> None:
            directive, start, excluded = open_.pop(key)
            codes = None if key is None else frozenset({key})
            self._regions.append(_Region(directive, codes, excluded, start, at, closer))

        for d in blocks:
            at = d.comment[0]
            if d.kind is DirectiveKind.DISABLE:
                for key in [None] if d.codes is None else sorted(d.codes):
                    open_.setdefault(key, (d, at, frozenset()))
                continue
            closed = False
            if d.codes is None:
                for key in list(open_):
                    close(key, at, d)
                    closed = True
            else:
                for code in sorted(d.codes):
                    if code in open_:
                        close(code, at, d)
                        closed = True
                    elif None in open_ and code not in open_[None][2]:
                        # Re-enabling one rule inside an all-rules block splits the block.
                        owner, _, excluded = open_[None]
                        close(None, at, d)
                        open_[None] = (owner, at, excluded | {code})
                        closed = True
            d.used = closed  # an `enable` that closes nothing is reported as unused
        for key in list(open_):
            close(key, len(self.text), None)

    def is_suppressed(self, rule: str, offset: int) -> bool:
        """Whether a finding of ``rule`` at ``offset`` is hidden; marks the directive used."""
        return self._suppressing(rule, offset, None) is not None

    def _suppressing(self, rule: str, offset: int, skip: Directive | None) -> Directive | None:
        # Most specific first, so that a redundant broader directive can be seen as unused.
        for d in self._by_line.get(self._line(offset), ()):
            if d is not skip and d.covers(rule):
                d.used = True
                return d
        for region in reversed(self._regions):
            if region.directive is not skip and region.covers(rule, offset):
                region.directive.used = True
                return region.directive
        for d in self._file:
            if d is not skip and d.covers(rule):
                d.used = True
                return d
        return None

    def unused(self, *, active_rules: Collection[str] | None = None) -> list[Finding]:
        """``unused-suppression`` findings for directives that have hidden nothing so far.

        Call after every finding went through :meth:`is_suppressed`. With ``active_rules``,
        directives that only name rules switched off in the configuration are left alone.
        """
        candidates = [
            d
            for d in self.directives
            if not d.used
            and (active_rules is None or d.codes is None or not d.codes.isdisjoint(active_rules))
        ]
        # A directive may itself hide unused-suppression findings of other directives.
        candidates = [
            d for d in candidates if not self._suppressing(UNUSED_SUPPRESSION, d.start, d)
        ]
        return [self._unused_finding(d) for d in candidates if not d.used]

    def _unused_finding(self, d: Directive) -> Finding:
        if d.kind is DirectiveKind.ENABLE:
            message = f"`{d.label}` has no matching `mlgloss: disable`"
        else:
            message = f"unused suppression: `{d.label}` hides no finding"
        edits = [self._deletion(d)]
        for closer in self._closers_only_of(d):
            edits.append(self._deletion(closer))
        fix = Fix("Remove the unused suppression", tuple(sorted(edits, key=lambda e: e.start)))
        severity = metadata(UNUSED_SUPPRESSION).default_severity
        return Finding(UNUSED_SUPPRESSION, severity, d.start, d.end, message, (fix,))

    def _closers_only_of(self, d: Directive) -> list[Directive]:
        """The ``enable`` directives that close blocks of ``d`` and of nothing else."""
        closers: dict[int, Directive] = {}
        for region in self._regions:
            if region.closer is not None and region.directive is d:
                closers[id(region.closer)] = region.closer
        return [
            c
            for c in closers.values()
            if all(r.directive is d for r in self._regions if r.closer is c)
        ]

    def _deletion(self, d: Directive) -> TextEdit:
        """The edit that removes a directive: its whole comment (and line) when it is alone."""
        text = self.text
        start, end = d.comment
        rest = text[start : d.start] + text[d.end : end]
        line_start = text.rfind("\n", 0, start) + 1
        if _MARKERS.sub("", rest).strip():
            # The comment says something else too: remove only the directive and the
            # marker that introduced it (`x  # type: ignore  # mlgloss: disable-line`).
            cut = d.start
            while cut > start and text[cut - 1] in " \t":
                cut -= 1
            if cut > start and text[cut - 1] == "#":
                cut -= 1
                while cut > start and text[cut - 1] in " \t":
                    cut -= 1
            return TextEdit(cut, d.end, "")
        line_end = text.find("\n", end)
        if line_end == -1:
            line_end = len(text)
        if not text[line_start:start].strip() and not text[end:line_end].strip():
            if line_end < len(text):
                return TextEdit(line_start, line_end + 1, "")
            return TextEdit(max(line_start - 1, 0), line_end, "")  # last line: eat the break before
        while start > line_start and text[start - 1] in " \t":
            start -= 1
        return TextEdit(start, end, "")


def filter_findings(
    findings: Iterable[Finding],
    suppressions: Suppressions,
    *,
    active_rules: Collection[str] | None = None,
) -> list[Finding]:
    """The findings no directive hides, then the directives' own findings, by position."""
    kept = [f for f in findings if not suppressions.is_suppressed(f.rule, f.start)]
    own = [f for f in suppressions.problems if not suppressions.is_suppressed(f.rule, f.start)]
    own.extend(suppressions.unused(active_rules=active_rules))
    return kept + sorted(own, key=lambda f: (f.start, f.end))
