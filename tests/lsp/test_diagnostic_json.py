"""The hand-written Diagnostic hook writes the JSON cattrs writes, for every diagnostic
the server makes of the corpus and for the odd shapes (no severity, related information)."""

from __future__ import annotations

import json
from pathlib import Path

from lsprotocol import types
from pygls.protocol import default_converter

from mlgloss.analysis.document import kind_for_path
from mlgloss.analysis.engine import analyze_document
from mlgloss.glossary.layers import load_glossary
from mlgloss.lsp.convert import finding_to_diagnostic
from mlgloss.lsp.diagnostic_json import converter
from mlgloss.lsp.position_encoding import LineIndex


def _same_json(diagnostics: list[types.Diagnostic]) -> None:
    fast, generic = converter(), default_converter()
    params = types.PublishDiagnosticsParams(uri="file:///x.md", diagnostics=diagnostics, version=3)
    message = types.PublishDiagnosticsNotification(params=params)
    assert json.dumps(fast.unstructure(message)) == json.dumps(generic.unstructure(message))


def test_corpus_diagnostics_serialise_as_cattrs_does(shared: Path) -> None:
    glossary = load_glossary()
    diagnostics: list[types.Diagnostic] = []
    for path in sorted((shared / "corpus").rglob("*.md"))[:60]:
        text = path.read_text(encoding="utf-8", errors="replace")
        kind = kind_for_path(path)
        assert kind is not None
        lines = LineIndex(text, "utf-16")
        analysis = analyze_document(text, kind, glossary=glossary)
        diagnostics.extend(finding_to_diagnostic(f, lines, text, 7) for f in analysis.findings)
    assert len(diagnostics) > 100
    _same_json(diagnostics)


def test_other_shapes_serialise_as_cattrs_does() -> None:
    where = types.Range(
        start=types.Position(line=0, character=0), end=types.Position(line=0, character=4)
    )
    location = types.Location(uri="file:///y.md", range=where)
    _same_json(
        [
            types.Diagnostic(range=where, message="bare"),
            types.Diagnostic(range=where, message="int code", code=3, tags=[]),
            types.Diagnostic(
                range=where,
                message="related",
                severity=types.DiagnosticSeverity.Hint,
                related_information=[types.DiagnosticRelatedInformation(location, "there")],
                data={"nested": [1, {"x": None}]},
            ),
        ]
    )
