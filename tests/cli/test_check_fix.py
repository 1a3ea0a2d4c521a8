"""``--fix`` and ``--diff``: safe fixes written byte for byte, or only shown."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from tests.cli.conftest import RunMlgloss, write_tree

CASES = {
    "lf": (b"We use Pytorch.\nAnd Pytorch again.\n", b"We use PyTorch.\nAnd PyTorch again.\n"),
    "crlf": (
        b"We use Pytorch.\r\nAnd Pytorch again.\r\n",
        b"We use PyTorch.\r\nAnd PyTorch again.\r\n",
    ),
    "mixed": (
        b"We use Pytorch.\r\nAnd Pytorch\nagain.\r",
        b"We use PyTorch.\r\nAnd PyTorch\nagain.\r",
    ),
    "bom": (b"\xef\xbb\xbfWe use Pytorch.\r\n", b"\xef\xbb\xbfWe use PyTorch.\r\n"),
    "emoji": ("🤗 café — naïve Pytorch ✓\n".encode(), "🤗 café — naïve PyTorch ✓\n".encode()),
    "no-final-newline": (b"Pytorch", b"PyTorch"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_fix_keeps_bytes(mlgloss: RunMlgloss, tmp_path: Path, case: str) -> None:
    before, after = CASES[case]
    write_tree(tmp_path, {"a.md": before})
    run = mlgloss("check", "--fix", "--select", "variant")
    assert (tmp_path / "a.md").read_bytes() == after
    assert run.code == 0, run.out + run.err
    assert "Fixed " in run.out


def test_fix_keeps_mode_and_leaves_no_temp_file(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.md": "Pytorch\n"})
    os.chmod(tmp_path / "a.md", 0o640)
    mlgloss("check", "--fix", "--select", "variant")
    assert stat.S_IMODE((tmp_path / "a.md").stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


def test_fix_reports_what_remains(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    # "Pytorch" has a safe fix; a broken notebook cannot be fixed and stays an error.
    write_tree(tmp_path, {"a.md": "Pytorch\n", "b.ipynb": "{"})
    run = mlgloss("check", "--fix", "--select", "variant", "--format", "json")
    assert (tmp_path / "a.md").read_text() == "PyTorch\n"
    assert '"findings": []' in run.out
    assert '"fixed": 1' in run.out
    assert run.code == 1  # the notebook


def test_diff_writes_nothing(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    original = b"Title\r\n\r\nWe use Pytorch.\r\n"
    write_tree(tmp_path, {"a.md": original})
    run = mlgloss("check", "--diff", "--select", "variant")
    assert (tmp_path / "a.md").read_bytes() == original
    assert run.code == 1
    assert "--- a/a.md\n+++ b/a.md\n" in run.out
    assert "-We use Pytorch.\r\n+We use PyTorch.\r\n" in run.out


def test_non_utf8_file_is_skipped_with_a_notice(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    latin1 = "Pytorch café\n".encode("latin-1")
    write_tree(tmp_path, {"a.md": latin1})
    run = mlgloss("check", "--fix")
    assert (tmp_path / "a.md").read_bytes() == latin1
    assert run.code == 0
    assert "skipped a.md: not UTF-8 (byte 0xe9 at line 1, byte 12)" in run.err


def test_stdin_fix_prints_the_fixed_text(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    run = mlgloss(
        "check",
        "--stdin",
        "--stdin-filename",
        "x.md",
        "--fix",
        "--select",
        "variant",
        stdin=b"Pytorch\r\n",
    )
    assert run.out == "PyTorch\r\n"
    assert not (tmp_path / "x.md").exists()
