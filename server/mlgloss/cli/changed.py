"""``--changed-since REF``: the files git says changed since REF, plus untracked files.

Runs ``git diff --name-only REF`` and ``git ls-files --others --exclude-standard`` in the
working directory's repository; any failure (no git, not a repository, unknown REF) is an
:class:`MlglossError` with git's own message.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from mlgloss.errors import MlglossError


def _git(args: list[str], cwd: Path) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise MlglossError("--changed-since needs git, which is not installed") from None
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()
        raise MlglossError(
            f"--changed-since: git {args[0]} failed: {detail[-1] if detail else done.returncode}"
        )
    return done.stdout


def changed_files(ref: str, cwd: Path) -> list[Path]:
    """Absolute paths of existing files changed since ``ref`` or untracked."""
    top = _git(["rev-parse", "--show-toplevel"], cwd).strip()
    if not top:
        raise MlglossError("--changed-since: not inside a git work tree")
    root = Path(top)
    diff = _git(["diff", "--name-only", "-z", ref, "--"], cwd)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "--full-name", "-z"], cwd)
    names = {n for n in (*diff.split("\0"), *untracked.split("\0")) if n}
    return sorted(p for p in (root / n for n in names) if p.is_file())
