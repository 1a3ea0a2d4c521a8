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


# A name the repository writes its own way: torchtune writes "Llama2" throughout, so one
# recipe's "LLMs such as Llama2" is the house's spelling, not a slip to respace unread.
HOUSE_NAME = {
    "a.md": "# A\n\nThe Llama2 7B config trains on one GPU.\n",
    "b.md": "# B\n\nWe evaluate Llama2 on the benchmark.\n",
    "c.md": "# C\n\nLlama2 models load from the hub.\n",
}
RECIPE = "# Recipe\n\nThis recipe supports LLMs such as Llama2.\n"


def _variant_fix(report: dict[str, object], path: str) -> dict[str, object]:
    findings = report["findings"]
    assert isinstance(findings, list)
    (finding,) = [f for f in findings if f["rule"] == "variant" and f["path"] == path]
    assert finding["text"] == "Llama2"
    (fix,) = finding["fixes"]
    assert fix["edits"][0]["new_text"] == "Llama 2"
    return fix  # type: ignore[no-any-return]


def test_a_name_the_repository_writes_its_own_way_gets_an_unsafe_fix(tmp_path: Path) -> None:
    root = _repo(tmp_path / "repo", {**HOUSE_NAME, "recipe.md": RECIPE})
    for args in (("--jobs", "1"), ("--jobs", "2")):
        assert _variant_fix(_check(root, *args), "recipe.md")["safe"] is False
    # Checking the one file (pre-commit) reads the rest of the repository from disk.
    done = subprocess.run(
        [sys.executable, "-m", "mlgloss", "check", "--format", "json", "recipe.md"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert _variant_fix(json.loads(done.stdout), "recipe.md")["safe"] is False
    fixed = subprocess.run(
        [sys.executable, "-m", "mlgloss", "check", "--fix", "."],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert fixed.returncode in (0, 1), fixed.stderr
    assert (root / "recipe.md").read_text() == RECIPE


def test_a_name_written_once_in_its_repository_gets_a_safe_fix(tmp_path: Path) -> None:
    root = _repo(tmp_path / "repo", {"recipe.md": RECIPE, "b.md": "# B\n\nWe use Llama 2.\n"})
    assert _variant_fix(_check(root), "recipe.md")["safe"] is True
    fixed = subprocess.run(
        [sys.executable, "-m", "mlgloss", "check", "--fix", "."],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert fixed.returncode in (0, 1), fixed.stderr
    assert "such as Llama 2." in (root / "recipe.md").read_text()
