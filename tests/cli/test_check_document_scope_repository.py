"""``mlgloss check`` in document scope (the default): a document that mixes two spellings
of a term follows the one its repository writes most, with an unsafe fix; alone in its
repository it follows the glossary, with a safe one only at a clear lead."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HOUSE = {
    "a.md": "# A\n\nWe use finetuning for the small model.\nFinetuning takes an hour.\n",
    "b.md": "# B\n\nThe finetuning recipe runs on one GPU.\n",
    "c.md": "# C\n\nAfter finetuning, evaluate the model.\n",
}
MIXED = "# Notes\n\nWe start from fine-tuning the base model.\nThen finetuning goes on.\n"


def _check(root: Path, *args: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-m", "mlgloss", "check", "--format", "json", *args, "."],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    report: dict[str, object] = json.loads(done.stdout)
    return report


def _inconsistent(report: dict[str, object]) -> list[dict[str, object]]:
    findings = report["findings"]
    assert isinstance(findings, list)
    return [f for f in findings if f["rule"] == "inconsistent"]


def _repo(root: Path, files: dict[str, str]) -> Path:
    (root / ".git").mkdir(parents=True)
    for name, text in files.items():
        (root / name).write_text(text)
    return root


def test_a_mixed_document_follows_its_repository(tmp_path: Path) -> None:
    root = _repo(tmp_path / "repo", {**HOUSE, "notes.md": MIXED})
    for jobs in ("1", "2"):
        (finding,) = _inconsistent(_check(root, "--jobs", jobs))
        assert finding["path"] == "notes.md" and finding["line"] == 3
        assert finding["text"] == "fine-tuning"
        assert "the spelling this repository writes most" in str(finding["message"])
        (fix,) = finding["fixes"]  # type: ignore[misc]
        assert fix["safe"] is False  # not the glossary's spelling: a reviewer's call


def test_alone_the_document_follows_the_glossary(tmp_path: Path) -> None:
    root = _repo(tmp_path / "repo", {"notes.md": MIXED})
    (finding,) = _inconsistent(_check(root))
    assert finding["line"] == 4 and finding["text"] == "finetuning"
    assert "the glossary's spelling" in str(finding["message"])


def test_fix_leaves_the_house_spelling(tmp_path: Path) -> None:
    root = _repo(tmp_path / "repo", {**HOUSE, "notes.md": MIXED})
    done = subprocess.run(
        [sys.executable, "-m", "mlgloss", "check", "--fix", "."],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    assert (root / "notes.md").read_text() == MIXED  # the only fix is unsafe: not applied


def test_checking_one_file_counts_its_whole_repository(tmp_path: Path) -> None:
    """pre-commit checks the staged files only: the others are still counted, so the one
    file gets the findings that checking the whole repository (or the editor) gives it."""
    root = _repo(tmp_path / "repo", {**HOUSE, "notes.md": MIXED})
    done = subprocess.run(
        [sys.executable, "-m", "mlgloss", "check", "--format", "json", "notes.md"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    (finding,) = _inconsistent(json.loads(done.stdout))
    assert finding["text"] == "fine-tuning"
    assert "the spelling this repository writes most" in str(finding["message"])


def test_files_in_no_repository_are_judged_alone(tmp_path: Path) -> None:
    """No ``.git`` and no configuration: files that merely sit together are no house."""
    root = tmp_path / "loose"
    root.mkdir()
    for name, text in {**HOUSE, "notes.md": MIXED}.items():
        (root / name).write_text(text)
    (finding,) = _inconsistent(_check(root))
    assert finding["text"] == "finetuning"
    assert "the glossary's spelling" in str(finding["message"])
