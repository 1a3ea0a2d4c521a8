"""Fixtures for the CLI tests: the installed ``mlgloss`` executable and fixture trees.

These tests run the real command as a subprocess, as CI and pre-commit do, so the package
must be installed into the interpreter running pytest (``pip install -e .[test]``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


@pytest.fixture(scope="session")
def mlgloss_exe() -> Path:
    exe = Path(sys.executable).parent / ("mlgloss.exe" if os.name == "nt" else "mlgloss")
    if not exe.is_file():
        pytest.fail(
            f"the mlgloss executable is not installed next to {sys.executable}; "
            "install the package first: pip install -e '.[test]'",
            pytrace=False,
        )
    return exe


RunMlgloss = Callable[..., Run]


@pytest.fixture
def mlgloss(mlgloss_exe: Path, tmp_path: Path) -> RunMlgloss:
    """``mlgloss(*args, cwd=tmp_path, stdin=None)`` → :class:`Run` (never raises on exit codes)."""

    def run(
        *args: str,
        cwd: Path | None = None,
        stdin: bytes | None = None,
        env: Mapping[str, str] | None = None,
    ) -> Run:
        environment = {**os.environ, "NO_COLOR": "1", **(env or {})}
        environment.pop("FORCE_COLOR", None)
        done = subprocess.run(
            [str(mlgloss_exe), *args],
            cwd=cwd or tmp_path,
            input=stdin,
            capture_output=True,
            env=environment,
            timeout=120,
            check=False,
        )
        return Run(done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8"))

    return run


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> None:
    """Create files under ``root``: text is dedented and written as UTF-8 bytes, unchanged."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(textwrap.dedent(content).encode("utf-8"))


def assert_no_traceback(run: Run) -> None:
    assert "Traceback" not in run.err, run.err
    assert "Traceback" not in run.out, run.out
