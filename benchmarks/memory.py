"""Prints the engine's memory per MB of document, and the cost of a large project glossary.

For Markdown documents of 1, 5 and 15 MB (real prose from the shared corpus, repeated), in
two widths, each in a fresh child process: ``ascii`` (every character outside ASCII written
as ``?``: CPython stores the text at one byte per character) and ``four-byte`` (the same
prose with an emoji as its first character: four bytes per character, the widest a str
gets; the corpus's own CJK and emoji would give two or four by where the cut falls). For
each: the peak traced allocation of one ``analyze_document`` call (tracemalloc, which
counts Python objects only; the built-in glossary already loaded and every rule warmed up
on the document's first 100 KB), the growth of peak RSS over the loaded process
(``VmHWM``), and the larger of the two per MB of document (the goal: at most 5 MiB per
MB). ``--stages`` also prints the traced peak of each stage (extraction, the term index,
the rules) for the 15 MB documents. A third row at 1 MB is a hostile shape, a document of
blank lines, outside the goal's measure (see ``BLANK_LINES``).

Then a generated project glossary of 50,000 entries: its load time and the growth of peak
RSS while loading it, with the caches off, at its first use and at a later use (read
compiled, :mod:`mlgloss.glossary.compiled`); and how a 1,000,000-entry (about 20 MB) one is
refused.

Run: ``PYTHONPATH=server python benchmarks/memory.py [corpus-dir] [--stages]``.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# /work/shared/corpus beside /work/main; from a worktree under /work/wt, its own parent's.
_HERE = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = next(
    (p / "shared" / "corpus" for p in _HERE.parents if (p / "shared" / "corpus").is_dir()),
    _HERE.parent / "shared" / "corpus",
)
SIZES_MB = (1, 5, 15)
MB = 1_000_000
MIB = 1024 * 1024


WIDTHS = ("ascii", "four-byte")
BLANK_LINES = "blank-lines"
"""A hostile shape, measured at 1 MB only: every character a line break (the Markdown block
scanner keeps offsets per line, so its cost goes with the lines, not the characters)."""


def _document(corpus: Path, size: int, width: str) -> str:
    """``size`` characters of corpus prose, stored at one byte or four per character."""
    if width == BLANK_LINES:
        return "\n" * size
    text = _prose(corpus, size)
    if width == "ascii":
        return text.encode("ascii", "replace").decode("ascii")
    return "\N{GRINNING FACE} " + text[2:]


def _prose(corpus: Path, size: int) -> str:
    lines: list[str] = []
    total = 0
    for path in sorted(corpus.rglob("*.md")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            lines.append(line)
            total += len(line) + 1
    if not lines:  # else the "document" would be blank lines: a different measurement
        raise SystemExit(f"no Markdown under {corpus}: give the corpus directory")
    text = "\n".join(lines) + "\n"
    return (text * (size // max(len(text), 1) + 1))[:size]


def _status(field: str) -> int:
    """A ``/proc/self/status`` figure in bytes (``VmRSS``, ``VmHWM``)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0


