"""Prints the extractors' speed in MB/s per document kind over /work/shared/corpus.

The corpus has Markdown, YAML and JSON only; Python is measured on the standard
library's own sources and notebooks on notebooks built from the corpus' Markdown.
Run: ``PYTHONPATH=server python benchmarks/extract_speed.py [corpus-dir]``. CPU time, best
of three runs, so a busy machine disturbs the figures less.
"""

from __future__ import annotations

import json
import sys
import sysconfig
import time
from pathlib import Path

from mlgloss.analysis.document import DocumentKind, kind_for_path
from mlgloss.analysis.extract import extract


def _files(root: Path) -> dict[DocumentKind, list[str]]:
    by_kind: dict[DocumentKind, list[str]] = {}
    for path in sorted(root.rglob("*")):
        kind = kind_for_path(path) if path.is_file() else None
        if kind is not None:
            by_kind.setdefault(kind, []).append(path.read_text(encoding="utf-8", errors="replace"))
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    by_kind[DocumentKind.PYTHON] = [
        p.read_text(errors="replace") for p in sorted(stdlib.glob("*.py"))
    ]
    markdown = by_kind.get(DocumentKind.MARKDOWN, [])
    by_kind[DocumentKind.NOTEBOOK] = [
        json.dumps(
            {
                "cells": [
                    {
                        "cell_type": "markdown",
                        "metadata": {},
                        "source": md.splitlines(keepends=True),
                    }
                ],
                "nbformat": 4,
            },
            indent=1,
        )
        for md in markdown[:200]
    ]
    return by_kind


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else Path("/work/shared/corpus")
    for kind, texts in _files(root).items():
        size = sum(len(t.encode("utf-8")) for t in texts)
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            for text in texts:
                extract(text, kind)
            best = min(best, time.process_time() - start)
        print(
            f"{kind.value:10} {len(texts):5} files {size / 1e6:7.2f} MB "
            f"{size / 1e6 / best:7.2f} MB/s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
