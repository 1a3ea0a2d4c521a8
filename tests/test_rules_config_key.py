"""The config-key rule: a key one typo away from a key of the tool that reads the file.

Each test runs the real engine with the built-in glossary and the shipped key sets.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mlgloss.analysis.config.model import ProjectConfig
from mlgloss.analysis.config.resolver import ConfigResolver
from mlgloss.analysis.config_tools.detect import detect_tool
from mlgloss.analysis.document import DocumentKind
from mlgloss.analysis.engine import analyze
from mlgloss.analysis.extract import extract
from mlgloss.analysis.findings import Finding
from mlgloss.analysis.rules.config_key import every_tool_key
from rules_helpers import builtin

YAML, JSON, TOML = DocumentKind.YAML, DocumentKind.JSON, DocumentKind.TOML


def keys_flagged(
    text: str,
    kind: DocumentKind = YAML,
    path: str | None = None,
    config: ProjectConfig | None = None,
) -> list[Finding]:
    found = analyze(text, kind, glossary=builtin(), config=config, path=path)
    return [f for f in found if f.rule == "config-key"]


def names(text: str, findings: list[Finding]) -> list[str]:
    return [text[f.start : f.end] for f in findings]


def tool_of(text: str, kind: DocumentKind = YAML, path: str | None = None) -> str | None:
    detection = detect_tool(text, kind, extract(text, kind).keys, path)
    return detection.tool.id if detection else None


AXOLOTL = """\
base_model: NousResearch/Llama-3.2-1B
datasets:
  - path: teknium/GPT4-LLM-Cleaned
    type: alpaca
