"""Baselines (CI fails only on new findings) and ``--changed-since`` in a real git repository."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from tests.cli.conftest import RunMlgloss, assert_no_traceback, write_tree


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        [
            "git",
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def test_baseline_survives_line_shifts_and_catches_new(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(tmp_path, {"docs/a.md": "Intro.\n\nWe use Pytorch.\nAlso Pytorch.\n"})
    written = mlgloss("check", "--select", "variant", "--write-baseline", "mlgloss-baseline.json")
    assert written.code == 0
    data = json.loads((tmp_path / "mlgloss-baseline.json").read_text())
    assert data["version"] == 1 and len(data["findings"]) == 2
    assert {r["path"] for r in data["findings"]} == {"docs/a.md"}
    # Lines move down, a paragraph is added above: the old findings stay baselined.
    write_tree(
        tmp_path, {"docs/a.md": "New title.\n\nMore.\n\nIntro.\n\nWe use Pytorch.\nAlso Pytorch.\n"}
    )
    run = mlgloss("check", "--select", "variant", "--baseline", "mlgloss-baseline.json")
    assert run.code == 0, run.out
    assert "2 findings left out (in the baseline)." in run.out
    # A new occurrence on an identical line is new: the occurrence index tells them apart.
    write_tree(tmp_path, {"docs/a.md": "Intro.\n\nWe use Pytorch.\nAlso Pytorch.\nAlso Pytorch.\n"})
    new = mlgloss("check", "--select", "variant", "--baseline", "mlgloss-baseline.json")
    assert new.code == 1
    assert new.out.startswith("docs/a.md:5:6: warning[variant]")


def test_baseline_paths_are_relative_to_the_baseline_file(
    mlgloss: RunMlgloss, tmp_path: Path
) -> None:
    write_tree(tmp_path, {"docs/a.md": "Pytorch\n"})
    mlgloss("check", "--select", "variant", "--write-baseline", "base.json")
    run = mlgloss(
        "check", "--select", "variant", "--baseline", "../base.json", ".", cwd=tmp_path / "docs"
    )
    assert run.code == 0, run.out


def test_broken_baseline_is_exit_2(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.md": "x\n", "base.json": "{\n  oops\n"})
    run = mlgloss("check", "--baseline", "base.json")
    assert run.code == 2
    assert re.search(r"base\.json:2:\d+: invalid JSON", run.err), run.err
    assert_no_traceback(run)
    assert mlgloss("check", "--baseline", "missing.json").code == 2


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    write_tree(
        tmp_path,
        {
            "old.md": "Pytorch\n",
            "changed.md": "ok\n",
            "docs/same.md": "Pytorch\n",
            ".gitignore": "ignored.md\n",
        },
    )
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "initial")
    write_tree(
        tmp_path,
        {
            "changed.md": "Pytorch now\n",
            "new.md": "Pytorch\n",
            "ignored.md": "Pytorch\n",
            "notes.bin": "x",
        },
    )
    return tmp_path


def test_changed_since_checks_changed_and_untracked(mlgloss: RunMlgloss, repo: Path) -> None:
    run = mlgloss("check", "--changed-since", "HEAD", "--format", "json", "--select", "variant")
    assert run.code == 1
    assert [f["path"] for f in json.loads(run.out)["files"]] == ["changed.md", "new.md"]


def test_changed_since_within_a_path_and_subdirectory(mlgloss: RunMlgloss, repo: Path) -> None:
    write_tree(repo, {"docs/same.md": "changed\n"})
    run = mlgloss("check", "--changed-since", "HEAD", "--format", "json", ".", cwd=repo / "docs")
    assert [f["path"] for f in json.loads(run.out)["files"]] == ["same.md"]


def test_changed_since_errors(
    mlgloss: RunMlgloss, repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    bad_ref = mlgloss("check", "--changed-since", "no-such-ref")
    assert bad_ref.code == 2
    assert "--changed-since 'no-such-ref': not a commit" in bad_ref.err
    assert "checked" not in bad_ref.out
    assert_no_traceback(bad_ref)
    elsewhere = tmp_path_factory.mktemp("not-a-repo")
    outside = mlgloss("check", "--changed-since", "HEAD", cwd=elsewhere)
    assert outside.code == 2
    assert outside.err.startswith("mlgloss: error: --changed-since"), outside.err
    assert_no_traceback(outside)


@pytest.mark.parametrize(
    "ref", ["--output=smuggled.txt", "--output", "-o", "--no-index", "HEAD --output=x"]
)
def test_an_option_looking_ref_is_refused_and_never_reaches_git(
    mlgloss: RunMlgloss, repo: Path, ref: str
) -> None:
    before = sorted(p.name for p in repo.iterdir())
    run = mlgloss("check", f"--changed-since={ref}")
    assert run.code == 2, run.out
    assert f"--changed-since {ref!r}: not a commit" in run.err
    assert "0 files checked" not in run.out
    assert_no_traceback(run)
    assert sorted(p.name for p in repo.iterdir()) == before  # git wrote no file


def test_a_ref_naming_a_tag_or_a_commit_hash_is_accepted(mlgloss: RunMlgloss, repo: Path) -> None:
    git(repo, "tag", "v1")
    head = git(repo, "rev-parse", "HEAD").strip()
    for ref in ("v1", head, "main", "HEAD~0"):
        run = mlgloss("check", "--changed-since", ref, "--format", "json", "--select", "variant")
        assert run.code == 1, (ref, run.err)
        assert [f["path"] for f in json.loads(run.out)["files"]] == ["changed.md", "new.md"]
