"""``mlgloss check`` on config files: only files a known tool reads, and the rename is never
applied by ``--fix``."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import RunMlgloss, assert_no_traceback, write_tree

AXOLOTL = """\
base_model: NousResearch/Llama-3.2-1B
datasets:
  - path: teknium/GPT4-LLM-Cleaned
    type: alpaca
adapter: lora
lora_alpah: 32
"""

TREE = {
    ".git/HEAD": "ref: refs/heads/main\n",
    "train/qlora.yaml": AXOLOTL,
    # torchtune's real `dataset` key, one edit from axolotl's `datasets`
    "train/torchtune.yaml": (
        "model:\n  _component_: torchtune.models.llama3_2.lora_llama3_2_1b\n"
        "dataset:\n  _component_: torchtune.datasets.alpaca_dataset\n"
    ),
    # nobody known reads this one: its near miss is left alone
    ".github/workflows/ci.yaml": "name: CI\njobs:\n  build:\n    lora_dropuot: 1\n",
    "recipes/run.toml": 'base_model = "x"\nmicro_batch_sise = 1\n',
    ".mlgloss.toml": '[config_tools]\n"recipes/*.toml" = "axolotl"\n',
}


def test_only_detected_files_are_checked_and_fix_leaves_keys_alone(
    mlgloss: RunMlgloss, tmp_path: Path
) -> None:
    write_tree(tmp_path, TREE)
    run = mlgloss("check", "--select", "config-key", "--format", "json", ".")
    assert_no_traceback(run)
    assert run.code == 1, run.err
    found = json.loads(run.out)["findings"]
    assert sorted((f["path"], f["text"]) for f in found) == [
        ("recipes/run.toml", "micro_batch_sise"),
        ("train/qlora.yaml", "lora_alpah"),
    ]

    text = mlgloss("check", "--select", "config-key", "train/qlora.yaml")
    assert (
        "train/qlora.yaml:6:1: warning[config-key] Unknown axolotl key 'lora_alpah': "
        "did you mean 'lora_alpha'?"
    ) in text.out
    assert "    suggestion: Rename to 'lora_alpha'" in text.out

    fixed = mlgloss("check", "--select", "config-key", "--fix", ".")
    assert_no_traceback(fixed)
    assert (tmp_path / "train/qlora.yaml").read_text(encoding="utf-8") == AXOLOTL
    assert "lora_alpah" in (tmp_path / "train/qlora.yaml").read_text(encoding="utf-8")


def test_an_unknown_tool_in_config_tools_is_reported(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            ".git/HEAD": "ref: refs/heads/main\n",
            "a.yaml": AXOLOTL,
            ".mlgloss.toml": '[config_tools]\n"*.yaml" = "axolotol"\n',
        },
    )
    run = mlgloss("check", ".")
    assert run.code == 2
    assert ".mlgloss.toml:2" in run.err
    assert "did you mean `axolotl`?" in run.err
