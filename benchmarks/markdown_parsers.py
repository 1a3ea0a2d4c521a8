"""Times the Markdown block scanner against two maintained parsers on the corpus.

Issue 14 asked whether a maintained parser with byte ranges (pyromark, markdown-it-pyrs) should
replace ``extract/markdown_blocks.py``. This prints, for every ``.md`` file of the corpus, the
best of ``--runs`` timings of: the scanner alone (blocks), mlgloss's whole Markdown extraction
(blocks, inline code, links, HTML), pyromark's event stream with source ranges (blocks and
inlines) and markdown-it-pyrs's syntax tree with source positions. The parsers are optional:
``pip install pyromark markdown-it-pyrs``; a missing one is reported, not timed.

usage: python benchmarks/markdown_parsers.py [--corpus DIR] [--runs N]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from mlgloss.analysis.extract.markdown import extract_markdown
from mlgloss.analysis.extract.markdown_blocks import scan_blocks

ROOT = Path(__file__).resolve().parents[1]


def best_of(runs: int, work: Callable[[str], object], texts: list[str]) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        for text in texts:
            work(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    paths = sorted(args.corpus.rglob("*.md"))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    size = sum(len(t) for t in texts) / 1e6
    print(f"{len(texts)} Markdown files, {size:.2f} M characters, best of {args.runs} runs")
    rows: list[tuple[str, Callable[[str], object] | None]] = [
        ("mlgloss block scanner (blocks only)", scan_blocks),
        ("mlgloss Markdown extraction (blocks + inline masks)", extract_markdown),
    ]
    try:
        import pyromark

        def pyromark_events(text: str) -> object:
            return list(pyromark.events_with_range(text))  # the events, materialised

        rows.append(("pyromark events_with_range (blocks + inlines)", pyromark_events))
    except ImportError:
        rows.append(("pyromark: not installed", None))
    try:
        import markdown_it_pyrs

        md = markdown_it_pyrs.MarkdownIt("commonmark").enable("table")
        rows.append(("markdown-it-pyrs tree (blocks + inlines)", md.tree))
    except ImportError:
        rows.append(("markdown-it-pyrs: not installed", None))
    for name, work in rows:
        if work is None:
            print(f"  {name}")
            continue
        seconds = best_of(args.runs, work, texts)
        print(f"  {name:<55} {seconds:6.3f} s  {size / seconds:5.1f} M chars/s")


if __name__ == "__main__":
    main()
