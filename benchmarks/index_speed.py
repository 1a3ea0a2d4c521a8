"""Prints the term index's throughput and the built-in glossary's load time.

Usage: python benchmarks/index_speed.py [CORPUS_DIR]   (default: ../shared/corpus)

Runs the index over every Markdown, YAML and JSON file of the corpus as raw text (no
extraction: this measures the index alone), once with the built-in glossary and once with
a synthetic glossary of 50,000 entries, and reports MB/s (best of three passes) and the
occurrences found. A linear, size-independent index shows about the same MB/s for both.
Start-up: the built-in glossary parsed-or-cached and assembled (``from_layers``) and
indexed, wall time; and as ``mlgloss check`` and the server start (``layers.load_glossary``:
the assembled glossary from the start-up cache), CPU time.
"""

from __future__ import annotations

import random
import statistics
import string
import sys
import time
from pathlib import Path

from mlgloss.glossary import layers
from mlgloss.glossary.builtin import builtin_path, load_builtin_file, load_builtin_glossary
from mlgloss.glossary.loader import GlossaryFile, parse_glossary
from mlgloss.glossary.lookup import Glossary

SUFFIXES = {".md", ".mdx", ".yaml", ".yml", ".json"}


def corpus_texts(root: Path) -> list[str]:
    files = sorted(p for p in root.rglob("*") if p.suffix in SUFFIXES and p.is_file())
    return [p.read_text(encoding="utf-8", errors="replace") for p in files]


def synthetic_glossary(count: int, seed: int = 7) -> Glossary:
    rng = random.Random(seed)
    lines = ["entries:"]
    letters = string.ascii_lowercase
    seen: set[str] = set()
    while len(seen) < count:
        words = [
            "".join(rng.choices(letters, k=rng.randint(4, 9))) for _ in range(rng.randint(1, 3))
        ]
        term = rng.choice([" ", "-"]).join(words)
        skeleton = term.replace("-", "").replace(" ", "")
        if skeleton in seen:
            continue
        seen.add(skeleton)
        lines.append(f"  - {{id: syn{len(seen)}, term: {term}, generate_forms: false}}")
    file: GlossaryFile = parse_glossary("\n".join(lines), "synthetic.yaml")
    builtin = load_builtin_file()
    return Glossary.from_layers([[builtin], [file]])


def throughput(glossary: Glossary, texts: list[str]) -> tuple[float, int]:
    index = glossary.index
    size = sum(len(t.encode("utf-8")) for t in texts)
    best = float("inf")
    found = 0
    for _ in range(3):
        start = time.perf_counter()
        found = sum(len(index.find(t)) for t in texts)
        best = min(best, time.perf_counter() - start)
    return size / best / 1e6, found


def main() -> int:
    root = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).resolve().parents[2] / "shared" / "corpus"
    )
    texts = corpus_texts(root)
    size = sum(len(t.encode("utf-8")) for t in texts)
    print(f"corpus: {len(texts)} files, {size / 1e6:.2f} MB ({root})")

    loads = []
    for _ in range(5):
        load_builtin_file.cache_clear()
        start = time.perf_counter()
        glossary = Glossary.from_layers([[load_builtin_file()]])
        _ = glossary.index
        loads.append(time.perf_counter() - start)
    print(
        f"built-in glossary: {len(glossary)} entries, {glossary.index.form_count} forms, "
        f"load + index median {statistics.median(loads) * 1000:.0f} ms ({builtin_path().name})"
    )
    # What `mlgloss check` and the server start from without project glossaries: the
    # assembled glossary and its index keys from the start-up cache, then the index (CPU).
    starts = []
    for _ in range(5):
        load_builtin_file.cache_clear()
        load_builtin_glossary.cache_clear()
        layers.clear_cache()
        start = time.process_time()
        started = layers.load_glossary()
        _ = started.index
        starts.append(time.process_time() - start)
    print(
        f"start-up (load_glossary + index, start-up cache): CPU median "
        f"{statistics.median(starts) * 1000:.1f} ms, min {min(starts) * 1000:.1f} ms"
    )
    mbps, found = throughput(glossary, texts)
    print(f"index, built-in glossary:       {mbps:6.2f} MB/s, {found} occurrences")

    start = time.perf_counter()
    big = synthetic_glossary(50_000)
    parsed = time.perf_counter() - start
    start = time.perf_counter()
    _ = big.index
    built = time.perf_counter() - start
    mbps_big, found_big = throughput(big, texts)
    print(
        f"index, 50,000 synthetic entries: {mbps_big:6.2f} MB/s, {found_big} occurrences "
        f"({len(big)} entries, {big.index.form_count} forms, parsed in {parsed:.1f} s, "
        f"index built in {built:.2f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
