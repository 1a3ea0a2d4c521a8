#!/usr/bin/env python3
"""The judged samples of issue 16, drawn for an independent judge.

    python benchmarks/repo_scope_sample.py [--seed 16] [--size 60] [--top 20]
        [--repos litgpt,open-r1,OpenRLHF,smol-course] [--out benchmarks]

Writes two TSV files, with empty ``verdict`` and ``note`` columns for the judge:

* ``repo_scope_findings_judge.tsv``: ``--size`` findings of ``inconsistent`` in repository
  scope drawn at random (``random.Random(seed).sample``) from all those ``mlgloss check``
  reports over the chosen repositories. Verdict: ``right`` when the flagged spelling is a
  real inconsistency of that repository that its maintainers would settle the way the
  message says, else ``wrong``.
* ``repo_scope_suggestions_judge.tsv``: the first ``--top`` terms ``mlgloss glossary
  suggest`` proposes for each repository. Verdict: ``right`` when the spellings are one term
  written several ways that a maintainer would settle, else ``wrong``.

The repositories are copied as ``benchmarks/repo_scope.py`` copies them (an empty ``.git``
each, a ``pyproject.toml`` setting the scope); nothing is written into the corpus. The
default repositories are the held-out ones: tuning was done on the others only.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from repo_scope import HELD_OUT, SHARED, mlgloss_exe, prepare

_COUNTS = re.compile(r"^\s*# (compound|casing|spelling): (.*)$")


def findings(exe: str, root: Path) -> list[dict[str, object]]:
    done = subprocess.run(
        [exe, "check", "--format", "json", "--no-progress", "--select", "inconsistent", "."],
        cwd=root,
        capture_output=True,
        check=False,
    )
    if done.returncode not in (0, 1):
        sys.exit(f"mlgloss check failed: {done.stderr.decode()[-2000:]}")
    return list(json.loads(done.stdout)["findings"])


def context(root: Path, finding: dict[str, object], width: int = 160) -> str:
    lines = (root / str(finding["path"])).read_text(encoding="utf-8", errors="replace")
    line = lines.splitlines()[int(str(finding["line"])) - 1]
    column = int(str(finding["column"])) - 1
    return " ".join(line[max(0, column - width) : column + width].split())


def suggestions(exe: str, root: Path, repo: str, top: int) -> list[tuple[str, str]]:
    done = subprocess.run(
        [exe, "glossary", "suggest", "--limit", str(top), repo],
        cwd=root,
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"mlgloss glossary suggest failed: {done.stderr.decode()[-2000:]}")
    return [
        (m.group(1), m.group(2))
        for line in done.stdout.decode().splitlines()
        if (m := _COUNTS.match(line))
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--size", type=int, default=60)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--repos", default=",".join(HELD_OUT))
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    args = parser.parse_args()
    repos = [r for r in args.repos.split(",") if r]
    exe = mlgloss_exe()
    with tempfile.TemporaryDirectory(prefix="mlgloss-repo-scope-sample-") as tmp:
        root = prepare(args.corpus, repos, "repository", Path(tmp))
        found = findings(exe, root)
        drawn = random.Random(args.seed).sample(found, min(args.size, len(found)))
        drawn.sort(key=lambda f: (str(f["path"]), int(str(f["line"])), int(str(f["column"]))))
        out = args.out / "repo_scope_findings_judge.tsv"
        with out.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
            writer.writerow(
                [
                    "repo",
                    "path",
                    "line",
                    "column",
                    "text",
                    "message",
                    "fix",
                    "context",
                    "verdict",
                    "note",
                ]
            )
            for f in drawn:
                fixes = f.get("fixes") or []
                fix = ""
                if isinstance(fixes, list) and fixes:
                    first = fixes[0]
                    edits = first["edits"]
                    fix = f"{edits[0]['new_text']} ({first['applicability']})"
                repo, _, path = str(f["path"]).partition("/")
                writer.writerow(
                    [
                        repo,
                        path,
                        f["line"],
                        f["column"],
                        f["text"],
                        f["message"],
                        fix,
                        context(root, f),
                        "",
                        "",
                    ]
                )
        print(f"wrote {out}: {len(drawn)} of {len(found)} findings (seed {args.seed})")
        out = args.out / "repo_scope_suggestions_judge.tsv"
        rows = 0
        with out.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
            writer.writerow(["repo", "rank", "kind", "spellings (uses, files)", "verdict", "note"])
            for repo in repos:
                for rank, (kind, counts) in enumerate(suggestions(exe, root, repo, args.top), 1):
                    writer.writerow([repo, rank, kind, counts, "", ""])
                    rows += 1
        print(f"wrote {out}: {rows} suggestions (top {args.top} of {len(repos)} repositories)")


if __name__ == "__main__":
    main()
