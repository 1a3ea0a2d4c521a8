"""The config-key rule: a key one typo away from a known training-config key."""

from __future__ import annotations

from glossary_helpers import glossary_from
from mlgloss.analysis.document import DocumentKind
from rules_helpers import flagged, replacement, run

KEYS = glossary_from(
    """
    version: 1
    entries:
      - term: gradient accumulation
        config_keys: [gradient_accumulation_steps, warmup_ratio]
      - term: LoRA
        config_keys: [lora_alpha, lora_dropout, lora_r]
      - term: context parallelism
        config_keys: [context_parallel_size]
      - term: quantization
        config_keys: [load_in_4bit, load_in_8bit, float16]
      - term: evaluation
        config_keys: [eval_steps, save_steps]
    """
)

YAML = DocumentKind.YAML


def test_near_miss_is_flagged_with_the_known_key() -> None:
    # axolotl/examples/falcon-h1/falcon-h1-1b-qlora-cp.yaml
    text = "lora_alpha: 16\ncontext_parapllel_size: 2\ngradient_acumulation_steps: 4\n"
    found = run(text, "config-key", YAML, glossary=KEYS)
    assert [text[f.start : f.end] for f in found] == [
        "context_parapllel_size",
        "gradient_acumulation_steps",
    ]
    assert [replacement(f) for f in found] == [
        "context_parallel_size",
        "gradient_accumulation_steps",
    ]
    assert "did you mean 'context_parallel_size'?" in found[0].message


def test_json_and_toml_keys() -> None:
    text = '{"lora_alpha": 16, "lora_dropuot": 0.1}'
    assert flagged(text, "config-key", kind=DocumentKind.JSON, glossary=KEYS) == ["lora_dropuot"]
    text = "[train]\nlora_alpha = 16\ngradient_accumulation_step = 2\nwarmup_ration = 0.1\n"
    assert flagged(text, "config-key", kind=DocumentKind.TOML, glossary=KEYS) == [
        "gradient_accumulation_step",
        "warmup_ration",
    ]


def test_known_and_sibling_keys_are_not_flagged() -> None:
    text = (
        "lora_alpha: 16\nload_in_8bit: true\nload_in_2bit: false\neval_steps: 10\n"
        "vera_dropout: 0.0\nhira_dropout: 0.1\nbfloat16: true\nlora_rank: 8\n"
    )
    assert flagged(text, "config-key", kind=YAML, glossary=KEYS) == []


def test_files_without_any_known_key_are_not_training_configs() -> None:
    text = "name: CI\njobs:\n  build:\n    runs-on: ubuntu-latest\n    lora_dropuot: 1\n"
    assert flagged(text, "config-key", kind=YAML, glossary=KEYS) == []


def test_the_builtin_glossary_knows_real_keys() -> None:
    text = "lora_alpha: 16\ngradient_acumulation_steps: 4\nlearning_rate: 0.0002\n"
    assert flagged(text, "config-key", kind=YAML) == ["gradient_acumulation_steps"]
