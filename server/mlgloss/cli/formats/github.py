"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

``::warning file=docs/a.md,line=3,col=8,endLine=3,endColumn=12,title=mlgloss(variant)::…``
Paths are relative to the repository root; columns are code points. Message data escapes
``%``, CR and LF; property values also escape ``:`` and ``,``.
"""

from __future__ import annotations

from typing import TextIO

from mlgloss.analysis.findings import Severity
from mlgloss.cli.report import Report

_LEVEL = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
    Severity.HINT: "notice",
}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(level: str, properties: dict[str, object], message: str) -> str:
    props = ",".join(f"{k}={escape_property(str(v))}" for k, v in properties.items())
    return f"::{level} {props}::{escape_data(message)}"


def render(report: Report, out: TextIO) -> None:
    for f in report.findings:
        fix = f.fixes[0] if f.fixes else None
        label = "fix" if fix is not None and fix.safe else "suggestion"
        message = f.message + (f" ({label}: {fix.title})" if fix else "")
        out.write(
            _command(
                _LEVEL[f.severity],
                {
                    "file": report.root_relative(f.path),
                    "line": f.span.line,
                    "col": f.span.column,
                    "endLine": f.span.end_line,
                    "endColumn": f.span.end_column,
                    "title": f"mlgloss({f.rule})",
                },
                message,
            )
            + "\n"
        )
    for e in report.errors:
        props: dict[str, object] = {"file": report.root_relative(e.path)}
        if e.line is not None:
            props["line"] = e.line
        if e.column is not None:
            props["col"] = e.column
        props["title"] = f"mlgloss({e.kind} error)"
        out.write(_command("error", props, e.message) + "\n")
