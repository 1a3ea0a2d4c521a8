"""``--changed-since REF``: the files git says changed since REF, plus untracked files.

REF is first resolved to a commit with ``git rev-parse --verify --end-of-options REF^{commit}``
and only that commit's hash is handed to ``git diff``, after ``--end-of-options``: a REF
that looks like an option (``--output=FILE``) is never read by git as one. An unknown REF,
no git or no repository is an :class:`MlglossError` naming it (exit 2), never an empty run.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from mlgloss.errors import MlglossError


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise MlglossError("--changed-since needs git, which is not installed") from None


def _output(args: list[str], cwd: Path) -> str:
    done = _git(args, cwd)
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()
        raise MlglossError(
            f"--changed-since: git {args[0]} failed: {detail[-1] if detail else done.returncode}"
        )
    return done.stdout


def resolve_commit(ref: str, cwd: Path) -> str:
    """The full hash of the commit ``ref`` names; an error naming ``ref`` if there is none."""
    done = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], cwd)
    commit = done.stdout.strip()
    if done.returncode != 0 or not commit:
        raise MlglossError(f"--changed-since {ref!r}: not a commit in this repository")
    return commit


def changed_files(ref: str, cwd: Path) -> list[Path]:
    """Absolute paths of existing files changed since ``ref`` or untracked."""
    top = _output(["rev-parse", "--show-toplevel"], cwd).strip()
    if not top:
        raise MlglossError("--changed-since: not inside a git work tree")
    root = Path(top)
    commit = resolve_commit(ref, cwd)
    diff = _output(["diff", "--name-only", "-z", "--end-of-options", commit, "--"], cwd)
    untracked = _output(["ls-files", "--others", "--exclude-standard", "--full-name", "-z"], cwd)
    names = {n for n in (*diff.split("\0"), *untracked.split("\0")) if n}
    return sorted(p for p in (root / n for n in names) if p.is_file())
