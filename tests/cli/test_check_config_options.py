"""``mlgloss check --config``, ``--exclude`` and ``--extend-exclude``, run for real."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.cli.conftest import RunMlgloss, assert_no_traceback, write_tree

TREE = {
    ".git/HEAD": "ref: refs/heads/main\n",
    ".mlgloss.toml": 'exclude = ["drafts/"]\n',
    "docs/a.md": "Pytorch\n",
    "drafts/b.md": "Pytorch\n",
    "notes/c.md": "Pytorch\n",
}


def flagged(run_out: str) -> list[str]:
    return sorted(f["path"] for f in json.loads(run_out)["findings"])


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    write_tree(tmp_path, TREE)
    return tmp_path


def test_config_replaces_discovery_for_every_file(mlgloss: RunMlgloss, tree: Path) -> None:
    write_tree(tree, {"ci/strict.toml": '[rules.variant]\nseverity = "error"\n'})
    run = mlgloss(
        "check", "--config", "ci/strict.toml", "--format", "json", "-j2", "docs", "drafts"
    )
    assert run.code == 1, run.err
    findings = json.loads(run.out)["findings"]
    # The discovered .mlgloss.toml (which excludes drafts/) is not read; the given file is.
    assert sorted(f["path"] for f in findings) == ["docs/a.md", "drafts/b.md"]
    assert {f["severity"] for f in findings} == {"error"}


def test_config_reads_a_pyproject_table(mlgloss: RunMlgloss, tree: Path) -> None:
    write_tree(tree, {"other/pyproject.toml": '[tool.mlgloss]\nexclude = ["docs/"]\n'})
    run = mlgloss("check", "--config", "other/pyproject.toml", "--format", "json", "other")
    assert run.code == 0, run.err
    write_tree(tree, {"plain/pyproject.toml": '[project]\nname = "x"  # mlgloss\n'})
    run = mlgloss("check", "--config", "plain/pyproject.toml")
    assert run.code == 2 and run.out == ""
    assert "plain/pyproject.toml: no [tool.mlgloss] table in this file" in run.err


def test_config_missing_or_invalid_is_one_line_exit_2(mlgloss: RunMlgloss, tree: Path) -> None:
    for fmt in ("text", "json", "sarif", "github"):
        missing = mlgloss("check", "--config", "nope.toml", "--format", fmt)
        assert (missing.code, missing.out) == (2, "")
        assert missing.err == "mlgloss: error: --config nope.toml: no such file\n"
    write_tree(tree, {"bad.toml": 'prefer = ["x"]\nrulez = 1\n'})
    bad = mlgloss("check", "--config", "bad.toml")
    assert (bad.code, bad.out) == (2, "")
    assert bad.err == (
        f"mlgloss: error: {tree / 'bad.toml'}:2:1: unknown setting `rulez`; did you mean `rules`?\n"
    )
    stdin = mlgloss("check", "--stdin", "--config", "bad.toml", stdin=b"Pytorch\n")
    assert (stdin.code, stdin.out) == (2, "") and "bad.toml:2:1:" in stdin.err
    assert_no_traceback(stdin)


def test_config_applies_to_stdin(mlgloss: RunMlgloss, tree: Path) -> None:
    write_tree(tree, {"off.toml": '[rules]\nvariant = "off"\n'})
    run = mlgloss("check", "--stdin", "--stdin-filename", "x.md", "--config", "off.toml",
                  stdin=b"Pytorch\n")  # fmt: skip
    assert run.code == 0, run.out + run.err


def test_exclude_replaces_the_configured_exclude(mlgloss: RunMlgloss, tree: Path) -> None:
    assert flagged(mlgloss("check", "--format", "json").out) == ["docs/a.md", "notes/c.md"]
    run = mlgloss("check", "--format", "json", "--exclude", "docs/")
    assert flagged(run.out) == ["drafts/b.md", "notes/c.md"]
    # An empty --exclude clears it.
    everything = flagged(mlgloss("check", "--format", "json", "--exclude", "").out)
    assert everything == ["docs/a.md", "drafts/b.md", "notes/c.md"]


def test_extend_exclude_adds_comma_separated_and_repeated(mlgloss: RunMlgloss, tree: Path) -> None:
    run = mlgloss("check", "--format", "json", "--extend-exclude", "docs/")
    assert flagged(run.out) == ["notes/c.md"]
    both = mlgloss("check", "--extend-exclude", "docs/,notes/", "--format", "json")
    assert flagged(both.out) == []
    repeated = mlgloss(
        "check", "--exclude", "docs/", "--exclude", "drafts/*.md", "--format", "json"
    )
    assert flagged(repeated.out) == ["notes/c.md"]


def test_exclude_has_gitignore_semantics(mlgloss: RunMlgloss, tree: Path) -> None:
    write_tree(tree, {"docs/keep.md": "Pytorch\n", "docs/deep/er/d.md": "Pytorch\n"})
    run = mlgloss("check", "--format", "json", "--exclude", "*.md,!keep.md")
    assert flagged(run.out) == ["docs/keep.md"]
    anchored = mlgloss("check", "--format", "json", "--exclude", "/docs/**/d.md,drafts/")
    assert flagged(anchored.out) == ["docs/a.md", "docs/keep.md", "notes/c.md"]
    # A file named on the command line honours it, as it honours the setting (pre-commit).
    named = mlgloss("check", "--format", "json", "--extend-exclude", "notes/", "notes/c.md")
    assert flagged(named.out) == []


def test_invalid_exclude_pattern_is_a_usage_error(mlgloss: RunMlgloss, tree: Path) -> None:
    run = mlgloss("check", "--extend-exclude", "a\\")
    assert (run.code, run.out) == (2, "")
    assert run.err.startswith("mlgloss: error: --extend-exclude 'a\\\\': invalid pattern")
