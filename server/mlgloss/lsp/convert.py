"""Findings → LSP diagnostics, and back from a diagnostic's ``data`` to its fixes.

Each diagnostic carries a stable ``code`` (the rule), ``source: "mlgloss"``, a
``codeDescription`` link to the rule's documentation and, in ``data``, everything the
code-action handler needs: the fixes with their edits as code-point offsets and as ranges
in the negotiated encoding, plus the document version and the flagged text, so quick
fixes are never recomputed from the client's context range.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lsprotocol import types

from mlgloss.analysis.findings import Finding, Severity
from mlgloss.analysis.rule_codes import UNUSED_SUPPRESSION, rule_docs_url
from mlgloss.lsp.position_encoding import LineIndex

SOURCE = "mlgloss"

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
    Severity.HINT: types.DiagnosticSeverity.Hint,
}


def rule_url(code: str) -> str:
    return rule_docs_url(code)


def _range_json(r: types.Range) -> dict[str, Any]:
    return {
        "start": {"line": r.start.line, "character": r.start.character},
        "end": {"line": r.end.line, "character": r.end.character},
    }


def finding_to_diagnostic(
    finding: Finding, lines: LineIndex, text: str, version: int | None
) -> types.Diagnostic:
    fixes = [
        {
            "title": fix.title,
            "safe": fix.safe,
            "edits": [
                {
                    "start": edit.start,
                    "end": edit.end,
                    "newText": edit.new_text,
                    "range": _range_json(lines.range(edit.start, edit.end)),
                }
                for edit in fix.edits
            ],
        }
        for fix in finding.fixes
    ]
    data: dict[str, Any] = {
        "version": version,
        "rule": finding.rule,
        "start": finding.start,
        "end": finding.end,
        "text": text[finding.start : finding.end],
        "fixes": fixes,
    }
    if finding.entry_id:
        data["entryId"] = finding.entry_id
    return types.Diagnostic(
        range=lines.range(finding.start, finding.end),
        message=finding.message,
        severity=_SEVERITY[finding.severity],
        code=finding.rule,
        code_description=types.CodeDescription(href=rule_url(finding.rule)),
        source=SOURCE,
        tags=[types.DiagnosticTag.Unnecessary] if finding.rule == UNUSED_SUPPRESSION else None,
        data=data,
    )


@dataclass(frozen=True, slots=True)
class EditData:
    start: int
    end: int
    new_text: str
    range: types.Range


@dataclass(frozen=True, slots=True)
class FixData:
    title: str
    safe: bool
    edits: tuple[EditData, ...]


@dataclass(frozen=True, slots=True)
class DiagnosticData:
    """What a diagnostic's ``data`` says, read back defensively (clients echo it as JSON)."""

    version: int | None
    rule: str
    start: int
    end: int
    text: str
    fixes: tuple[FixData, ...]
    entry_id: str | None


def _position(raw: Any) -> types.Position:
    return types.Position(line=int(raw["line"]), character=int(raw["character"]))


def read_data(raw: Any) -> DiagnosticData | None:
    """The data of one of our diagnostics, or None if it is missing or not ours."""
    from mlgloss.lsp.settings import plain

    raw = plain(raw)
    if not isinstance(raw, Mapping):
        return None
    try:
        fixes = tuple(
            FixData(
                str(fix["title"]),
                bool(fix.get("safe", True)),
                tuple(
                    EditData(
                        int(edit["start"]),
                        int(edit["end"]),
                        str(edit["newText"]),
                        types.Range(
                            start=_position(edit["range"]["start"]),
                            end=_position(edit["range"]["end"]),
                        ),
                    )
                    for edit in fix["edits"]
                ),
            )
            for fix in raw.get("fixes", [])
        )
        version = raw.get("version")
        return DiagnosticData(
            version=int(version) if version is not None else None,
            rule=str(raw["rule"]),
            start=int(raw["start"]),
            end=int(raw["end"]),
            text=str(raw.get("text", "")),
            fixes=fixes,
            entry_id=raw.get("entryId"),
        )
    except (KeyError, TypeError, ValueError):
        return None
