"""Fix safety through the real ``mlgloss`` executable: text, JSON, SARIF, ``--fix``,
``--unsafe-fixes`` and ``--diff``, and what the summary says about them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import RunMlgloss, write_tree

# "Pytorch" has a safe fix (casing); "DPO" an unsafe one (an expansion rewrites the sentence).
DOC = "We train with Pytorch and DPO.\n"


def test_text_shows_safe_fixes_as_fix_and_unsafe_ones_as_suggestion(
    mlgloss: RunMlgloss, tmp_path: Path
) -> None:
    write_tree(tmp_path, {"a.md": DOC})
    run = mlgloss("check")
    assert "    fix: Replace with 'PyTorch'" in run.out
    assert "    suggestion: Expand to 'Direct Preference Optimization (DPO)'" in run.out
    assert "1 with a safe fix (--fix applies them)" in run.out
    assert "1 with an unsafe fix, shown as suggestion (--fix --unsafe-fixes applies them)" in (
        run.out
    )


def test_json_gives_each_fix_its_applicability(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.md": DOC})
    data = json.loads(mlgloss("check", "--format", "json").out)
    by_rule = {f["rule"]: f["fixes"][0] for f in data["findings"]}
    assert by_rule["variant"]["applicability"] == "safe" and by_rule["variant"]["safe"]
    assert by_rule["acronym-expansion"]["applicability"] == "unsafe"
    assert not by_rule["acronym-expansion"]["safe"]


def test_sarif_carries_only_safe_fixes_and_says_which_kind(
    mlgloss: RunMlgloss, tmp_path: Path
) -> None:
    write_tree(tmp_path, {"a.md": DOC})
    run_data = json.loads(mlgloss("check", "--format", "sarif").out)["runs"][0]
    results = {r["ruleId"]: r for r in run_data["results"]}
    assert results["variant"]["fixes"][0]["description"]["text"] == "Replace with 'PyTorch'"
    assert results["variant"]["properties"] == {"mlgloss/fixApplicability": "safe"}
    assert "fixes" not in results["acronym-expansion"]
    assert results["acronym-expansion"]["properties"] == {"mlgloss/fixApplicability": "unsafe"}
    rules = {r["id"]: r for r in run_data["tool"]["driver"]["rules"]}
    assert rules["acronym-expansion"]["properties"]["mlgloss/fixSafety"] == "unsafe"
    assert rules["config-key"]["properties"]["mlgloss/fixSafety"] == "unsafe"
    assert rules["variant"]["properties"]["mlgloss/fixSafety"] == "sometimes"
    assert rules["unused-suppression"]["defaultConfiguration"]["level"] == "note"
    assert rules["unused-suppression"]["helpUri"].endswith("docs/rules/unused-suppression.md")


def test_fix_writes_only_safe_fixes(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.md": DOC})
    run = mlgloss("check", "--fix")
    assert (tmp_path / "a.md").read_text() == "We train with PyTorch and DPO.\n"
    assert "Fixed 1 finding." in run.out
    assert "suggestion: Expand to 'Direct Preference Optimization (DPO)'" in run.out
    assert "(--fix --unsafe-fixes applies them)" in run.out


def test_unsafe_fixes_writes_the_unsafe_ones_too(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.md": DOC})
    run = mlgloss("check", "--fix", "--unsafe-fixes")
    assert (tmp_path / "a.md").read_text() == (
        "We train with PyTorch and Direct Preference Optimization (DPO).\n"
    )
    assert "Fixed 2 findings." in run.out
    assert run.code == 0


def test_fix_counts_every_fix_written_later_passes_included(
    mlgloss: RunMlgloss, tmp_path: Path
) -> None:
    # Pass 1 fixes "Lora"; only then is "LoRA" a use of the acronym, expanded in pass 2.
    write_tree(tmp_path, {"a.md": "We fine-tune a Lora adapter.\n"})
    run = mlgloss("check", "--fix", "--unsafe-fixes", "--format", "json")
    assert (tmp_path / "a.md").read_text() == "We fine-tune a Low-Rank Adaptation (LoRA) adapter.\n"
    data = json.loads(run.out)
    assert data["summary"]["fixed"] == 2
    assert data["files"][0]["fixed"] == 2


def test_diff_never_says_fixed(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.md": DOC})
    run = mlgloss("check", "--diff")
    assert (tmp_path / "a.md").read_text() == DOC
    assert "Fixed" not in run.out
    assert "--diff shows fixes for 1 finding; nothing was written." in run.out
    assert "+We train with PyTorch and DPO.\n" in run.out
    unsafe = mlgloss("check", "--diff", "--unsafe-fixes", "--format", "json")
    data = json.loads(unsafe.out)
    assert data["summary"]["fixed"] == 0 and data["summary"]["would_fix"] == 2
    assert (tmp_path / "a.md").read_text() == DOC


def test_unsafe_fixes_needs_fix_or_diff(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.md": DOC})
    run = mlgloss("check", "--unsafe-fixes")
    assert run.code == 2
    assert "--unsafe-fixes needs --fix or --diff" in run.err


def test_fix_never_writes_into_a_copyright_line(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    header = (
        "# Copyright 2024 The Huggingface Team. All rights reserved.\n"
        "#\n"
        '# Licensed under the Apache License, Version 2.0 (the "License");\n'
        "# limitations under the License.\n"
    )
    write_tree(tmp_path, {"train.py": header + "\n# We train with Pytorch.\nx = 1\n"})
    mlgloss("check", "--fix", "--unsafe-fixes")
    assert (tmp_path / "train.py").read_text() == (header + "\n# We train with PyTorch.\nx = 1\n")


def test_github_annotations_name_a_suggestion_as_such(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.md": DOC})
    out = mlgloss("check", "--format", "github").out
    assert "(fix: Replace with 'PyTorch')" in out
    assert "(suggestion: Expand to 'Direct Preference Optimization (DPO)')" in out
