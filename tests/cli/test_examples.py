"""The bundled example folder: every rule fires at least once, the clean parts stay silent."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from tests.cli.conftest import RunMlgloss

from mlgloss.analysis.rule_codes import RULE_CODES

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "ml-docs"


def test_every_rule_fires_and_clean_parts_are_silent(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "ml-docs")
    run = mlgloss("check", "--format", "json", "ml-docs")
    assert run.code == 1, run.err
    findings = json.loads(run.out)["findings"]
    assert {f["rule"] for f in findings} == set(RULE_CODES)
    readme = (tmp_path / "ml-docs" / "README.md").read_text(encoding="utf-8").splitlines()
    clean_from = readme.index("## Clean parts (must stay silent)") + 1
    noisy = [f for f in findings if f["path"].endswith("README.md") and f["line"] > clean_from]
    assert noisy == []
    config_keys = {f["text"] for f in findings if f["rule"] == "config-key"}
    assert {"lora_alpah", "gradient_accumulation_step"} <= config_keys
    assert not any(f["text"] == "lora_alpha" for f in findings)


def test_pre_commit_hook_definition() -> None:
    (hook, *_) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "mlgloss"
    assert hook["entry"] == "mlgloss check"
    assert hook["language"] == "python"
    assert set(hook["types_or"]) == {"markdown", "python", "yaml", "json", "toml", "rst", "jupyter"}