def _reset_peak_rss() -> int:
    """Reset the peak RSS to the current RSS (Linux ``clear_refs`` 5) and return it.

    ``ru_maxrss`` will not do: Linux carries it over ``execve`` from the forked parent."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
    return _status("VmRSS")


def _rss_growth(base: int) -> int:
    return max(_status("VmHWM") - base, 0)


def _child_document(path: str, stages: bool) -> None:
    """In the child: load, warm up, then measure one analysis of the document."""
    import tracemalloc

    from mlgloss.analysis.document import DocumentKind
    from mlgloss.analysis.engine import analyze_document
    from mlgloss.glossary.layers import load_glossary

    text = Path(path).read_text(encoding="utf-8")
    glossary = load_glossary([], builtin=True)
    # Warm up on the document's first 100 KB: every rule builds what it builds once.
    analyze_document(text[:100_000], DocumentKind.MARKDOWN, glossary=glossary)
    result: dict[str, float] = {}
    # First untraced (tracemalloc's own bookkeeping would count in the RSS), then traced.
    base_rss = _reset_peak_rss()
    start = time.perf_counter()
    analysis = analyze_document(text, DocumentKind.MARKDOWN, glossary=glossary)
    result["seconds"] = time.perf_counter() - start
    result["rss_growth"] = _rss_growth(base_rss)
    result["findings"] = len(analysis.findings)
    del analysis
    tracemalloc.start()
    analyze_document(text, DocumentKind.MARKDOWN, glossary=glossary)
    result["traced_peak"] = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    if stages:
        result.update(_stage_peaks(text, glossary))
    print(json.dumps(result))


def _stage_peaks(text: str, glossary: object) -> dict[str, float]:
    import tracemalloc

    from mlgloss.analysis.config.model import ProjectConfig
    from mlgloss.analysis.document import DocumentKind
    from mlgloss.analysis.engine import run_rules
    from mlgloss.analysis.extract import extract

    peaks: dict[str, float] = {}
    tracemalloc.start()
    extraction = extract(text, DocumentKind.MARKDOWN)
    peaks["stage extract"] = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    occurrences, words = glossary.index.find_with_words(extraction.prose)  # type: ignore[attr-defined]
    peaks["stage index"] = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    run_rules(
        text,
        DocumentKind.MARKDOWN,
        extraction,
        occurrences,
        glossary,  # type: ignore[arg-type]
        ProjectConfig(),
        None,
        words,
    )
    peaks["stage rules"] = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    return peaks


def _child_glossary(path: str) -> None:
    from mlgloss.errors import GlossaryError
    from mlgloss.glossary.layers import load_glossary

    base_rss = _reset_peak_rss()
    start, cpu = time.perf_counter(), time.process_time()
    result: dict[str, object] = {}
    try:
        glossary = load_glossary([Path(path)], builtin=False)
        result["entries"] = len(glossary)
    except GlossaryError as exc:
        result["error"] = str(exc)
    result["seconds"] = time.perf_counter() - start
    result["cpu"] = time.process_time() - cpu
    result["rss_growth"] = _rss_growth(base_rss)  # untraced: tracemalloc would add its own
    print(json.dumps(result))


def _run_child(*args: str, cache: Path | None = None) -> dict[str, object]:
    """A child run; with ``cache``, the caches on in that directory (else off)."""
    env = {**os.environ, "MLGLOSS_NO_CACHE": "1"}
    if cache is not None:
        env.update({"MLGLOSS_NO_CACHE": "", "XDG_CACHE_HOME": str(cache)})
    done = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, env=env, check=True
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _glossary_text(entries: int) -> str:
    lines = ["version: 1", "entries:"]
    for i in range(entries):
        lines.append(f"  - {{term: Term{i}, definition: d}}" if i < 50_000 else f"  - term: T{i}")
    return "\n".join(lines) + "\n"


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    stages = "--stages" in sys.argv
    corpus = Path(args[0]) if args else DEFAULT_CORPUS
    with tempfile.TemporaryDirectory() as tmp:
        print("Engine memory per MB of Markdown (one analyze_document call, fresh process)")
        print(
            f"{'size':>6} {'width':>11} {'time':>7} {'traced peak':>12} {'RSS growth':>11} "
            f"{'MiB/MB':>7}"
        )
        for size in SIZES_MB:
            for width in WIDTHS + ((BLANK_LINES,) if size == SIZES_MB[0] else ()):
                path = Path(tmp) / f"doc-{size}-{width}.md"
                path.write_text(_document(corpus, size * MB, width), encoding="utf-8")
                wants_stages = stages and size == SIZES_MB[-1]
                r = _run_child(
                    "--child-document", str(path), *(["--stages"] if wants_stages else [])
                )
                path.unlink()
                traced = float(r["traced_peak"])  # type: ignore[arg-type]
                rss = float(r["rss_growth"])  # type: ignore[arg-type]
                per_mb = max(traced, rss) / MIB / size
                print(
                    f"{size:>4}MB {width:>11} {float(r['seconds']):>6.2f}s "  # type: ignore[arg-type]
                    f"{traced / MIB:>10.1f}Mi {rss / MIB:>9.1f}Mi {per_mb:>7.2f}"
                )
                for key, value in r.items():
                    if key.startswith("stage"):
                        print(f"       {key}: {float(value) / MIB:.1f} MiB traced peak")  # type: ignore[arg-type]
        print()
        print("Project glossary load (fresh process, no built-in glossary)")
        for entries in (50_000, 1_000_000):
            path = Path(tmp) / f"glossary-{entries}.yaml"
            path.write_text(_glossary_text(entries), encoding="utf-8")
            size_mb = path.stat().st_size / MB
            cache = Path(tmp) / f"cache-{entries}"
            # No cache; then the first use (parsed, compiled) and a later one (compiled).
            for label, where in (("no cache", None), ("first use", cache), ("later use", cache)):
                if entries > 50_000 and where is not None:
                    continue  # refused either way
                r = _run_child("--child-glossary", str(path), cache=where)
                outcome = f"{r['entries']} entries" if "entries" in r else f"refused: {r['error']}"
                rss = float(r["rss_growth"]) / MIB  # type: ignore[arg-type]
                print(
                    f"{entries:>9} entries ({size_mb:.1f} MB), {label}: "
                    f"{float(r['seconds']):.2f}s ({float(r['cpu']):.2f}s CPU), "  # type: ignore[arg-type]
                    f"peak RSS growth {rss:.0f} MiB; {outcome}"
                )


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child-document":
        _child_document(sys.argv[2], "--stages" in sys.argv)
    elif len(sys.argv) > 2 and sys.argv[1] == "--child-glossary":
        _child_glossary(sys.argv[2])
    else:
        main()
