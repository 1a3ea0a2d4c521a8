"""Prints the whole engine's speed (extract → index → every rule → suppressions) in MB/s.

One core, per document kind, over the corpus (default ``../shared/corpus``); CPU time, best
of three runs. Loading the glossary (and the misspelling rule's word list) is timed
separately and excluded from the MB/s, as the language server and ``mlgloss check`` pay it
once per process. Run: ``PYTHONPATH=server python benchmarks/engine_speed.py [corpus-dir]``;
``--profile KIND`` prints a cProfile of one pass over that kind instead (its first 30 rows, or
``MLGLOSS_PROFILE_ROWS``), and ``--stages KIND``
the CPU time of each stage over that kind (extraction, the term index, each rule, the rest of
``run_rules``), best of three.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

from mlgloss.analysis.config.model import ProjectConfig
from mlgloss.analysis.document import DocumentKind, kind_for_path
from mlgloss.analysis.engine import analyze, run_rules
from mlgloss.analysis.extract import extract
from mlgloss.analysis.rules.base import RuleContext
from mlgloss.analysis.rules.misspelling import english_words
from mlgloss.analysis.rules.registry import RULES
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


def _stages(kind: DocumentKind, texts: list[str], glossary: Glossary) -> None:
    best: dict[str, float] = {}

    def timed(stage: str, start: float) -> None:
        best[stage] = min(best.get(stage, float("inf")), time.process_time() - start)

    config = ProjectConfig()
    for _ in range(3):
        start = time.process_time()
        extractions = [extract(text, kind) for text in texts]
        timed("extract", start)
        start = time.process_time()
        found = [glossary.index.find_with_words(extraction.prose) for extraction in extractions]
        timed("index", start)
        contexts = [
            RuleContext(text, kind, extraction, occurrences, glossary, config, words=words)
            for text, extraction, (occurrences, words) in zip(
                texts, extractions, found, strict=True
            )
        ]
        for rule in RULES:
            start = time.process_time()
            for context in contexts:
                list(rule.check(context))
            timed(f"rule {rule.code}", start)
        start = time.process_time()
        for text, extraction, (occurrences, words) in zip(texts, extractions, found, strict=True):
            run_rules(text, kind, extraction, occurrences, glossary, config, words=words)
        timed("run_rules (all rules, suppressions, sorting)", start)
    for stage, seconds in best.items():
        print(f"{stage:<46} {seconds:7.3f} s")


def main(argv: list[str]) -> int:
    profile = stages = None
    if "--profile" in argv:
        i = argv.index("--profile")
        profile = DocumentKind(argv[i + 1])
        argv = argv[:i] + argv[i + 2 :]
    if "--stages" in argv:
        i = argv.index("--stages")
        stages = DocumentKind(argv[i + 1])
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

    if stages is not None:
        _stages(stages, by_kind[stages], glossary)
        return 0

    if profile is not None:
        profiler = cProfile.Profile()
        profiler.enable()
        _one_pass(profile, by_kind[profile], glossary)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(
            int(os.environ.get("MLGLOSS_PROFILE_ROWS", "30"))
        )
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
