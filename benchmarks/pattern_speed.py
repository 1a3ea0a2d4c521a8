"""Prints how long gitignore patterns built to backtrack take against a deep path.

Usage: python benchmarks/pattern_speed.py

For each hostile pattern (N stars then ``b``; N ``*/`` segments; ``*a`` repeated) and a
40-level path of 30-character names, times one match with mlgloss's matcher
(:mod:`mlgloss.files.patterns`), the same through a ``config_tools`` table (which also asks
about each directory of the path) and, when pathspec is installed, with pathspec's
``GitIgnoreSpec`` (the regex translation mlgloss used before issue 11). pathspec runs in a
child process killed after ``--limit`` seconds (default 20), so its exponential cases show
as ``> 20 s`` instead of stalling the benchmark.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from mlgloss.analysis.config.model import ToolGlobs
from mlgloss.files.patterns import PatternList

PATH = "/".join(["a" * 30] * 40)
CASES = [
    *(("*" * n + "b", f"{n} stars then b") for n in (10, 15, 20, 25, 100)),
    ("/".join(["*"] * 25) + "/b", "25 '*/' segments then b"),
    ("*a" * 25 + "b", "'*a' x 25 then b"),
    ("**/" * 25 + "b", "'**/' x 25 then b"),
]
PATHSPEC_PROBE = """
import sys, time, pathspec
spec = pathspec.GitIgnoreSpec.from_lines([sys.argv[1]])
start = time.perf_counter()
spec.match_file(sys.argv[2])
print(time.perf_counter() - start)
"""


def ours(pattern: str) -> float:
    spec = PatternList.from_lines([pattern])
    parts = PATH.split("/")
    start = time.perf_counter()
    spec.matches(parts, False)
    return time.perf_counter() - start


def config_tools(pattern: str) -> float:
    root = Path("/project")
    table = ToolGlobs(root, ((pattern, "trl"),))
    path = root / PATH
    start = time.perf_counter()
    table.tool_for(path)
    return time.perf_counter() - start


def pathspec_time(pattern: str, limit: float) -> str:
    try:
        done = subprocess.run(
            [sys.executable, "-c", PATHSPEC_PROBE, pattern, PATH],
            capture_output=True,
            text=True,
            timeout=limit,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"> {limit:g} s"
    if done.returncode != 0:
        return "n/a (pathspec not installed)" if "No module" in done.stderr else "error"
    return f"{float(done.stdout):.4f} s"


def main(argv: list[str]) -> int:
    limit = float(argv[argv.index("--limit") + 1]) if "--limit" in argv else 20.0
    print(f"path: 40 levels of 30 characters ({len(PATH)} characters)")
    print(f"{'pattern':32} {'mlgloss':>12} {'config_tools':>14} {'pathspec':>16}")
    for pattern, label in CASES:
        print(
            f"{label:32} {ours(pattern):10.6f} s {config_tools(pattern):12.6f} s "
            f"{pathspec_time(pattern, limit):>16}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
