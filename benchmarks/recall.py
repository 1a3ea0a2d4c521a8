"""Runs the recall probe set through the engine and prints recall and false warnings.

``PYTHONPATH=server python benchmarks/recall.py [--list]`` reads
``benchmarks/recall/mistakes.yaml`` (sentences with exactly one terminology mistake each,
and the expected fix) and ``benchmarks/recall/correct.yaml`` (sentences that use the same
names correctly), analyses each sentence as its own document with the built-in glossary and
the default configuration, and prints:

- recall: the share of mistakes caught *with the right fix*: some finding's fix, applied to
  the sentence, gives the sentence with the mistake replaced by the expected fix;
- false warnings: findings of severity warning or higher on correct sentences, and on
  mistake sentences any such finding other than the one for the mistake;
- info-level findings (``acronym-expansion`` advice) on correct sentences, counted apart.

``--list`` also prints every miss and every false warning. ``tests/test_recall.py`` runs
the same scoring and asserts the goal (recall at least 90 %, no false warning).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mlgloss.analysis.document import DocumentKind
from mlgloss.analysis.engine import analyze
from mlgloss.analysis.findings import Finding, Severity
from mlgloss.glossary.layers import load_glossary
from mlgloss.glossary.lookup import Glossary

PROBES = Path(__file__).resolve().parent / "recall"
KINDS = {"md": DocumentKind.MARKDOWN, "py": DocumentKind.PYTHON, "yaml": DocumentKind.YAML}


@dataclass
class Result:
    mistakes: int = 0
    caught: int = 0
    correct: int = 0
    misses: list[tuple[dict[str, Any], list[Finding]]] = field(default_factory=list)
    false_warnings: list[tuple[str, str, Finding]] = field(default_factory=list)  # text, what
    infos: list[tuple[str, Finding]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.caught / self.mistakes if self.mistakes else 0.0


def load(name: str) -> list[dict[str, Any]]:
    data = yaml.safe_load((PROBES / name).read_text(encoding="utf-8"))
    probes: list[dict[str, Any]] = data["probes"]
    return probes


def _applied(text: str, finding: Finding) -> str | None:
    fix = finding.fix
    if fix is None:
        return None
    out = text
    for edit in sorted(fix.edits, key=lambda e: e.start, reverse=True):
        out = out[: edit.start] + edit.new_text + out[edit.end :]
    return out


def _warnings(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity >= Severity.WARNING]


def score(glossary: Glossary | None = None) -> Result:
    glossary = glossary or load_glossary(())
    result = Result()
    for probe in load("mistakes.yaml"):
        text, wrong, fix = probe["text"], probe["wrong"], probe["fix"]
        where = text.index(wrong)
        wanted = text[:where] + fix + text[where + len(wrong) :]
        findings = list(analyze(text, KINDS[probe["kind"]], glossary=glossary))
        right = [f for f in findings if _applied(text, f) == wanted]
        result.mistakes += 1
        if right:
            result.caught += 1
        else:
            result.misses.append((probe, findings))
        for finding in _warnings(findings):
            inside = finding.start < where + len(wrong) and where < finding.end
            if finding not in right and not inside:
                result.false_warnings.append((text, "mistake probe", finding))
    for probe in load("correct.yaml"):
        text = probe["text"]
        findings = list(analyze(text, KINDS[probe["kind"]], glossary=glossary))
        result.correct += 1
        for finding in findings:
            if finding.severity >= Severity.WARNING:
                result.false_warnings.append((text, "correct probe", finding))
            else:
                result.infos.append((text, finding))
    return result


def _describe(text: str, finding: Finding) -> str:
    shown = text[finding.start : finding.end]
    return f"{finding.rule} on {shown!r}: {finding.message}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="print every miss and false warning")
    args = parser.parse_args(argv)
    result = score()
    print(
        f"mistakes caught with the right fix: {result.caught} / {result.mistakes} "
        f"({result.recall:.1%})"
    )
    print(f"false warnings: {len(result.false_warnings)} (on {result.correct} correct probes)")
    print(f"info findings on correct probes: {len(result.infos)}")
    if args.list:
        print("\nmisses:")
        for probe, findings in result.misses:
            got = "; ".join(_describe(probe["text"], f) for f in findings) or "no finding"
            print(f"- {probe['wrong']!r} -> {probe['fix']!r}: {got}")
        print("\nfalse warnings:")
        for text, what, finding in result.false_warnings:
            print(f"- ({what}) {_describe(text, finding)} in {text[:80]!r}")
        print("\ninfo findings:")
        for text, finding in result.infos:
            print(f"- {_describe(text, finding)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
