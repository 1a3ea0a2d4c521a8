#!/usr/bin/env python3
"""Wall time and MB/s of ``mlgloss check`` over the shared corpus, beside the peer linters.

    python benchmarks/check_speed.py [--runs 3] [--no-peers] [--corpus ../shared/corpus]

1. Times ``mlgloss check --format json --jobs N <corpus>`` (output to /dev/null) for
   N = 1 and 2, the median of ``--runs`` runs after one warm-up, over the whole corpus
   (Markdown + YAML/JSON configs) and over its Markdown files only (the peers' input);
   and ``mlgloss check`` of a one-line file: the start-up every run pays.
2. Copies ``../shared/bench`` to a temporary directory (its ``results/`` and ``rules/`` are
   read-only) and runs ``run_peers.sh`` there with ``mlgloss check`` as the candidate, so the
   peers and mlgloss are measured in the same run on the same 708 Markdown files.
3. Prints a side-by-side table. Nothing is written into the corpus or the shared folder.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def mlgloss_exe() -> str:
    beside = Path(sys.executable).parent / "mlgloss"
    found = str(beside) if beside.is_file() else shutil.which("mlgloss")
    if not found:
        sys.exit("mlgloss is not installed: pip install -e . first")
    return found


def markdown_files(corpus: Path) -> list[str]:
    files = [
        p.relative_to(corpus).as_posix()
        for p in corpus.rglob("*")
        if p.suffix in (".md", ".mdx") and p.is_file() and p.parent != corpus
    ]
    return sorted(files)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], cwd: Path, runs: int) -> tuple[float, float]:
    """Median wall seconds and median CPU seconds (user + sys, all processes) over ``runs``
    runs after one warm-up. CPU time is the steadier figure on a shared machine."""
    walls, cpus = [], []
    for i in range(runs + 1):
        start, cpu = time.perf_counter(), _children_cpu()
        done = subprocess.run(
            cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
        )
        if i:
            walls.append(time.perf_counter() - start)
            cpus.append(_children_cpu() - cpu)
        if done.returncode not in (0, 1):
            sys.exit(
                f"{' '.join(cmd[:6])} … failed ({done.returncode}): {done.stderr.decode()[-500:]}"
            )
    return statistics.median(walls), statistics.median(cpus)


def run_peers(exe: str, corpus: Path, jobs: int) -> dict[str, dict[str, str]]:
    bench = Path(tempfile.mkdtemp(prefix="mlgloss-bench-"))
    shutil.copytree(SHARED / "bench", bench, dirs_exist_ok=True)
    for p in bench.rglob("*"):  # the copies keep the read-only mode of the originals
        p.chmod(0o755 if p.is_dir() else 0o644)
    # Only figures of this run: the shared folder's stored results must never stand in for
    # a peer run that failed (peers not installed: ../shared/bench/install_peers.sh).
    shutil.rmtree(bench / "results", ignore_errors=True)
    env = {
        **os.environ,
        "CORPUS": str(corpus),
        "CANDIDATE_CMD": f"{exe} check --format text --quiet --no-progress --jobs {jobs}",
    }
    subprocess.run(["bash", str(bench / "run_peers.sh")], env=env, check=False)
    rows: dict[str, dict[str, str]] = {}
    summary = bench / "results" / "summary.tsv"
    if not summary.is_file():
        print("peers not measured: run_peers.sh failed (see above)", file=sys.stderr)
        return rows
    with open(summary, encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            rows[row.get("tool", "")] = row
    print(f"(peer results kept in {bench / 'results'})", file=sys.stderr)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-peers", action="store_true")
    args = parser.parse_args()
    corpus = args.corpus.resolve()
    exe = mlgloss_exe()
    md = markdown_files(corpus)
    all_bytes = sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file())
    md_bytes = sum((corpus / f).stat().st_size for f in md)
    work = Path(tempfile.mkdtemp(prefix="mlgloss-check-"))
    print(
        f"corpus {corpus}: {all_bytes} bytes in all; {len(md)} Markdown files, {md_bytes} "
        f"bytes; {os.cpu_count()} CPUs",
        file=sys.stderr,
    )
    rows = []
    one_line = work / "one-line.md"
    one_line.write_text("We fine-tune a neural network.\n", encoding="utf-8")
    wall, cpu = timed([exe, "check", "--no-progress", one_line.name], work, args.runs)
    rows.append(("mlgloss start-up (one-line file)", wall, cpu, one_line.stat().st_size))
    for jobs in (1, 2):
        base = [exe, "check", "--format", "json", "--no-progress", "--jobs", str(jobs)]
        wall, cpu = timed([*base, str(corpus)], work, args.runs)
        rows.append((f"mlgloss --jobs {jobs} (whole corpus)", wall, cpu, all_bytes))
        wall, cpu = timed([*base, *md], corpus, args.runs)
        rows.append((f"mlgloss --jobs {jobs} (Markdown)", wall, cpu, md_bytes))
    load = os.getloadavg()[0]
    print(f"\n{'run':<36} {'wall s':>8} {'MB/s':>8} {'CPU s':>8}   (load average {load:.1f})")
    for name, wall, cpu, size in rows:
        rate = f"{size / wall / 1e6:.2f}" if size > 10_000 else "-"
        print(f"{name:<36} {wall:>8.2f} {rate:>8} {cpu:>8.2f}")
    if args.no_peers:
        return 0
    peers = run_peers(exe, corpus, 2)
    if not peers:
        return 1
    print(f"\nSame run, {len(md)} Markdown files ({md_bytes} bytes), one timed run each:")
    columns = [
        ("wall_s", "wall s"),
        ("cpu_s", "CPU s"),
        ("peak_rss_mb", "RSS MB"),
        ("MB_per_s", "MB/s"),
        ("findings", "findings"),
        ("term_in_prose", "in prose"),
        ("prose_union_share", "union share"),
    ]
    print(f"{'tool':<22}" + "".join(f" {title:>11}" for _, title in columns))
    for tool, row in peers.items():
        label = "mlgloss (candidate)" if tool == "candidate" else tool
        print(f"{label:<22}" + "".join(f" {row.get(key, ''):>11}" for key, _ in columns))
    return 0


if __name__ == "__main__":
    sys.exit(main())
