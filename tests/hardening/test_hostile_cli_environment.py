"""The world under ``mlgloss check`` going away: a reader that stops, a full disk, a deleted
working directory. Through the installed executable; what is asserted is what the user
gets: one ``mlgloss: error:`` line on stderr, no traceback, and the right exit code (the
findings' own code when the reader only stopped early).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from fixtures_frontend import MLGLOSS, cli_env, make_project

TIMEOUT = 60


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "project")
    # Enough findings that the report is larger than a pipe's buffer (64 KiB).
    (root / "notes.md").write_text("".join(f"We tuned Pytorch {i}.\n" for i in range(3000)))
    return root


def _one_error_line(stderr: str) -> None:
    assert "Traceback" not in stderr, stderr
    assert "Exception ignored" not in stderr, stderr
    errors = [line for line in stderr.splitlines() if line.startswith("mlgloss: error:")]
    assert len(errors) == 1, stderr


@pytest.mark.parametrize("format_", ["text", "json", "sarif", "github"])
def test_a_reader_that_stops_early_keeps_the_findings_exit_code(
    project: Path, format_: str
) -> None:
    check = subprocess.Popen(
        [MLGLOSS, "check", "--no-progress", "--format", format_, "."],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=cli_env(),
    )
    assert check.stdout is not None and check.stderr is not None
    first = check.stdout.readline()  # what `| head -1` reads, then it goes away
    check.stdout.close()
    stderr = check.stderr.read().decode()
    assert check.wait(timeout=TIMEOUT) == 1, stderr
    assert first
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    assert "error" not in stderr, stderr


def test_a_reader_that_stops_early_in_a_shell_pipe(project: Path) -> None:
    done = subprocess.run(
        ["bash", "-c", f'"{MLGLOSS}" check --no-progress . | head -1; exit "${{PIPESTATUS[0]}}"'],
        cwd=project,
        capture_output=True,
        env=cli_env(),
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout.decode().startswith("notes.md:1:10: warning[variant]")
    assert b"Traceback" not in done.stderr and b"Exception ignored" not in done.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--no-progress", "."],
        ["check", "--no-progress", "--format", "json", "."],
        ["check", "--no-progress", "--stdin"],
        ["define", "lora"],
        ["search", "low rank"],
    ],
)
def test_stdout_on_a_full_disk_is_one_error_line_and_exit_2(project: Path, argv: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [MLGLOSS, *argv],
            cwd=project,
            stdout=full,
            stderr=subprocess.PIPE,
            input=None if "--stdin" not in argv else b"We tuned Pytorch.\n",
            env=cli_env(),
            timeout=TIMEOUT,
            check=False,
        )
    stderr = done.stderr.decode()
    assert done.returncode == 2, stderr
    _one_error_line(stderr)
    assert "No space left on device" in stderr or "standard output" in stderr


@pytest.mark.parametrize(
    "argv", [["check", "."], ["check", "/"], ["define", "lora"], ["search", "lora"]]
)
def test_a_deleted_working_directory_is_one_error_line_and_exit_2(
    tmp_path: Path, argv: list[str]
) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    script = f'cd "{gone}" && rmdir "{gone}" && exec "{MLGLOSS}" "$@"'
    done = subprocess.run(
        ["bash", "-c", script, "mlgloss", *argv],
        capture_output=True,
        env=cli_env(),
        timeout=TIMEOUT,
        check=False,
    )
    stderr = done.stderr.decode()
    assert done.returncode == 2, stderr
    _one_error_line(stderr)
    assert "working directory" in stderr
