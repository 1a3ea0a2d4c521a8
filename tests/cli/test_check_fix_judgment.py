"""``mlgloss check --fix`` through the real executable on the edits an independent judge
rejected (benchmarks/PRECISION.md, "Independent judgment"): none of them is written, and
the right fixes beside them still are."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import RunMlgloss, assert_no_traceback, write_tree

# Each line holds a rejected edit; the comment says the general rule that keeps it out.
UNTOUCHED = {
    "blog.md": (
        "# DeepSpeed-Chat\n\n"
        # the house spelling: DeepSpeed-Chat three times, DeepSpeed Chat once
        "DeepSpeed-Chat trains models. With DeepSpeed-Chat it is easy. "
        "DeepSpeed-Chat is fast. DeepSpeed Chat is open.\n\n"
        # a launcher command, a config value, a model ID, a parameter pattern
        "It can be launched with deepspeed launch command, or deepspeed --num_gpus 2.\n\n"
        "Set the offload device to **cpu** to enable it.\n\n"
        "| model | score |\n|---|---|\n| GPT2-large | 27.8 |\n\n"
        "Target the lora_* parameters.\n"
    ),
    "guide.md": (
        "## SelfInstruct\n\n"  # a linked anchor
        "See [the method](#selfinstruct).\n\n"
        "Fine-tuning works, and fine-tuning is cheap.\n\n"
        "- full-finetuning of the embedding layer\n\n"  # a hyphen inside a hyphenated word
        "Runs on Apple silicon.\n\n"
        "### Benefits of Training and Inference using Apple Silicon Chips\n\n"  # Title Case
        "The abstract from the paper is:\n\n"
        "*We learn multiplicative low rank updates, unlike full finetuning*.\n\n"
        "We use low-rank updates.\n"
    ),
    "unet.md": (
        "Load the LoRA into the UNet.\n\n```py\nunet = UNet2DConditionModel()\n```\n"  # a class
    ),
    "config.yaml": "# Run it like that: `trl sft` and the trainer.\nmodel_name_or_path: x\n",
    "docs/_toctree.yml": "- title: Layernorm tuning with Pytorch\n  local: layernorm\n",
    "pyproject.toml": '[project]\nname = "x"\ndescription = "Adapters for Pytorch"\n',
}


def test_fix_writes_none_of_the_rejected_edits(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(tmp_path, UNTOUCHED)
    run = mlgloss("check", "--fix", ".")
    assert_no_traceback(run)
    for name, text in UNTOUCHED.items():
        assert (tmp_path / name).read_text(encoding="utf-8") == text, name


def test_fix_still_writes_the_right_edits(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "a.md": (
                "Upload it to the HuggingFace Hub. We use deepspeed for training.\n\n"
                "It builds on Deepspeed-chat and Pytorch.\n"
            ),
            "b.yaml": "# trained with Pytorch\nmodel_name_or_path: x\n",
        },
    )
    run = mlgloss("check", "--fix", ".")
    assert_no_traceback(run)
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == (
        "Upload it to the Hugging Face Hub. We use DeepSpeed for training.\n\n"
        "It builds on DeepSpeed-Chat and PyTorch.\n"
    )
    assert (tmp_path / "b.yaml").read_text(encoding="utf-8") == (
        "# trained with PyTorch\nmodel_name_or_path: x\n"
    )


def test_unsafe_fixes_still_offer_the_config_value_and_heading_edits(
    mlgloss: RunMlgloss, tmp_path: Path
) -> None:
    write_tree(tmp_path, {"pyproject.toml": UNTOUCHED["pyproject.toml"]})
    run = mlgloss("check", ".")
    assert "suggestion: Replace with 'PyTorch'" in run.out
    mlgloss("check", "--fix", "--unsafe-fixes", ".")
    assert "PyTorch" in (tmp_path / "pyproject.toml").read_text(encoding="utf-8")


# Round 3: the edits a second judgment rejected, in examples written for the test.
ROUND_3_UNTOUCHED = {
    "release.md": (
        "# Release notes\n\n"
        # a pull request's title, quoted in its link
        "- [PR #12 - Fix lora merge for Pytorch 2](https://github.com/o/r/pull/12)\n"
        "- [Speed up the Deepspeed hook](https://github.com/o/r/issues/34)\n\n"
        # a term split by a hard line break: the fix would join the lines
        "The kernel fuses the attention softmax and the Layer\n"
        "Norm into one pass.\n\n"
        # the launcher command, beside another one
        "Scripts are provided for launching with deepspeed or mpirun.\n"
    ),
}


def test_fix_writes_no_pr_title_line_join_or_launcher_edit(
    mlgloss: RunMlgloss, tmp_path: Path
) -> None:
    write_tree(tmp_path, ROUND_3_UNTOUCHED)
    run = mlgloss("check", "--fix", ".")
    assert_no_traceback(run)
    for name, text in ROUND_3_UNTOUCHED.items():
        assert (tmp_path / name).read_text(encoding="utf-8") == text, name
    # The line-broken term is still reported, only without a fix.
    run = mlgloss("check", "--format", "json", "release.md")
    findings = json.loads(run.out)["findings"]
    assert [(f["rule"], f["text"], f["fixes"]) for f in findings] == [
        ("variant", "Layer\nNorm", [])
    ]
