"""Where a check run's words go, through the real executable: ``-o/--output-file``, ``-v``'s
configuration lines, nothing on stdout beside a configuration error, the warning for a path
with nothing to check; and ``search``'s message when nothing matches."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from tests.cli.conftest import RunMlgloss, assert_no_traceback, write_tree

FORMATS = ("text", "json", "sarif", "github")


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_file_gets_what_stdout_would(mlgloss: RunMlgloss, tmp_path: Path, fmt: str) -> None:
    write_tree(tmp_path, {"a.md": "Pytorch\n", "b.bin.md": b"\x00"})
    plain = mlgloss("check", "--format", fmt)
    to_file = mlgloss("check", "--format", fmt, "-o", "report.out")
    assert (to_file.code, plain.code) == (1, 1)
    assert to_file.out == ""
    assert (tmp_path / "report.out").read_text(encoding="utf-8") == plain.out
    # The notices stay on stderr, and it says where the report went.
    assert "mlgloss: skipped b.bin.md: binary file" in to_file.err
    assert to_file.err.rstrip().endswith("mlgloss: wrote the report to report.out")


def test_output_file_is_replaced_atomically_and_keeps_its_mode(
    mlgloss: RunMlgloss, tmp_path: Path
) -> None:
    write_tree(tmp_path, {"a.md": "Pytorch\n", "out/r.json": "old\n"})
    (tmp_path / "out" / "r.json").chmod(0o640)
    run = mlgloss("check", "--format", "json", "--output-file", "out/r.json", "a.md")
    assert run.code == 1, run.err
    assert json.loads((tmp_path / "out" / "r.json").read_text())["summary"]["findings"] == 1
    assert (tmp_path / "out" / "r.json").stat().st_mode & 0o777 == 0o640
    assert sorted(os.listdir(tmp_path / "out")) == ["r.json"]  # no temporary file left
    write_tree(tmp_path, {"fine/x.md": "All good.\n"})
    clean = mlgloss("check", "-q", "-o", "clean.txt", "fine")
    assert (clean.code, clean.err) == (0, "")
    assert (tmp_path / "clean.txt").read_text() == ""  # -q: no summary, and no finding


def test_output_file_that_cannot_be_written_is_one_line(
    mlgloss: RunMlgloss, tmp_path: Path
) -> None:
    write_tree(tmp_path, {"a.md": "Pytorch\n"})
    run = mlgloss("check", "-o", "missing/dir/r.txt")
    assert (run.code, run.out) == (2, "")
    assert run.err.startswith("mlgloss: error: --output-file missing/dir/r.txt: cannot write:")
    assert len(run.err.splitlines()) == 1
    assert_no_traceback(run)


def test_verbose_names_the_configurations_and_glossaries(
    mlgloss: RunMlgloss, tmp_path: Path
) -> None:
    write_tree(
        tmp_path,
        {
            ".git/HEAD": "ref: refs/heads/main\n",
            "pyproject.toml": '[tool.mlgloss]\nprefer = ["pretraining"]\n',
            "a.md": "Pytorch\n",
            "pkg/.mlgloss.toml": 'extend = true\nglossary = ["terms.yaml"]\n',
            "pkg/terms.yaml": "version: 1\nentries:\n  - term: Foo\n",
            "pkg/b.md": "x\n",
            "pkg/c.md": "x\n",
            "bare/.mlgloss.toml": "builtin_glossary = false\n",
            "bare/d.md": "x\n",
        },
    )
    run = mlgloss("check", "-v", "a.md", "pkg", "bare")
    lines = [line for line in run.err.splitlines() if "configuration:" in line]
    assert lines == [
        "mlgloss: configuration: pyproject.toml; glossaries: built-in (1 file)",
        "mlgloss: configuration: pkg/.mlgloss.toml, extending pyproject.toml; "
        "glossaries: built-in, pkg/terms.yaml (4 files)",
        "mlgloss: configuration: bare/.mlgloss.toml; glossaries: none (2 files)",
    ]
    given = mlgloss("check", "-v", "--config", "pkg/.mlgloss.toml", "bare")
    assert "mlgloss: configuration: pkg/.mlgloss.toml (--config), extending pyproject.toml" in (
        given.err
    )
    assert "configuration:" not in mlgloss("check", "a.md").err


def test_verbose_without_any_configuration(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(tmp_path, {".git/HEAD": "x\n", "a.md": "x\n"})
    run = mlgloss("check", "-v", "--stdin", "--stdin-filename", "a.md", stdin=b"x\n")
    assert "mlgloss: configuration: none found, the defaults apply; glossaries: built-in" in (
        run.err
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_nothing_on_stdout_beside_a_configuration_error(
    mlgloss: RunMlgloss, tmp_path: Path, fmt: str
) -> None:
    write_tree(tmp_path, {".mlgloss.toml": "rules = 3\n", "a.md": "Pytorch\n"})
    run = mlgloss("check", "--format", fmt)
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        f"mlgloss: error: {tmp_path / '.mlgloss.toml'}:1:1: "
        "`rules` must be a table of rule settings, not 3\n"
    )
    glossary = tmp_path / "g"
    write_tree(glossary, {".mlgloss.toml": 'glossary = ["t.yaml"]\n', "t.yaml": "x: [\n"})
    broken = mlgloss("check", "--format", fmt, "-o", "r.out", cwd=glossary)
    assert (broken.code, broken.out) == (2, "")
    assert "t.yaml:" in broken.err and not (glossary / "r.out").exists()
    assert_no_traceback(broken)


def test_a_path_with_nothing_to_check_is_warned_about(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            ".git/HEAD": "x\n",
            ".gitignore": "build/\n",
            "a.md": "x\n",
            "images/logo.png": b"\x89PNG",
            "build/out.md": "Pytorch\n",
            "drafts/b.md": "x\n",
            ".mlgloss.toml": 'exclude = ["drafts/"]\n',
        },
    )
    (tmp_path / "empty").mkdir()
    run = mlgloss("check", "a.md", "empty", "images", "build", "drafts")
    assert run.code == 0, run.out + run.err
    warned = [line for line in run.err.splitlines() if "warning" in line]
    assert warned == [
        f"mlgloss: warning: no file to check in {name} (none of a kind mlgloss reads, "
        "or all ignored or excluded)"
        for name in ("empty", "images", "build", "drafts")
    ]
    assert "1 file checked" in run.out
    alone = mlgloss("check", cwd=tmp_path / "empty")
    assert alone.code == 0 and "no file to check in ." in alone.err
    assert "warning" not in mlgloss("check", "-q", "empty").err
    # A path that does not exist is still an error.
    missing = mlgloss("check", "nope")
    assert missing.code == 2 and "no such file or directory: nope" in missing.err


def test_search_without_a_match_says_so(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    run = mlgloss("search", "zzzzqqq")
    assert (run.code, run.out) == (1, "")
    assert run.err == "mlgloss: no term matches 'zzzzqqq'\n"
    as_json = mlgloss("search", "--json", "zzzzqqq")
    assert (as_json.code, json.loads(as_json.out)) == (1, [])
    assert "no term matches" in as_json.err
    found = mlgloss("search", "lora")
    assert found.code == 0 and found.err == "" and "LoRA" in found.out
