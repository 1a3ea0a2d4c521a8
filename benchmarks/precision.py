"""Runs the engine over the corpus, prints per-rule counts and draws a sample to judge.

``PYTHONPATH=server python benchmarks/precision.py [--seed N] [--size N] [--out FILE]
[--corpus DIR] [--all FILE]`` analyses every file of the corpus (default
``../shared/corpus``) the engine reads, with the built-in glossary and the default
configuration, and prints the number of findings per rule and per severity. It then draws
``--size`` findings (default 60) at random with ``--seed`` from all findings of severity
info or higher, sorted by place, and writes them to ``--out`` (default
``benchmarks/precision_sample.tsv``) with the columns file, line, col, rule, severity, text
(the finding's own text), line_text, message, verdict, reason. ``verdict`` and ``reason`` are
filled in by hand after reading each finding in its file: ``true`` for a real terminology
problem in prose, ``false`` for noise. Verdicts already in ``--out`` are kept for findings
drawn again, so the script can be re-run after tuning. ``--judged FILE`` prints the
precision of a judged sample; ``--all FILE`` also writes every finding as TSV.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import Counter
from pathlib import Path

from mlgloss.analysis.document import kind_for_path
from mlgloss.analysis.engine import analyze
from mlgloss.analysis.findings import Severity
from mlgloss.glossary.layers import load_glossary

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parents[1] / "shared" / "corpus"
COLUMNS = (
    "file",
    "line",
    "col",
    "rule",
    "severity",
    "text",
    "line_text",
    "message",
    "verdict",
    "reason",
)


def collect(corpus: Path) -> list[dict[str, str]]:
    glossary = load_glossary(())
    rows: list[dict[str, str]] = []
    for path in sorted(corpus.rglob("*")):
        kind = kind_for_path(path) if path.is_file() else None
        if kind is None:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        line_starts = [0]
        line_starts += [i + 1 for i, c in enumerate(text) if c == "\n"]
        for finding in analyze(text, kind, glossary=glossary, path=str(path)):
            line = _line_of(line_starts, finding.start)
            start = line_starts[line]
            end = text.find("\n", start)
            rows.append(
                {
                    "file": path.relative_to(corpus).as_posix(),
                    "line": str(line + 1),
                    "col": str(finding.start - start + 1),
                    "rule": finding.rule,
                    "severity": finding.severity.label,
                    "text": _flat(text[finding.start : finding.end]),
                    "line_text": _flat(text[start : end if end != -1 else len(text)].strip())[:300],
                    "message": _flat(finding.message),
                }
            )
    return rows


def _line_of(line_starts: list[int], offset: int) -> int:
    lo, hi = 0, len(line_starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if line_starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _flat(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def _key(row: dict[str, str]) -> tuple[str, str, str, str]:
    return row["file"], row["line"], row["col"], row["rule"]


def _read(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(
            f, COLUMNS, delimiter="\t", extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in COLUMNS})


def report_judged(path: Path) -> None:
    rows = _read(path)
    judged = [r for r in rows if r.get("verdict") in ("true", "false")]
    true = sum(r["verdict"] == "true" for r in judged)
    print(
        f"{path.name}: {true}/{len(judged)} true = {100 * true / max(1, len(judged)):.1f} %"
        f" ({len(rows) - len(judged)} not judged)"
    )
    by_rule: Counter[tuple[str, str]] = Counter((r["rule"], r["verdict"]) for r in judged)
    for rule in sorted({r for r, _ in by_rule}):
        print(f"  {rule:<18} {by_rule[(rule, 'true')]:>3} true {by_rule[(rule, 'false')]:>3} false")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--size", type=int, default=60)
    parser.add_argument("--out", type=Path, default=HERE / "precision_sample.tsv")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--all", type=Path)
    parser.add_argument("--judged", type=Path)
    args = parser.parse_args(argv)
    if args.judged:
        report_judged(args.judged)
        return 0

    rows = collect(args.corpus)
    print(f"{len(rows)} findings over {args.corpus}")
    for rule, count in Counter(r["rule"] for r in rows).most_common():
        print(f"  {rule:<18} {count:>5}")
    for severity, count in sorted(Counter(r["severity"] for r in rows).items()):
        print(f"  severity {severity:<9} {count:>5}")
    if args.all:
        _write(args.all, rows)

    eligible = [r for r in rows if Severity.parse(r["severity"]) >= Severity.INFO]
    sample = random.Random(args.seed).sample(eligible, min(args.size, len(eligible)))
    sample.sort(key=lambda r: (r["file"], int(r["line"]), int(r["col"]), r["rule"]))
    previous = {_key(r): r for r in _read(args.out)}
    for row in sample:
        old = previous.get(_key(row))
        if old is not None and old.get("text") == row["text"]:
            row["verdict"], row["reason"] = old.get("verdict", ""), old.get("reason", "")
    _write(args.out, sample)
    print(f"sample of {len(sample)} (seed {args.seed}) written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
