"""``--format sarif``: SARIF 2.1.0 as GitHub code scanning reads it.

One run; ``columnKind`` is ``unicodeCodePoints`` (columns count code points, as in every
mlgloss format); artifact URIs are relative to ``%SRCROOT%``, the repository root; each
result carries ``partialFingerprints`` built from the baseline fingerprint, so a finding
keeps its identity when lines above it move. ``fixes`` holds only safe fixes; a result with a
fix says whether it is safe or unsafe in ``properties["mlgloss/fixApplicability"]``, and each
rule its fix safety in ``properties["mlgloss/fixSafety"]``.
"""

from __future__ import annotations

from typing import Any, TextIO
from urllib.parse import quote

from mlgloss import __version__
from mlgloss.analysis.findings import Severity
from mlgloss.analysis.rule_codes import RULE_CODES
from mlgloss.analysis.rule_metadata import PROJECT_URL, metadata
from mlgloss.cli.baseline import digest, fingerprints
from mlgloss.cli.formats import indented_json
from mlgloss.cli.report import Report, Span

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = PROJECT_URL
ROOT_ID = "%SRCROOT%"

LEVELS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
    Severity.HINT: "note",
}


def _region(span: Span) -> dict[str, int]:
    return {
        "startLine": span.line,
        "startColumn": span.column,
        "endLine": span.end_line,
        "endColumn": span.end_column,
    }


def _artifact(report: Report, display: str) -> dict[str, str]:
    return {"uri": quote(report.root_relative(display)), "uriBaseId": ROOT_ID}


def as_dict(report: Report) -> dict[str, Any]:
    findings = report.findings
    codes = [*RULE_CODES, *sorted({f.rule for f in findings} - set(RULE_CODES))]
    rules = [metadata(code) for code in codes]
    index = {r.code: i for i, r in enumerate(rules)}
    prints = fingerprints(findings, report.root, report.cwd)
    results = []
    for f, fp in zip(findings, prints, strict=True):
        result: dict[str, Any] = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": LEVELS[f.severity],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": _artifact(report, f.path),
                        "region": _region(f.span),
                    }
                }
            ],
            "partialFingerprints": {"mlgloss/v1": digest(fp)},
        }
        if f.fixes:
            # SARIF's ``fixes`` are fixes a tool may apply; unsafe ones are suggestions, so
            # they are left out there and the property says which kind the finding has.
            applicability = "safe" if f.fixes[0].safe else "unsafe"
            result["properties"] = {"mlgloss/fixApplicability": applicability}
        safe = [fix for fix in f.fixes if fix.safe]
        if safe:
            result["fixes"] = [
                {
                    "description": {"text": fix.title},
                    "artifactChanges": [
                        {
                            "artifactLocation": _artifact(report, f.path),
                            "replacements": [
                                {
                                    "deletedRegion": _region(e.span),
                                    "insertedContent": {"text": e.new_text},
                                }
                                for e in fix.edits
                            ],
                        }
                    ],
                }
                for fix in safe
            ]
        results.append(result)
    notifications = []
    for e in report.errors:
        location: dict[str, Any] = {"artifactLocation": _artifact(report, e.path)}
        if e.line is not None:
            location["region"] = {"startLine": e.line, "startColumn": e.column or 1}
        notifications.append(
            {
                "level": "error",
                "message": {"text": f"{e.kind} error: {e.message}"},
                "locations": [{"physicalLocation": location}],
            }
        )
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "mlgloss",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [
                            {
                                "id": r.code,
                                "name": r.code,
                                "shortDescription": {"text": r.summary},
                                "helpUri": r.docs_url,
                                "defaultConfiguration": {"level": LEVELS[r.default_severity]},
                                "properties": {
                                    "mlgloss/fixSafety": r.fix_safety.value,
                                    "mlgloss/fixNote": r.fix_note,
                                },
                            }
                            for r in rules
                        ],
                    }
                },
                "originalUriBaseIds": {ROOT_ID: {"uri": report.root.as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "invocations": [
                    {
                        "executionSuccessful": not any(
                            e.kind != "extraction" for e in report.errors
                        ),
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "results": results,
            }
        ],
    }


def render(report: Report, out: TextIO) -> None:
    out.write(indented_json.dumps(as_dict(report)))
    out.write("\n")
