"""Config extraction: keys recorded, comments and human-text values prose, the rest masked."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extract_helpers import check_invariant, kept, masked
from mlgloss.analysis.document import DocumentKind
from mlgloss.analysis.extract import extract
from mlgloss.analysis.extract.config_common import PROSE_KEYS
from mlgloss.analysis.extract.config_json import extract_json
from mlgloss.analysis.extract.config_toml import extract_toml
from mlgloss.analysis.extract.config_yaml import extract_yaml

YAML = """# With DeepSpeed, we utilize a deepspeed config file for the entire configuration
base_model: meta-llama/Llama-3.1-8B
deepspeed_config:
  # Can also be any of the config json's in accelerate/examples/deepspeed_config_templates
  gradient_accumulation_steps: 1
  offload_optimizer_device: none  # keep on the GPU
lora:
  lora_alpha: 16
  target_modules: [q_proj, v_proj]
  extra: {r: 8, "lora_dropout": 0.1}
description: "A LoRA fine-tune of a \\"small\\" model on nvidia/X-Lora"
title: experiment_42
notes: |
  Uses the low-rank adapter from the paper.
  Second line of notes.
datasets:
  - path: togethercomputer/Long-Data-Collections
    type: completion
"""


def _key_names(e: object) -> list[str]:
    return [k.name for k in e.keys]  # type: ignore[attr-defined]


def test_yaml_keys_recorded_with_exact_offsets() -> None:
    e = extract_yaml(YAML)
    check_invariant(YAML, e)
    names = _key_names(e)
    for name in (
        "base_model",
        "gradient_accumulation_steps",
        "lora_alpha",
        "target_modules",
        "r",
        "lora_dropout",
        "description",
        "notes",
        "path",
        "type",
    ):
        assert name in names
    for key in e.keys:
        assert YAML[key.start : key.end] == key.name
    assert masked(YAML, e, "gradient_accumulation_steps")
    assert masked(YAML, e, "lora_alpha")


def test_yaml_values_masked_unless_human_text() -> None:
    e = extract_yaml(YAML)
    assert masked(YAML, e, "meta-llama/Llama-3.1-8B")
    assert masked(YAML, e, "[q_proj, v_proj]")
    assert masked(YAML, e, "togethercomputer/Long-Data-Collections")
    assert kept(YAML, e, "A LoRA fine-tune of a ")
    assert masked(YAML, e, '\\"small\\"'[:2])  # the escape
    assert masked(YAML, e, "nvidia/X-Lora")
    assert masked(YAML, e, "experiment_42")  # an identifier under a prose key
    assert kept(YAML, e, "Uses the low-rank adapter from the paper.")
    assert kept(YAML, e, "Second line of notes.")


def test_yaml_comments_are_prose_and_recorded() -> None:
    e = extract_yaml(YAML)
    assert kept(YAML, e, " With DeepSpeed, we utilize a deepspeed config file")
    assert kept(YAML, e, " keep on the GPU")
    assert masked(YAML, e, "accelerate/examples/deepspeed_config_templates")
    comments = [YAML[a:b] for a, b in e.comments]
    assert "# keep on the GPU" in comments
    assert len(comments) == 3


def test_broken_yaml_still_yields_keys_and_comments() -> None:
    text = 'lora:\n  lora_alpha: [16\n  r: "unterminated\n# the rank\nlearning_rate:'
    e = extract_yaml(text)
    check_invariant(text, e)
    assert {"lora", "lora_alpha", "learning_rate"} <= set(_key_names(e))
    assert kept(text, e, " the rank")


JSON = """{
  // a JSONC comment about LoRA
  "peft_type": "VBLORA",
  "target_modules": ["to_v", "q_proj"],
  "nested": {"lora_alpha": 16, "notes": ["first note about adapters", "x_y"]},
  "description": "A LoRA run with \\"quotes\\" and caf\\u00e9 on nvidia/X-Lora",
  "title": "meta-llama/Llama-2-7b"
}
"""


def test_json_keys_values_and_escapes() -> None:
    e = extract_json(JSON)
    check_invariant(JSON, e)
    assert {"peft_type", "target_modules", "nested", "lora_alpha", "notes"} <= set(_key_names(e))
    for key in e.keys:
        assert JSON[key.start : key.end] == key.name
    assert masked(JSON, e, '"VBLORA"')
    assert masked(JSON, e, '"to_v"')
    assert kept(JSON, e, "first note about adapters")
    assert masked(JSON, e, "x_y")
    assert kept(JSON, e, "A LoRA run with ")
    assert masked(JSON, e, '\\"quotes\\"'[:2])
    assert masked(JSON, e, "\\u00e9")
    assert masked(JSON, e, "nvidia/X-Lora")
    assert masked(JSON, e, "meta-llama/Llama-2-7b")
    assert kept(JSON, e, " a JSONC comment about LoRA")


def test_broken_json_still_yields_keys() -> None:
    text = '{"lora_alpha": 16, "description": "half typed\n  "r": 8,'
    e = extract_json(text)
    check_invariant(text, e)
    assert {"lora_alpha", "description", "r"} <= set(_key_names(e))
    assert kept(text, e, "half typed")


TOML = """# Build settings for LoRA runs
[tool.mlgloss]
description = "Checks ML terms like LoRA"  # trailing comment
lora_alpha = 16
"quoted key".sub = 'x'
notes = ["first note", '''second
note''']
inline = { r = 8, help = "some help text" }

[[runs]]
title = \"\"\"Multi-line
title\"\"\"
model = "nvidia/X-Lora"
"""


def test_toml_keys_comments_and_prose_values() -> None:
    e = extract_toml(TOML)
    check_invariant(TOML, e)
    names = _key_names(e)
    for name in (
        "tool",
        "mlgloss",
        "description",
        "lora_alpha",
        "quoted key",
        "sub",
        "notes",
        "r",
        "help",
        "runs",
        "title",
        "model",
    ):
        assert name in names
    for key in e.keys:
        assert TOML[key.start : key.end] == key.name
    assert kept(TOML, e, "Checks ML terms like LoRA")
    assert kept(TOML, e, " trailing comment")
    assert kept(TOML, e, "first note")
    assert kept(TOML, e, "some help text")
    assert kept(TOML, e, "Multi-line\ntitle")
    assert masked(TOML, e, '"nvidia/X-Lora"')
    assert masked(TOML, e, "= 16")


def test_dispatch_and_prose_keys_constant() -> None:
    assert "description" in PROSE_KEYS and "lora_alpha" not in PROSE_KEYS
    assert extract("a: 1\n", DocumentKind.YAML).keys[0].name == "a"
    assert extract('{"a": 1}', DocumentKind.JSON).keys[0].name == "a"
    assert extract("a = 1\n", DocumentKind.TOML).keys[0].name == "a"


_TEXT = st.text(
    alphabet=st.sampled_from([*list("ab _#'\"\\{}[]:=,-|>./\t\n\r\x00 "), "😀", "é"]),
    max_size=200,
) | st.text(max_size=200)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_property_any_text(text: str) -> None:
    for extractor in (extract_yaml, extract_json, extract_toml):
        e = extractor(text)
        check_invariant(text, e)
        for key in e.keys:
            assert text[key.start : key.end] == key.name
