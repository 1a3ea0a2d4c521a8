"""Config paths: lexical normalisation (links kept) and whether a path leaves a root."""

from __future__ import annotations

import os
from pathlib import Path

StrPath = str | os.PathLike[str]


def is_within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def leaves_through(path: str, root: str) -> bool:
    """Whether ``path`` (absolute) passes through ``root`` (a real path) as its links are
    followed, yet ends outside it: some leading part of it resolves inside ``root``."""
    real = os.path.realpath(path)
    if is_within(real, root):
        return False
    prefix = path
    while True:
        parent = os.path.dirname(prefix)
        if parent == prefix:
            return False
        prefix = parent
        if is_within(os.path.realpath(prefix), root):
            return True


def absolute_path(path: StrPath, base: Path | None = None) -> Path:
    p = Path(os.path.expanduser(os.fspath(path)))
    if not p.is_absolute() and base is not None:
        p = base / p
    # Lexical normalisation: symlinks are kept so that a link's own location decides.
    return Path(os.path.abspath(p))
