"""File discovery: .gitignore, configuration filters, skipped directories and files, stdin."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import RunMlgloss, write_tree


def _paths(run_out: str) -> list[str]:
    return [f["path"] for f in json.loads(run_out)["files"]]


def test_gitignore_nested_and_negated(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            ".gitignore": "build/\n*.log.md\n",
            "a.md": "x\n",
            "x.log.md": "x\n",
            "build/b.md": "x\n",
            "docs/.gitignore": "drafts/\n!keep.log.md\n",
            "docs/keep.log.md": "x\n",
            "docs/drafts/c.md": "x\n",
            "docs/d.md": "x\n",
        },
    )
    (tmp_path / ".git").mkdir()
    run = mlgloss("check", "--format", "json", "-v")
    assert _paths(run.out) == ["a.md", "docs/d.md", "docs/keep.log.md"]
    # A subdirectory checked on its own still honours the .gitignore files above it.
    sub = mlgloss("check", "--format", "json", "docs")
    assert _paths(sub.out) == ["docs/d.md", "docs/keep.log.md"]


def test_a_directory_named_inside_an_ignored_or_excluded_one_stays_out(
    mlgloss: RunMlgloss, tmp_path: Path
) -> None:
    write_tree(
        tmp_path,
        {
            ".gitignore": "build/\n",
            ".mlgloss.toml": 'exclude = ["vendor/"]\n',
            "build/out/a.md": "x\n",
            "vendor/lib/b.md": "x\n",
            "docs/c.md": "x\n",
        },
    )
    (tmp_path / ".git").mkdir()
    assert _paths(mlgloss("check", "--format", "json", "build/out").out) == []
    assert _paths(mlgloss("check", "--format", "json", "vendor/lib").out) == []
    assert _paths(mlgloss("check", "--format", "json", "docs").out) == ["docs/c.md"]


def test_skipped_directories_and_files_have_notices(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "a.md": "x\n",
            "env/pyvenv.cfg": "home = /usr\n",
            "env/lib/x.md": "Pytorch\n",
            ".venv/x.md": "Pytorch\n",
            "node_modules/pkg/README.md": "Pytorch\n",
            "img.md": b"\x89PNG\r\n\x1a\n\x00\x00",
            ".git/HEAD.md": "Pytorch\n",
        },
    )
    run = mlgloss("check")
    assert run.code == 0
    for line in (
        "skipped env/: virtualenv",
        "skipped .venv/: virtualenv",
        "skipped node_modules/: node_modules",
        "skipped img.md: binary file",
    ):
        assert line in run.err
    assert ".git" not in run.err  # expected: counted in the summary, listed with -v
    verbose = mlgloss("check", "-v")
    assert "  skipped .git/: version-control directory" in verbose.out
    assert "1 file checked" in verbose.out
    assert mlgloss("check", "-q").err == ""


def test_config_include_exclude_and_size(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            ".mlgloss.toml": 'exclude = ["vendor/", "*.txt"]\nmax_file_size = 100\n',
            "a.md": "x\n",
            "b.txt": "Pytorch\n",
            "vendor/c.md": "Pytorch\n",
            "big.md": "word " * 40,
        },
    )
    run = mlgloss("check", "--format", "json")
    assert _paths(run.out) == [".mlgloss.toml", "a.md"]
    assert "skipped big.md: larger than max_file_size (200 > 100 bytes)" in run.err
    # Named explicitly, an excluded file is still left out (pre-commit passes every file).
    assert _paths(mlgloss("check", "--format", "json", "b.txt").out) == []


def test_unsupported_file_named_explicitly(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.png": "x", "b.cfg": "Pytorch"})
    run = mlgloss("check", "a.png", "b.cfg")
    assert run.code == 0
    assert "skipped a.png: unsupported file type" in run.err


def test_nearest_config_applies_per_file(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "a.md": "Pytorch\n",
            "quiet/.mlgloss.toml": '[rules]\nvariant = "off"\n',
            "quiet/b.md": "Pytorch\n",
        },
    )
    data = json.loads(mlgloss("check", "--format", "json").out)
    assert {f["path"] for f in data["findings"] if f["rule"] == "variant"} == {"a.md"}


def test_stdin_uses_the_filename_for_kind_and_config(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(tmp_path, {"quiet/.mlgloss.toml": '[rules]\nvariant = "off"\n'})
    run = mlgloss(
        "check",
        "--stdin",
        "--stdin-filename",
        "docs/a.md",
        "--select",
        "variant",
        stdin=b"We use Pytorch.\n",
    )
    assert run.code == 1
    assert run.out.startswith("docs/a.md:1:8: warning[variant]")
    quiet = mlgloss("check", "--stdin", "--stdin-filename", "quiet/a.md", stdin=b"Pytorch\n")
    assert "warning[variant]" not in quiet.out
    # In a Python file only docstrings and comments are prose.
    code = mlgloss(
        "check",
        "--stdin",
        "--stdin-filename",
        "m.py",
        "--select",
        "variant",
        stdin=b'import Pytorch\n"""Uses Pytorch."""\n',
    )
    assert code.out.startswith("m.py:2:9: warning[variant]")
    assert "m.py:1:" not in code.out


def test_stdin_needs_no_paths(mlgloss: RunMlgloss) -> None:
    assert mlgloss("check", "--stdin", "a.md", stdin=b"").code == 2
    assert mlgloss("check", "--stdin-filename", "a.md").code == 2
