"""Where mlgloss keeps its caches, and which cache files it may trust (standard library only).

The caches (parsed glossaries, :mod:`mlgloss.glossary.builtin_cache`; the language server's
``initialize`` answers, :mod:`mlgloss.lsp.early_initialize`) are files in the user's cache
directory: ``$XDG_CACHE_HOME/mlgloss``, else ``~/.cache/mlgloss`` (the platform's cache
folder on Windows and macOS). ``MLGLOSS_NO_CACHE=1`` switches every cache off.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DISABLE_ENV = "MLGLOSS_NO_CACHE"


def cache_dir() -> Path | None:
    """Where the caches live, or None when they are switched off."""
    if os.environ.get(DISABLE_ENV):
        return None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        if sys.platform == "win32":
            base = os.environ.get("LOCALAPPDATA", "")
        elif sys.platform == "darwin":
            base = os.path.expanduser("~/Library/Caches")
        else:
            base = os.path.expanduser("~/.cache")
    return Path(base, "mlgloss") if os.path.isabs(base) else None


def trusted(fd: int) -> bool:
    """The user's own file, which nobody else may write (POSIX); elsewhere, any file."""
    if os.name != "posix":
        return True
    st = os.fstat(fd)
    return st.st_uid == os.getuid() and not st.st_mode & 0o022
