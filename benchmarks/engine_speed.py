"""Prints the whole engine's speed (extract → index → every rule → suppressions) in MB/s.

One core, per document kind, over the corpus (default ``../shared/corpus``); CPU time, best
of three runs. Loading the glossary (and the misspelling rule's word list) is timed
separately and excluded from the MB/s, as the language server and ``mlgloss check`` pay it
once per process. Run: ``PYTHONPATH=server python benchmarks/engine_speed.py [corpus-dir]``;
``--profile KIND`` prints a cProfile of one pass over that kind instead.
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import time
from pathlib import Path

from mlgloss.analysis.document import DocumentKind, kind_for_path
from mlgloss.analysis.engine import analyze
from mlgloss.analysis.rules.misspelling import english_words
from mlgloss.glossary.layers import load_glossary
from mlgloss.glossary.lookup import Glossary

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _files(root: Path) -> dict[DocumentKind, list[str]]:
    by_kind: dict[DocumentKind, list[str]] = {}
    for path in sorted(root.rglob("*")):
        kind = kind_for_path(path) if path.is_file() else None
        if kind is not None:
            by_kind.setdefault(kind, []).append(path.read_text(encoding="utf-8", errors="replace"))
    return by_kind


def _one_pass(kind: DocumentKind, texts: list[str], glossary: Glossary) -> int:
    findings = 0
    for text in texts:
        findings += len(analyze(text, kind, glossary=glossary))
    return findings


def main(argv: list[str]) -> int:
    profile = None
    if "--profile" in argv:
        i = argv.index("--profile")
        profile = DocumentKind(argv[i + 1])
        argv = argv[:i] + argv[i + 2 :]
    root = Path(argv[0]) if argv else DEFAULT_CORPUS
    by_kind = _files(root)

    t0 = time.process_time()
    glossary = load_glossary(())
    _ = glossary.index
    t1 = time.process_time()
    english_words()
    t2 = time.process_time()
    print(f"glossary load + index: {1000 * (t1 - t0):.0f} ms CPU ({len(glossary)} entries)")
    print(f"English word list load: {1000 * (t2 - t1):.0f} ms CPU")
    for kind, texts in by_kind.items():  # warm the per-glossary caches of every rule
        _one_pass(kind, texts[:5], glossary)

    if profile is not None:
        profiler = cProfile.Profile()
        profiler.enable()
        _one_pass(profile, by_kind[profile], glossary)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        return 0

    print(f"{'kind':<10} {'files':>6} {'MB':>7} {'findings':>9} {'CPU s':>7} {'MB/s':>7}")
    for kind, texts in sorted(by_kind.items()):
        size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
        best = float("inf")
        findings = 0
        for _ in range(3):
            start = time.process_time()
            findings = _one_pass(kind, texts, glossary)
            best = min(best, time.process_time() - start)
        print(
            f"{kind.value:<10} {len(texts):>6} {size:>7.2f} {findings:>9} {best:>7.2f} "
            f"{size / best:>7.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