adapter: lora
lora_r: 16
lora_alpah: 32
sequence_len: 2048
micro_batch_size: 2
"""

# One real config shape per supported tool, each with one typo at a checked place.
TOOL_FILES: list[tuple[str, DocumentKind, str | None, str, str]] = [
    ("axolotl", YAML, None, AXOLOTL, "lora_alpah"),
    (
        "accelerate",
        YAML,
        None,
        "compute_environment: LOCAL_MACHINE\ndistributed_type: MULTI_GPU\nnum_processes: 8\n"
        "mixed_precison: bf16\n",
        "mixed_precison",
    ),
    (
        "accelerate",
        YAML,
        None,
        "compute_environment: LOCAL_MACHINE\ndistributed_type: DEEPSPEED\ndeepspeed_config:\n"
        "  zero_stage: 3\n  offload_optimizer_devise: cpu\n",
        "offload_optimizer_devise",
    ),
    (
        "deepspeed",
        JSON,
        "ds_config.json",
        '{"train_micro_batch_size_per_gpu": 4, "gradient_clipping": 1.0,\n'
        ' "zero_optimization": {"stage": 3, "stage3_max_live_parameter": 1e9,\n'
        '   "offload_param": {"device": "cpu", "pin_memory": true}}}',
        "stage3_max_live_parameter",
    ),
    (
        "torchtune",
        YAML,
        None,
        "model:\n  _component_: torchtune.models.llama3_2.lora_llama3_2_1b\n  lora_rank: 8\n"
        "tokenizer:\n  _component_: torchtune.models.llama3.llama3_tokenizer\n"
        "gradient_accumulation_step: 8\nepochs: 1\n",
        "gradient_accumulation_step",
    ),
    (
        "llamafactory",
        YAML,
        None,
        "model_name_or_path: meta-llama/Llama-3-8B\nstage: sft\ndo_train: true\n"
        "finetuning_type: lora\nlora_target: all\ntemplate: llama3\ncutoff_len: 2048\n"
        "per_device_train_batch_size: 1\ngradient_accumulation_steps: 8\nlearning_rate: 1.0e-4\n"
        "overwrite_cahce: true\n",
        "overwrite_cahce",
    ),
    (
        "lm_eval",
        YAML,
        None,
        "task: my_arc\ndataset_path: allenai/ai2_arc\noutput_type: multiple_choice\n"
        "test_split: test\ndoc_to_text: '{{question}}'\ndoc_to_choise: '{{choices.text}}'\n",
        "doc_to_choise",
    ),
    (
        "litgpt",
        YAML,
        None,
        "checkpoint_dir: checkpoints/microsoft/phi-2\nout_dir: out/lora\nprecision: bf16-true\n"
        "devices: 1\nlora_r: 8\ntrain:\n  save_interval: 200\n  global_batch_sise: 16\n",
        "global_batch_sise",
    ),
    (
        "verl",
        YAML,
        None,
        "data:\n  train_batch_size: 8\nactor_rollout_ref:\n  model:\n    path: x\n"
        "trainer:\n  total_epochs: 1\nalgorithm:\n  adv_estimator: grpo\n"
        "reward_modle:\n  enable: false\n",
        "reward_modle",
    ),
    (
        "ms_swift",
        YAML,
        None,
        "model: Qwen/Qwen2.5-7B-Instruct\nrlhf_type: dpo\ntuner_type: lora\n"
        "dataset: [x]\nlearning_rate: 1e-4\nmax_lenght: 2048\n",
        "max_lenght",
    ),
    (
        "peft",
        JSON,
        "adapter_config.json",
        '{"peft_type": "LORA", "task_type": "CAUSAL_LM", "r": 8, "lora_alpha": 16,\n'
        ' "target_modules": ["q_proj"], "lora_dropuot": 0.05}',
        "lora_dropuot",
    ),
    (
        "trl",
        YAML,
        None,
        "model_name_or_path: Qwen/Qwen2.5-0.5B\ndataset_name: trl-lib/Capybara\n"
        "learning_rate: 2.0e-5\nnum_train_epochs: 1\noutput_dir: out\n"
        "gradient_acumulation_steps: 8\n",
        "gradient_acumulation_steps",
    ),
]


@pytest.mark.parametrize(
    ("tool", "kind", "path", "text", "typo"),
    TOOL_FILES,
    ids=[f"{t[0]}-{t[4]}" for t in TOOL_FILES],
)
def test_each_tool_is_detected_and_its_typo_found(
    tool: str, kind: DocumentKind, path: str | None, text: str, typo: str
) -> None:
    assert tool_of(text, kind, path) == tool
    found = keys_flagged(text, kind, path)
    assert names(text, found) == [typo]


def test_near_miss_names_the_tool_and_its_key_and_the_fix_is_unsafe() -> None:
    (finding,) = keys_flagged(AXOLOTL)
    assert finding.message == "Unknown axolotl key 'lora_alpah': did you mean 'lora_alpha'?"
    assert finding.fix is not None
    assert [e.new_text for e in finding.fix.edits] == ["lora_alpha"]
    assert not finding.fix.safe  # renaming a key changes what a program reads


def test_a_file_no_known_tool_reads_gets_nothing() -> None:
    ci = "name: CI\njobs:\n  build:\n    runs-on: ubuntu-latest\n    lora_dropuot: 1\n"
    assert tool_of(ci) is None
    assert keys_flagged(ci) == []
    # Training-flavoured keys, but nothing says which tool: quiet.
    loose = "lora_alpha: 16\ngradient_acumulation_steps: 4\nlearning_rate: 0.0002\n"
    assert tool_of(loose) is None
    assert keys_flagged(loose) == []
    toml = "[train]\nlora_alpha = 16\ngradient_accumulation_step = 2\n"
    assert keys_flagged(toml, TOML) == []


def test_a_real_key_of_another_supported_tool_is_never_unknown() -> None:
    # torchtune's `dataset` is one edit from axolotl's `datasets`; litgpt's `devices` from
    # DeepSpeed's `device`: both real keys, in any file.
    assert {"dataset", "devices"} <= every_tool_key()
    text = AXOLOTL.replace("lora_alpah", "lora_alpha") + "dataset: x\ndevices: 2\n"
    assert keys_flagged(text) == []


def test_two_tools_fingerprints_make_the_file_ambiguous() -> None:
    text = "compute_environment: LOCAL_MACHINE\nbase_model: x\ndatasets: []\nmixed_precison: no\n"
    assert tool_of(text) is None
    assert keys_flagged(text) == []


def test_most_top_level_keys_must_be_the_tools_own() -> None:
    # A `base_model` + `datasets` file of some other program is not an axolotl config.
    text = "base_model: x\ndatasets: [a]\nfoo_one: 1\nfoo_two: 2\nfoo_three: 3\nsequense_len: 4\n"
    assert tool_of(text) is None


def test_nested_sections_are_checked_only_where_the_key_set_pins_them() -> None:
    # torchtune component arguments depend on the component: never guessed.
    text = (
        "model:\n  _component_: torchtune.models.llama3_2.lora_llama3_2_1b\n"
        "  lora_alpah: 16\noptimizer:\n  _component_: torch.optim.AdamW\n  weight_decya: 0.01\n"
    )
    assert tool_of(text) == "torchtune"
    assert keys_flagged(text) == []
    # axolotl dataset items are not a checked section either.
    text = AXOLOTL.replace("lora_alpah", "lora_alpha").replace("type: alpaca", "typ: alpaca")
    assert keys_flagged(text) == []
    # DeepSpeed `optimizer.params` is open: whatever the optimizer takes.
    text = '{"zero_optimization": {"stage": 2}, "optimizer": {"params": {"weight_decya": 0}}}'
    assert keys_flagged(text, JSON) == []


def test_toml_with_a_schema_comment() -> None:
    text = '#:schema https://example.org/schemas/axolotl.json\nbase_model = "x"\nlora_alpah = 16\n'
    assert tool_of(text, TOML) == "axolotl"
    assert names(text, keys_flagged(text, TOML)) == ["lora_alpah"]


def test_a_schema_of_another_program_means_no_known_tool() -> None:
    text = (
        "# yaml-language-server: $schema=https://json.schemastore.org/github-workflow.json\n"
        + AXOLOTL
    )
    assert tool_of(text) is None
    assert keys_flagged(text) == []


def test_project_configuration_maps_globs_to_tools_and_adds_keys(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".mlgloss.toml").write_text(
        'config_keys = ["sequence_lens"]\n\n'
        '[config_tools]\n"recipes/*.toml" = "axolotl"\n"vendored/**" = "none"\n',
        encoding="utf-8",
    )
    config = ConfigResolver().config_for(tmp_path / "recipes" / "a.toml")
    recipe = str(tmp_path / "recipes" / "a.toml")
    text = "lora_alpah = 16\nsequence_lens = 2\nmicro_batch_sise = 1\n"
    assert names(text, keys_flagged(text, TOML, recipe, config)) == [
        "lora_alpah",
        "micro_batch_sise",
    ]
    vendored = str(tmp_path / "vendored" / "axolotl.yaml")
    assert config.config_tool_for(vendored) == "none"
    assert keys_flagged(AXOLOTL, YAML, vendored, config) == []


def test_an_unknown_tool_in_the_mapping_is_a_configuration_error(tmp_path: Path) -> None:
    from mlgloss.analysis.errors import ConfigError

    (tmp_path / ".git").mkdir()
    (tmp_path / ".mlgloss.toml").write_text(
        '[config_tools]\n"*.yaml" = "axolotol"\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError) as caught:
        ConfigResolver().config_for(tmp_path / "a.yaml")
    assert "did you mean `axolotl`?" in str(caught.value)
    assert caught.value.line == 2


def test_known_and_sibling_keys_are_not_flagged() -> None:
    text = AXOLOTL.replace("lora_alpah: 32\n", "lora_alpha: 32\n") + (
        "load_in_8bit: true\nload_in_2bit: false\neval_steps: 10\nvera_dropout: 0.0\n"
    )
    assert keys_flagged(text) == []


def test_ignore_words_silence_a_key() -> None:
    config = ProjectConfig(ignore_words=("lora_alpah",))
    assert keys_flagged(AXOLOTL, config=config) == []
