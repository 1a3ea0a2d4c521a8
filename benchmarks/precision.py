"""Runs the engine over the corpus, prints per-rule counts and draws a sample to judge.

``PYTHONPATH=server python benchmarks/precision.py [--seed N] [--size N] [--out FILE]
[--corpus DIR] [--tuning | --held-out] [--all FILE]`` analyses every file of the corpus
(default ``../shared/corpus``) the engine reads, with the built-in glossary and the default
configuration, and prints the number of findings per rule, per file kind and per severity.
``--tuning`` and ``--held-out`` restrict the run to one part of the split recorded in
PRECISION.md (:data:`TUNING` and :data:`HELD_OUT`: whole repositories).

It then draws a sample with ``--seed`` from the findings of severity info or higher: first
``--per-group`` findings (default 20; all of them where there are fewer) of every rule that
fires, then more until every file kind (Markdown, notebook, Python, config: YAML/JSON/TOML)
has as many, then at random up to ``--size`` in all (default 60; ``--held-out`` makes it
150). The sample, sorted by place, goes to ``--out`` (default
``benchmarks/precision_sample.tsv``; ``precision_heldout.tsv`` with ``--held-out``) with the
columns file, line, col, kind, rule, severity, text (the finding's own text), fix (the
first fix's replacement and whether it is safe), line_text, context (the lines around it,
the finding marked ``[[...]]``), message, verdict, reason. ``verdict`` and ``reason`` are
filled in by hand after reading each finding in its file: ``true`` for a real terminology
problem in prose whose fix (if any) is right, ``false`` for noise. Verdicts already in
``--out`` are kept for findings drawn again, so the script can be re-run after tuning.
``--judged FILE`` prints the precision of a judged sample, per rule and per kind;
``--all FILE`` also writes every finding as TSV. ``--as-checked`` takes the findings from
``mlgloss check --format json`` instead of analysing each file alone: what a user sees,
``inconsistent`` following each repository's counts (give ``--corpus`` a copy with a
``.git`` in each repository, as a clone has).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

from mlgloss.analysis.document import DocumentKind, kind_for_path
from mlgloss.analysis.engine import analyze
from mlgloss.analysis.findings import Severity, TextEdit
from mlgloss.glossary.layers import load_glossary

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parents[1] / "shared" / "corpus"
# The split of PRECISION.md, by repository (the corpus's top-level directories).
TUNING = ("peft", "trl", "accelerate", "diffusers", "axolotl", "torchtune", "verl", "DeepSpeed")
HELD_OUT = ("litgpt", "open-r1", "OpenRLHF", "smol-course")
HELD_OUT_SEED = 20261212
COLUMNS = (
    "file",
    "line",
    "col",
    "kind",
    "rule",
    "severity",
    "text",
    "fix",
    "line_text",
    "context",
    "message",
    "verdict",
    "reason",
)
CONTEXT_LINES = 2  # lines before and after the finding's line in the context column


def kind_group(kind: DocumentKind) -> str:
    """The file kind a finding is counted under: markdown, notebook, python or config."""
    if kind.is_config:
        return "config"
    return kind.value


def collect(corpus: Path, repositories: tuple[str, ...] | None = None) -> list[dict[str, str]]:
    glossary = load_glossary(())
    rows: list[dict[str, str]] = []
    roots = [corpus / r for r in repositories] if repositories else [corpus]
    for path in sorted(p for root in roots for p in root.rglob("*")):
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
            fix = finding.fix
            rows.append(
                {
                    "file": path.relative_to(corpus).as_posix(),
                    "line": str(line + 1),
                    "col": str(finding.start - start + 1),
                    "kind": kind_group(kind),
                    "rule": finding.rule,
                    "severity": finding.severity.label,
                    "text": _flat(text[finding.start : finding.end]),
                    "fix": _fix_text(fix.edits, fix.safe) if fix else "",
                    "line_text": _flat(text[start : end if end != -1 else len(text)].strip())[:300],
                    "context": _context(text, line_starts, line, finding.start, finding.end),
                    "message": _flat(finding.message),
                }
            )
    return rows


def collect_checked(
    corpus: Path, repositories: tuple[str, ...] | None = None
) -> list[dict[str, str]]:
    """The findings ``mlgloss check`` reports over the corpus (or its ``repositories``), as
    :func:`collect` gives them."""
    roots = list(repositories) if repositories else ["."]
    run = subprocess.run(
        [sys.executable, "-m", "mlgloss", "check", "--format", "json", "--no-progress", *roots],
        cwd=corpus,
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode not in (0, 1):
        raise SystemExit(f"mlgloss check failed ({run.returncode}): {run.stderr}")
    texts: dict[str, tuple[str, list[int]]] = {}
    rows: list[dict[str, str]] = []
    for finding in json.loads(run.stdout)["findings"]:
        path = (corpus / finding["path"]).resolve()
        name = path.relative_to(corpus.resolve()).as_posix()
        if name not in texts:
            text = path.read_text(encoding="utf-8", errors="replace")
            texts[name] = text, [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]
        text, line_starts = texts[name]
        line = finding["line"] - 1
        start = line_starts[line] + finding["column"] - 1
        end = line_starts[finding["end_line"] - 1] + finding["end_column"] - 1
        line_end = text.find("\n", line_starts[line])
        kind = kind_for_path(path)
        fixes = finding["fixes"]
        fix = ""
        if fixes:
            shown = " + ".join(repr(e["new_text"]) for e in fixes[0]["edits"])
            fix = f"{'safe' if fixes[0]['safe'] else 'unsafe'}: {shown}"
        rows.append(
            {
                "file": name,
                "line": str(finding["line"]),
                "col": str(finding["column"]),
                "kind": kind_group(kind) if kind else "?",
                "rule": finding["rule"],
                "severity": finding["severity"],
                "text": _flat(text[start:end]),
                "fix": fix,
                "line_text": _flat(
                    text[line_starts[line] : len(text) if line_end < 0 else line_end].strip()
                )[:300],
                "context": _context(text, line_starts, line, start, end),
                "message": _flat(finding["message"]),
            }
        )
    return rows


def _fix_text(edits: tuple[TextEdit, ...], safe: bool) -> str:
    shown = " + ".join(repr(e.new_text) for e in edits)
    return f"{'safe' if safe else 'unsafe'}: {shown}"


def _context(text: str, line_starts: list[int], line: int, start: int, end: int) -> str:
    """The lines around the finding, joined with " ⏎ ", the finding marked [[...]]."""
    first = line_starts[max(0, line - CONTEXT_LINES)]
    last_line = line + CONTEXT_LINES + 1
    last = line_starts[last_line] - 1 if last_line < len(line_starts) else len(text)
    marked = text[first:start] + "[[" + text[start:end] + "]]" + text[end:last]
    lines = [" ".join(part.replace("\t", " ").split()) for part in marked.splitlines()]
    return " ⏎ ".join(lines)[:800]


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
    for column in ("rule", "kind"):
        counts: Counter[tuple[str, str]] = Counter((r[column], r["verdict"]) for r in judged)
        print(f" by {column}:")
        for value in sorted({v for v, _ in counts}):
            t, f = counts[(value, "true")], counts[(value, "false")]
            print(f"  {value:<18} {t:>3} true {f:>3} false  {100 * t / max(1, t + f):5.1f} %")


def stratified_sample(
    rows: list[dict[str, str]], seed: int, size: int, per_group: int
) -> list[dict[str, str]]:
    """``per_group`` findings of every rule, then of every kind, then more up to ``size``.

    One generator with ``seed`` shuffles all rows once; each stage takes the first rows of
    that order it still needs, so the same seed and findings give the same sample.
    """
    order = list(rows)
    random.Random(seed).shuffle(order)
    chosen: list[int] = []
    taken: set[int] = set()

    def fill(column: str | None) -> None:
        have: Counter[str] = Counter(order[i][column] for i in chosen) if column else Counter()
        for i, row in enumerate(order):
            if i in taken:
                continue
            if column is None:
                if len(chosen) >= size:
                    return
            elif have[row[column]] >= per_group:
                continue
            else:
                have[row[column]] += 1
            chosen.append(i)
            taken.add(i)

    fill("rule")
    fill("kind")
    fill(None)
    return [order[i] for i in chosen]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int)
    parser.add_argument("--size", type=int)
    parser.add_argument("--per-group", type=int, default=20)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    split = parser.add_mutually_exclusive_group()
    split.add_argument("--tuning", action="store_true", help="only the tuning repositories")
    split.add_argument("--held-out", action="store_true", help="only the held-out repositories")
    parser.add_argument("--all", type=Path)
    parser.add_argument("--judged", type=Path)
    parser.add_argument("--as-checked", action="store_true", help="findings of mlgloss check")
    args = parser.parse_args(argv)
    if args.judged:
        report_judged(args.judged)
        return 0

    repositories = HELD_OUT if args.held_out else TUNING if args.tuning else None
    seed = args.seed if args.seed is not None else HELD_OUT_SEED if args.held_out else 1
    size = args.size if args.size is not None else 150 if args.held_out else 60
    default_out = "precision_heldout.tsv" if args.held_out else "precision_sample.tsv"
    out = args.out or HERE / default_out
    rows = (collect_checked if args.as_checked else collect)(args.corpus, repositories)
    part = "held-out part of " if args.held_out else "tuning part of " if args.tuning else ""
    print(f"{len(rows)} findings over the {part}{args.corpus}")
    for column in ("rule", "kind"):
        for value, count in Counter(r[column] for r in rows).most_common():
            print(f"  {value:<18} {count:>5}")
    for severity, count in sorted(Counter(r["severity"] for r in rows).items()):
        print(f"  severity {severity:<9} {count:>5}")
    if args.all:
        _write(args.all, rows)

    eligible = [r for r in rows if Severity.parse(r["severity"]) >= Severity.INFO]
    sample = stratified_sample(eligible, seed, size, args.per_group)
    sample.sort(key=lambda r: (r["file"], int(r["line"]), int(r["col"]), r["rule"]))
    previous = {_key(r): r for r in _read(out)}
    for row in sample:
        old = previous.get(_key(row))
        if old is not None and old.get("text") == row["text"]:
            row["verdict"], row["reason"] = old.get("verdict", ""), old.get("reason", "")
    _write(out, sample)
    print(f"sample of {len(sample)} (seed {seed}) written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
