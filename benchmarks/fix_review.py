"""Applies ``mlgloss check --fix`` to a copy of the corpus and lists every changed line.

``python benchmarks/fix_review.py [--corpus DIR] [--seed N] [--size N] [--out FILE]
[-- EXTRA-ARGS…]`` copies the corpus (default ``../shared/corpus``) to a temporary
directory, runs the real ``mlgloss check --fix`` executable over the copy (with any
arguments after ``--``, e.g. ``-- --unsafe-fixes``), and compares every file with its
original line by line. It prints how many files and lines changed, per file kind and per
part of the split (PRECISION.md), and writes the changed lines to ``--out`` (default
``benchmarks/fix_review.tsv``): all of them, or ``--size`` (default 200) drawn at random
with ``--seed`` (default 20261212) when there are more. The columns are file, line, kind,
part, before, after, verdict, reason; a reviewer fills in ``verdict`` (``ok`` or
``reject``) and ``reason``. Verdicts already in ``--out`` are kept for the same change.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import random
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from precision import DEFAULT_CORPUS, HELD_OUT, HELD_OUT_SEED, HERE, kind_group

from mlgloss.analysis.document import kind_for_path

COLUMNS = ("file", "line", "kind", "part", "change", "before", "after", "verdict", "reason")
CHANGE_CONTEXT = 40  # characters shown either side of the changed part in ``change``


def change(before: str, after: str) -> str:
    """The part of the line that changed, with some text either side: ``…a [[x → y]] b…``."""
    prefix = 0
    while prefix < min(len(before), len(after)) and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < min(len(before), len(after)) - prefix
        and before[len(before) - 1 - suffix] == after[len(after) - 1 - suffix]
    ):
        suffix += 1
    left = before[max(0, prefix - CHANGE_CONTEXT) : prefix]
    right = before[len(before) - suffix :][:CHANGE_CONTEXT]
    old, new = before[prefix : len(before) - suffix], after[prefix : len(after) - suffix]
    return f"…{left}[[{old} → {new}]]{right}…"


def changed_lines(original: Path, fixed: Path) -> list[dict[str, str]]:
    """One row per line of a file under ``original`` that differs in ``fixed``."""
    rows: list[dict[str, str]] = []
    for path in sorted(original.rglob("*")):
        kind = kind_for_path(path) if path.is_file() else None
        if kind is None:
            continue
        relative = path.relative_to(original)
        before = path.read_text(encoding="utf-8", errors="replace").splitlines()
        after = (fixed / relative).read_text(encoding="utf-8", errors="replace").splitlines()
        if before == after:
            continue
        matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            for k in range(max(i2 - i1, j2 - j1)):
                old = before[i1 + k].strip() if i1 + k < i2 else ""
                new = after[j1 + k].strip() if j1 + k < j2 else ""
                rows.append(
                    {
                        "file": relative.as_posix(),
                        "line": str(i1 + k + 1),
                        "kind": kind_group(kind),
                        "part": "held-out" if relative.parts[0] in HELD_OUT else "tuning",
                        "change": change(old, new),
                        "before": old,
                        "after": new,
                    }
                )
    return rows


def run_fix(corpus: Path, extra: list[str]) -> tuple[Path, list[dict[str, str]], str]:
    """The copy's directory (kept until the caller removes it), its changed lines and the
    summary ``mlgloss`` printed."""
    work = Path(tempfile.mkdtemp(prefix="mlgloss-fix-review-"))
    copy = work / "corpus"
    shutil.copytree(corpus, copy, symlinks=True)
    # The shared corpus is read-only, and --fix refuses read-only files: the copy is ours.
    for path in [copy, *copy.rglob("*")]:
        if not path.is_symlink():
            path.chmod(path.stat().st_mode | 0o200)
    command = ["mlgloss", "check", "--fix", "--no-progress", "--color", "never", *extra, str(copy)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        raise SystemExit(f"mlgloss exited {done.returncode}: {done.stderr.strip()[-2000:]}")
    summary = (done.stdout.strip().splitlines() or [""])[-1]
    return work, changed_lines(corpus, copy), summary


def main(argv: list[str]) -> int:
    extra: list[str] = []
    if "--" in argv:
        at = argv.index("--")
        argv, extra = argv[:at], argv[at + 1 :]
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--seed", type=int, default=HELD_OUT_SEED)
    parser.add_argument("--size", type=int, default=200)
    parser.add_argument("--out", type=Path, default=HERE / "fix_review.tsv")
    args = parser.parse_args(argv)

    work, rows, summary = run_fix(args.corpus, extra)
    shutil.rmtree(work, ignore_errors=True)
    files = {r["file"] for r in rows}
    print(f"mlgloss: {summary}")
    print(f"{len(rows)} changed lines in {len(files)} files")
    for column in ("kind", "part"):
        for value, count in sorted(Counter(r[column] for r in rows).items()):
            print(f"  {value:<10} {count:>5} lines")
    sample = rows
    if len(rows) > args.size:
        sample = random.Random(args.seed).sample(rows, args.size)
        sample.sort(key=lambda r: (r["file"], int(r["line"])))
    previous: dict[tuple[str, str, str], dict[str, str]] = {}
    if args.out.exists():
        with args.out.open(encoding="utf-8", newline="") as f:
            for old in csv.DictReader(f, delimiter="\t"):
                previous[(old["file"], old["before"], old["after"])] = old
    with args.out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        for row in sample:
            old = previous.get((row["file"], row["before"], row["after"]), {})
            row["verdict"], row["reason"] = old.get("verdict", ""), old.get("reason", "")
            writer.writerow(row)
    print(f"{len(sample)} changed lines written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
