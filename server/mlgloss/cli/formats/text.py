"""``--format text``: ``path:line:col: severity[rule] message`` lines, fixes and a summary.

Each finding is followed by its suggested fix, indented. Colour is used only when asked
(``--color always``) or when stdout is a terminal. The summary goes to stdout after the
findings; with ``-v`` it also lists the files that were skipped on purpose. Paths, messages
and terms come from the repository: their control characters are escaped
(:mod:`mlgloss.cli.escape`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TextIO

from mlgloss.analysis.findings import Severity
from mlgloss.cli.escape import printable
from mlgloss.cli.report import Report, ReportedFinding

_COLOURS = {
    Severity.ERROR: "\033[1;31m",
    Severity.WARNING: "\033[1;33m",
    Severity.INFO: "\033[1;34m",
    Severity.HINT: "\033[2m",
}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


@dataclass(frozen=True, slots=True)
class TextOptions:
    color: bool = False
    verbose: bool = False
    statistics: bool = False
    summary: bool = True
    show_fixes: bool = True
    fix_hints: bool = True  # say how many findings --fix (and --unsafe-fixes) would fix


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color else text


def finding_line(f: ReportedFinding, color: bool = False) -> str:
    where = _paint(f"{printable(f.path)}:{f.span.line}:{f.span.column}:", _BOLD, color)
    what = _paint(f"{f.severity.label}[{f.rule}]", _COLOURS[f.severity], color)
    return f"{where} {what} {printable(f.message)}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def statistics_lines(findings: list[ReportedFinding]) -> list[str]:
    """Counts per rule, then per rule and flagged form, most frequent first."""
    by_rule = Counter(f.rule for f in findings)
    by_form = Counter((f.rule, " ".join(f.matched.split())) for f in findings)
    lines = [f"{n:>6}  {rule}" for rule, n in sorted(by_rule.items(), key=lambda x: (-x[1], x[0]))]
    if by_form:
        lines.append("")
        width = max(len(rule) for rule, _ in by_form)
        lines += [
            f"{n:>6}  {rule:<{width}}  {printable(form)}"
            for (rule, form), n in sorted(by_form.items(), key=lambda x: (-x[1], x[0]))
        ]
    return lines


def render(report: Report, out: TextIO, options: TextOptions | None = None) -> None:
    opts = options or TextOptions()
    findings = report.findings
    if opts.statistics:
        for line in statistics_lines(findings):
            out.write(line + "\n")
    else:
        for result in report.results:
            if result.diff:
                out.write(result.diff)
            for f in result.findings:
                out.write(finding_line(f, opts.color) + "\n")
                if not opts.show_fixes:
                    continue
                for fix in f.fixes[:1]:
                    label = "fix" if fix.safe else "suggestion"
                    title = printable(fix.title)
                    out.write(_paint(f"    {label}: {title}", _DIM, opts.color) + "\n")
    for e in report.errors:
        if e.kind == "extraction":
            error = _paint("error", _COLOURS[Severity.ERROR], opts.color)
            out.write(f"{printable(e.location())}: {error}: {printable(e.message)}\n")
    if opts.summary:
        _summary(report, out, opts)


def _summary(report: Report, out: TextIO, opts: TextOptions) -> None:
    findings = report.findings
    files = {f.path for f in findings}
    parts = []
    if findings:
        counts = Counter(f.rule for f in findings)
        per_rule = ", ".join(f"{rule} {n}" for rule, n in sorted(counts.items()))
        parts.append(
            f"Found {_plural(len(findings), 'finding')} in {_plural(len(files), 'file')} "
            f"({per_rule}); {_plural(report.files_checked, 'file')} checked."
        )
    else:
        parts.append(f"No findings; {_plural(report.files_checked, 'file')} checked.")
    if opts.fix_hints and not report.would_fix and (report.safe_fixable or report.unsafe_fixable):
        hints = []
        if report.safe_fixable:
            hints.append(f"{report.safe_fixable} with a safe fix (--fix applies them)")
        if report.unsafe_fixable:
            hints.append(
                f"{report.unsafe_fixable} with an unsafe fix, shown as suggestion "
                "(--fix --unsafe-fixes applies them)"
            )
        parts.append("Of these, " + "; ".join(hints) + ".")
    if report.fixed:
        parts.append(f"Fixed {_plural(report.fixed, 'finding')}.")
    if report.would_fix:
        parts.append(
            f"--diff shows fixes for {_plural(report.would_fix, 'finding')}; nothing was written."
        )
    if report.baselined:
        parts.append(f"{_plural(report.baselined, 'finding')} left out (in the baseline).")
    if report.notices:
        quiet = sum(1 for n in report.notices if n.quiet)
        loud = len(report.notices) - quiet
        detail = [f"{loud} with a notice on stderr"] if loud else []
        if quiet:
            detail.append(
                f"{quiet} on purpose: version control, .gitignore, exclude"
                + ("" if opts.verbose else "; -v lists them")
            )
        parts.append(f"Skipped {_plural(len(report.notices), 'path')} ({'; '.join(detail)}).")
    if findings or report.notices or report.fixed or report.errors:
        out.write("\n")
    out.write(" ".join(parts) + "\n")
    if opts.verbose:
        for n in report.notices:
            out.write(f"  skipped {printable(n.path)}: {printable(n.reason)}\n")
