"""What one checked file yields, in a form the output formats read and workers can pickle.

The engine's findings carry code-point offsets; here they become 1-based lines and
code-point columns, with the matched text and its line kept for baseline fingerprints.
Nothing is judged here: each reported finding is exactly one engine finding.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mlgloss.analysis.config.model import ProjectConfig
from mlgloss.analysis.findings import Finding, Severity
from mlgloss.analysis.term_counts import FileCounts
from mlgloss.cli.line_columns import LineIndex


@dataclass(frozen=True, slots=True)
class Span:
    """1-based start and end; the end column is exclusive (one past the last code point)."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, slots=True)
class ReportedEdit:
    span: Span
    new_text: str


@dataclass(frozen=True, slots=True)
class ReportedFix:
    title: str
    safe: bool
    edits: tuple[ReportedEdit, ...]


@dataclass(frozen=True, slots=True)
class ReportedFinding:
    path: str  # as displayed: relative to the working directory when inside it, "/" separators
    rule: str
    severity: Severity
    message: str
    span: Span
    matched: str  # the flagged text
    line_text: str  # the whole first line of the finding, for fingerprints
    fixes: tuple[ReportedFix, ...] = ()
    cell: int | None = None


@dataclass(frozen=True, slots=True)
class Notice:
    """A file (or directory) that was not checked, and why."""

    path: str
    reason: str
    quiet: bool = False  # expected skips (.git, .gitignore, exclude): listed only with -v


@dataclass(frozen=True, slots=True)
class FileError:
    """A file that could not be checked. ``kind``: "config" (exit 2) or "extraction"."""

    path: str
    kind: str
    message: str
    line: int | None = None
    column: int | None = None

    def location(self) -> str:
        place = [str(p) for p in (self.path, self.line, self.column) if p is not None]
        return ":".join(place)


@dataclass(slots=True)
class FileResult:
    path: str
    size: int = 0  # bytes read
    findings: list[ReportedFinding] = field(default_factory=list)
    error: FileError | None = None
    notice: Notice | None = None
    truncated: bool = False
    fixed: int = 0  # fixes written by --fix, every pass counted
    would_fix: int = 0  # fixes --diff shows (nothing is written)
    diff: str | None = None
    fix_notice: str | None = None  # why the fixes were not written (the file changed, ...)
    term_counts: FileCounts | None = None  # inconsistent in repository scope: for the index

    @property
    def checked(self) -> bool:
        return self.error is None and self.notice is None


def _span(index: LineIndex, start: int, end: int) -> Span:
    line, column = index.line_col(start)
    end_line, end_column = index.line_col(end)
    return Span(line, column, end_line, end_column)


def report_findings(path: str, text: str, findings: Sequence[Finding]) -> list[ReportedFinding]:
    """The engine's findings for ``text`` with lines and columns."""
    if not findings:  # most files: no line index to build
        return []
    index = LineIndex(text)
    out = []
    for f in findings:
        span = _span(index, f.start, f.end)
        fixes = tuple(
            ReportedFix(
                fix.title,
                fix.safe,
                tuple(ReportedEdit(_span(index, e.start, e.end), e.new_text) for e in fix.edits),
            )
            for fix in f.fixes
        )
        out.append(
            ReportedFinding(
                path=path,
                rule=f.rule,
                severity=f.severity,
                message=f.message,
                span=span,
                matched=text[f.start : f.end],
                line_text=index.line_text(span.line),
                fixes=fixes,
                cell=f.cell,
            )
        )
    return out


@dataclass(slots=True)
class Report:
    """Everything one ``mlgloss check`` run found, in the order it is printed."""

    results: list[FileResult]  # one per file read, sorted by path
    notices: list[Notice]  # files and directories not checked
    errors: list[FileError]  # configuration, glossary and per-file errors
    root: Path  # paths in SARIF and GitHub annotations are relative to this (the repo root)
    cwd: Path
    baselined: int = 0  # findings left out because the baseline has them
    configs: list[ProjectConfig] = field(default_factory=list)  # one per file checked (-v)
    empty_paths: list[str] = field(default_factory=list)  # directories given, nothing to check

    @property
    def findings(self) -> list[ReportedFinding]:
        return [f for r in self.results for f in r.findings]

    @property
    def files_checked(self) -> int:
        return sum(1 for r in self.results if r.checked)

    @property
    def fixed(self) -> int:
        return sum(r.fixed for r in self.results)

    @property
    def would_fix(self) -> int:
        return sum(r.would_fix for r in self.results)

    @property
    def unsafe_fixable(self) -> int:
        """Findings left whose fix is unsafe: what ``--unsafe-fixes`` would add."""
        return sum(1 for f in self.findings if f.fixes and not f.fixes[0].safe)

    @property
    def safe_fixable(self) -> int:
        """Findings left whose fix is safe: what ``--fix`` would apply."""
        return sum(1 for f in self.findings if f.fixes and f.fixes[0].safe)

    def root_relative(self, display: str) -> str:
        """A displayed path relative to :attr:`root`, ``/``-separated (SARIF, GitHub)."""
        absolute = Path(os.path.abspath(self.cwd / display))
        if absolute.is_relative_to(self.root):
            return absolute.relative_to(self.root).as_posix()
        return Path(os.path.relpath(absolute, self.root)).as_posix()
