"""What no rule may flag: code, identifiers, model IDs, URLs, headings and sentence starts."""

from __future__ import annotations

import pytest

from mlgloss.analysis.document import DocumentKind
from rules_helpers import flagged, run

NEVER = [
    # a fenced block holding a config key and library calls
    "Set the rank.\n\n```python\nconfig = LoraConfig(lora_alpha=16)\n"
    "pipe.load_lora_weights('nvidia/X-Lora')\n```\n",
    # a model ID, a URL, an identifier and inline code in running text
    "Load nvidia/X-Lora from https://huggingface.co/nvidia/X-Lora with load_lora_weights.\n",
    "Call `pipe.load_lora_weights()` and set `lora_alpha`.\n",
    "See [the guide](https://github.com/huggingface/peft/blob/main/docs/lora_finetuning.md).\n",
    # a Title-Case heading and a sentence-initial capital of case-insensitive terms
    "## Fine-Tuning With Pretrained Weights\n\nFine-tuning is cheap.\n",
    "Pretrained models help. Pretraining is costly.\n",
    # file names, run names and literal values (axolotl/examples/swanlab/README.md,
    # peft/docs/source/package_reference/glora.md)
    "| dpo-swanlab-completions.yml | ok |\n|---|---|\n",
    "Experiment: llama-3-dpo-full-featured-v1\n",
    'Path type for A and B ("lora", "vector", "constant", "none").\n',
    "Offload to (none|cpu|nvme).\n",
    # a paper abstract quoted in italics (diffusers/…/api/models/vq.md, peft/…/lokr.md)
    "The abstract from the paper is:\n\n*We train Lora adapters on Quantised models after "
    "pre-training; pretraining is costly.*\n",
    # English words that capitalise an all-capital name (ZeRO, REINFORCE)
    "ZeRO (Zero Redundancy Optimizer) shards states.\n\n## Reinforce Leave-One-Out\n",
]


@pytest.mark.parametrize("text", NEVER)
def test_nothing_is_flagged(text: str) -> None:
    assert flagged(text) == []


def test_python_code_is_never_flagged() -> None:
    text = 'lora_alpha = 16\npipe.load_lora_weights("nvidia/X-Lora")\n# fine tuning below\n'
    assert flagged(text, "acronym-expansion", kind=DocumentKind.PYTHON) == []
    assert flagged(text, "misspelling", kind=DocumentKind.PYTHON) == []


def test_block_quoted_abstract_is_the_papers_wording() -> None:
    # trl/docs/source/gkd_trainer.md quotes its paper's abstract as a block quote
    text = (
        "The abstract from the paper is the following:\n\n"
        "> Knowledge distillation (KD) is used for auto-regressive models. We fine tune with "
        "Lora and compare with DPO.\n\n"
        "We train with autoregressive models and Lora.\n"
    )
    findings = run(text)
    assert [text[f.start : f.end] for f in findings if f.rule == "variant"] == ["Lora"]
    assert all(f.start > text.index("We train") for f in findings)
