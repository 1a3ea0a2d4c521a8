"""``--format json``: one JSON document, schema version 1 (documented in docs/cli.md).

Lines are 1-based; columns are 1-based code points and ``end_column`` is exclusive.
Keys are only ever added within a schema version, never renamed or removed.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, TextIO

from mlgloss import __version__
from mlgloss.cli.formats import indented_json
from mlgloss.cli.report import Report, ReportedFinding, Span

SCHEMA_VERSION = 1


def _span(span: Span) -> dict[str, int]:
    return {
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
    }


def finding_dict(f: ReportedFinding) -> dict[str, Any]:
    return {
        "path": f.path,
        **_span(f.span),
        "rule": f.rule,
        "severity": f.severity.label,
        "message": f.message,
        "text": f.matched,
        "cell": f.cell,
        "fixes": [
            {
                "title": fix.title,
                "safe": fix.safe,
                "applicability": "safe" if fix.safe else "unsafe",
                "edits": [{**_span(e.span), "new_text": e.new_text} for e in fix.edits],
            }
            for fix in f.fixes
        ],
    }


def as_dict(report: Report) -> dict[str, Any]:
    findings = report.findings
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "mlgloss", "version": __version__},
        "columns": "unicodeCodePoints",
        "files": [
            {
                "path": r.path,
                "findings": len(r.findings),
                "truncated": r.truncated,
                "fixed": r.fixed,
                "would_fix": r.would_fix,
            }
            for r in report.results
            if r.checked
        ],
        "findings": [finding_dict(f) for f in findings],
        "errors": [
            {
                "path": e.path,
                "line": e.line,
                "column": e.column,
                "kind": e.kind,
                "message": e.message,
            }
            for e in report.errors
        ],
        "skipped": [{"path": n.path, "reason": n.reason} for n in report.notices],
        "summary": {
            "files_checked": report.files_checked,
            "findings": len(findings),
            "by_rule": dict(sorted(Counter(f.rule for f in findings).items())),
            "fixed": report.fixed,
            "would_fix": report.would_fix,
            "baselined": report.baselined,
        },
    }


def render(report: Report, out: TextIO) -> None:
    out.write(indented_json.dumps(as_dict(report)))
    out.write("\n")
