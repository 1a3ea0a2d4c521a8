"""The supported files under the workspace folders, for ``workspace/diagnostic`` and
``textDocument/references`` (the CLI's walker is not available to the server yet).

Hidden directories and the usual vendored or generated ones are skipped; the walk stops
after :data:`MAX_FILES` files so a huge folder cannot stall a request.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from mlgloss.analysis.document import kind_for_path

MAX_FILES = 5000
SKIP_DIRS = frozenset({"node_modules", "__pycache__", "site-packages", "dist", "build", "venv"})


def workspace_files(folders: Iterable[Path]) -> Iterator[Path]:
    seen = 0
    for folder in folders:
        for directory, subdirs, files in os.walk(folder):
            subdirs[:] = sorted(d for d in subdirs if not d.startswith(".") and d not in SKIP_DIRS)
            for name in sorted(files):
                if kind_for_path(name) is None:
                    continue
                yield Path(directory) / name
                seen += 1
                if seen >= MAX_FILES:
                    return
