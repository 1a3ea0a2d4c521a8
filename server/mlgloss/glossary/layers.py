"""Builds the glossary a document is checked with: the built-in one plus project files.

Project files form one layer over the built-in glossary (which a project may switch off).
Results are cached by the files' paths and modification times, so a language server that
checks many documents of one project loads each glossary once, and an edited glossary file
is picked up on the next call.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path

from mlgloss.glossary.builtin import load_builtin_file, load_builtin_glossary
from mlgloss.glossary.files import load_glossary_file
from mlgloss.glossary.lookup import Glossary
from mlgloss.glossary.selftest import run_self_tests

_cache: dict[tuple[bool, tuple[tuple[str, int, int], ...]], Glossary] = {}
_lock = threading.Lock()


def _stamp(path: Path) -> tuple[str, int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (str(path), -1, -1)
    return (str(path), stat.st_mtime_ns, stat.st_size)


def load_glossary(
    project_files: Sequence[str | os.PathLike[str]] = (), *, builtin: bool = True
) -> Glossary:
    """The built-in glossary (unless switched off) with ``project_files`` layered on top.

    Raises :class:`~mlgloss.errors.GlossaryError` naming the file and line of the first
    problem, including a failing self-test of a project entry.
    """
    paths = [Path(p) for p in project_files]
    key = (builtin, tuple(_stamp(p) for p in paths))
    with _lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    layers = []
    project_layer = [load_glossary_file(p) for p in paths]
    if builtin and not project_layer:
        glossary = load_builtin_glossary()
    else:
        if builtin:
            layers.append([load_builtin_file()])
        if project_layer:
            layers.append(project_layer)
        glossary = Glossary.from_layers(layers)
    if project_layer:
        project_ids = {e.id for f in project_layer for e in f.entries}
        run_self_tests(glossary, [glossary.entries[i] for i in project_ids])
    with _lock:
        if len(_cache) > 32:
            _cache.clear()
        _cache[key] = glossary
    return glossary


def clear_cache() -> None:
    """Forget the glossaries built so far (for benchmarks and tests)."""
    with _lock:
        _cache.clear()
