"""The pre-commit hooks run by pre-commit itself, and the release scheme their ``rev:`` uses.

``pre-commit try-repo`` installs this checkout (its HEAD plus uncommitted changes) as a hook
repository in an isolated environment, exactly as a project's ``rev:`` would, and runs the
hook on staged files of a throwaway Git repository.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import mlgloss

REPO = Path(__file__).resolve().parents[2]


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.slow
def test_the_hooks_run_in_pre_commit(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    _git(project, "init", "-q")
    notes = "Low-Rank Adaptation (LoRA) is cheap.\nWe fine-tune Lora adapters.\n"
    (project / "notes.md").write_text(notes, encoding="utf-8")
    (project / "clean.md").write_text(
        "We fine-tune Low-Rank Adaptation (LoRA) adapters.\n", encoding="utf-8"
    )
    _git(project, "add", "notes.md", "clean.md")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1"}
    run = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO)]
    check = subprocess.run(
        [*run, "mlgloss", "--files", "notes.md", "clean.md", "--verbose"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
        check=False,
    )
    out = check.stdout + check.stderr
    assert check.returncode == 1, out
    assert re.search(r"notes\.md:2:\d+: .*\[variant\]", out), out
    assert "clean.md" not in out.replace("--files", "")
    fix = subprocess.run(
        [*run, "mlgloss-fix", "--files", "notes.md"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
        check=False,
    )
    assert fix.returncode == 1, fix.stdout + fix.stderr  # pre-commit fails a hook that edits
    assert (project / "notes.md").read_text(encoding="utf-8") == notes.replace("Lora", "LoRA")


def test_changelog_opens_with_the_current_version() -> None:
    """The release scheme of docs/release.md: the top section of CHANGELOG.md is this version."""
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    first = re.search(r"^## (\S+) \((unreleased|\d{4}-\d{2}-\d{2})\)$", changelog, re.M)
    assert first, "CHANGELOG.md has no '## X.Y.Z (unreleased|YYYY-MM-DD)' section"
    assert first.group(1) == mlgloss.__version__


def test_docs_promise_no_release_that_does_not_exist() -> None:
    """pre-commit examples pin a placeholder or a tag that exists, never an imagined one."""
    tags = subprocess.run(
        ["git", "tag", "--list", "v*"], cwd=REPO, capture_output=True, text=True, check=False
    ).stdout.split()
    for doc in [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]:
        for rev in re.findall(r"^\s*rev:\s*(\S+)", doc.read_text(encoding="utf-8"), re.M):
            assert rev == "vX.Y.Z" or rev in tags, f"{doc.name}: rev {rev} is no release tag"
