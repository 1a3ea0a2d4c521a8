"""Filling a repository's counts from disk: what the server reads once per repository.

The files are those ``mlgloss check`` would check in that directory (the core walker:
``.gitignore``, ``include``/``exclude``, ``max_file_size``), each read, counted
(:func:`mlgloss.analysis.engine.count_spellings`) and dropped. After the scan the index is
kept up to date one file at a time, from the editor's buffers and saves; nothing here runs
again unless the configuration changes.
"""

from __future__ import annotations

import os
from collections.abc import Container, Iterator
from pathlib import Path

from mlgloss.analysis.session import Session
from mlgloss.analysis.term_counts import FileCounts, TermCounts
from mlgloss.errors import MlglossError
from mlgloss.files.reading import NotText, Unreadable, read_text
from mlgloss.files.walk import Candidate, Walker

MAX_FILES = 5000
"""Files counted per repository at most: a huge checkout cannot hold the server for ever."""


def count_file(session: Session, path: Path) -> FileCounts | None:
    """One file's counts as on disk, or None when it cannot be read or checked."""
    from mlgloss.analysis.document import kind_for_path
    from mlgloss.analysis.engine import count_spellings

    kind = kind_for_path(str(path))
    if kind is None:
        return None
    try:
        config = session.config_for(path)
        _, decoded = read_text(path, config.max_file_size)
        return count_spellings(
            decoded.text, kind, glossary=session.glossary_for(config), config=config, path=str(path)
        )
    except (Unreadable, NotText, MlglossError, OSError):
        return None


def scan_repository(
    session: Session, root: Path, counts: TermCounts, skip: Container[str] = ()
) -> int:
    """Count every checked file under ``root`` into ``counts`` (but the paths in ``skip``:
    the open documents, counted from their buffers); returns how many files were read."""
    return max(scan_in_slices(session, root, counts, skip), default=0)


def scan_in_slices(
    session: Session,
    root: Path,
    counts: TermCounts,
    skip: Container[str] = (),
    files_per_slice: int = 50,
) -> Iterator[int]:
    """:func:`scan_repository` a slice at a time: each step counts up to
    ``files_per_slice`` files and yields how many have been read so far, so that the
    server can answer documents between slices."""
    from mlgloss.analysis.engine import count_spellings

    walker = Walker(session.resolver.resolve_directory, cwd=root)
    read = 0
    in_slice = 0
    for item in walker.walk_directory(os.path.abspath(root), opened=True):
        if not isinstance(item, Candidate) or str(item.path) in skip:
            continue
        if read >= MAX_FILES:
            break
        try:
            config = session.config_for(item.path)
            _, decoded = read_text(item.path, item.config.max_file_size)
            found = count_spellings(
                decoded.text,
                item.kind,
                glossary=session.glossary_for(config),
                config=config,
                path=str(item.path),
            )
        except (Unreadable, NotText, MlglossError, OSError):
            continue
        read += 1
        counts.set_file(str(item.path), found)
        in_slice += 1
        if in_slice >= files_per_slice:
            in_slice = 0
            yield read
    yield read
