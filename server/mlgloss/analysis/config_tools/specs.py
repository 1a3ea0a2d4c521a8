"""The supported tools: how each one's config files are recognised, and what is checked in them.

A tool is recognised by, strongest first: the project's ``config_tools`` mapping, a schema
comment or ``$schema`` key naming it, a marker key whose value names its modules
(``_component_: torchtune.…``), or a fingerprint: top-level keys that together only its
files have (``compute_environment`` for accelerate; ``base_model`` with ``datasets`` for
axolotl). A file name pattern (``ds_config*.json``) counts only with a fingerprint or a
marker. ``fallback`` tools (a flat ``TrainingArguments``-style file) are chosen only when no
other tool matches.

``checked`` lists the sections whose keys ``config-key`` checks; keys anywhere else (a
torchtune ``_component_``'s arguments, axolotl's ``datasets`` items, verl's nested
sections) are never called unknown, because the data does not say what they may be.

``concepts`` ties a generic key (``r``, ``stage``, ``bias``, ``enabled``) to the glossary
entry it denotes only inside a file the tool reads; distinctive keys (``lora_alpha``) are
tied to their entry by the glossary's ``config_keys`` wherever they appear.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from mlgloss.analysis.document import DocumentKind

_YAML = frozenset({DocumentKind.YAML})
_JSON = frozenset({DocumentKind.JSON})
_ANY = frozenset({DocumentKind.YAML, DocumentKind.JSON, DocumentKind.TOML})


@dataclass(frozen=True, slots=True, eq=False)
class ToolSpec:
    """One supported tool (compared and hashed by identity: there is one of each)."""

    id: str
    name: str  # as the tool writes its own name
    data: tuple[str, ...]  # key files under analysis/data/config_tools, without .json
    kinds: frozenset[DocumentKind] = _ANY
    fingerprints: tuple[frozenset[str], ...] = ()  # any one: all its keys at the top level
    markers: tuple[tuple[str, str], ...] = ()  # (key, value prefix) anywhere in the file
    file_names: tuple[str, ...] = ()  # fnmatch patterns of the file's name
    schema_words: tuple[str, ...] = ()  # words that name the tool in a schema URL
    checked: tuple[str, ...] = ("",)  # sections whose keys are checked
    fallback: bool = False
    concepts: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


def _concepts(**keys: str) -> Mapping[str, str]:
    return MappingProxyType(keys)


_TRAINING_ARGUMENTS = _concepts(
    seed="trainingarguments",
    debug="trainingarguments",
    project="trainingarguments",
    beta="dpo",
    epsilon="clipped-surrogate-objective",
    delta="grpoconfig",
)

TOOLS: tuple[ToolSpec, ...] = (
    ToolSpec(
        "deepspeed",
        "DeepSpeed",
        ("deepspeed",),
        kinds=_JSON,
        fingerprints=(
            frozenset({"zero_optimization"}),
            frozenset({"train_micro_batch_size_per_gpu"}),
        ),
        file_names=("ds_config*.json", "ds_*.json", "*deepspeed*.json", "zero*.json"),
        schema_words=("deepspeed",),
        checked=(
            "",
            "zero_optimization",
            "zero_optimization.offload_param",
            "zero_optimization.offload_optimizer",
        ),
        concepts=_concepts(
            stage="zero",
            device="zero",
            enabled="deepspeed-config",
            params="deepspeed-config",
        ),
    ),
    ToolSpec(
        "accelerate",
        "Accelerate",
        ("accelerate",),
        kinds=_YAML,
        fingerprints=(frozenset({"compute_environment"}), frozenset({"distributed_type"})),
        schema_words=("accelerate",),
        checked=("", "deepspeed_config", "fsdp_config", "megatron_lm_config", "fp8_config"),
    ),
    ToolSpec(
        "axolotl",
        "axolotl",
        ("axolotl",),
        kinds=_YAML,
        fingerprints=(
            frozenset({"base_model", "datasets"}),
            frozenset({"base_model", "sequence_len"}),
            frozenset({"base_model", "micro_batch_size"}),
            frozenset({"base_model", "adapter"}),
        ),
        schema_words=("axolotl",),
        concepts=MappingProxyType(
            {
                "adapter": "adapter",
                **dict.fromkeys(
                    (
                        "content",
                        "datasets",
                        "diffusion",
                        "dynamic",
                        "ebft",
                        "eps",
                        "field",
                        "gpu",
                        "mode",
                        "name",
                        "path",
                        "plugins",
                        "role",
                        "roles",
                        "secrets",
                        "split",
                        "strict",
                        "stride",
                        "tokens",
                        "trl",
                        "type",
                        "device_map",
                        "model_type",
                        "num_labels",
                        "model_config",
                        "data_files",
                    ),
                    "axolotl-config",
                ),
            }
        ),
    ),
    ToolSpec(
        "torchtune",
        "torchtune",
        ("torchtune",),
        kinds=_YAML,
        markers=(("_component_", "torchtune."),),
        schema_words=("torchtune",),
    ),
    ToolSpec(
        "llamafactory",
        "LLaMA-Factory",
        ("llamafactory",),
        fingerprints=(frozenset({"finetuning_type"}), frozenset({"stage", "template"})),
        schema_words=("llamafactory", "llama-factory", "llama_factory"),
    ),
    ToolSpec(
        "lm_eval",
        "lm-evaluation-harness",
        ("lm_eval",),
        kinds=_YAML,
        fingerprints=tuple(
            frozenset({"task", other})
            for other in ("dataset_path", "doc_to_text", "doc_to_target", "output_type")
        ),
        schema_words=("lm-eval", "lm_eval", "lm-evaluation-harness"),
    ),
    ToolSpec(
        "verl",
        "verl",
        ("verl",),
        kinds=_YAML,
        fingerprints=(frozenset({"actor_rollout_ref", "trainer"}),),
        schema_words=("verl",),
    ),
    ToolSpec(
        "litgpt",
        "LitGPT",
        ("litgpt",),
        kinds=_YAML,
        fingerprints=(
            frozenset({"checkpoint_dir", "out_dir", "train"}),
            frozenset({"model_name", "out_dir", "train"}),
        ),
        schema_words=("litgpt",),
        checked=("", "train", "eval", "log"),
    ),
    ToolSpec(
        "ms_swift",
        "ms-swift",
        ("ms_swift",),
        fingerprints=(frozenset({"rlhf_type", "model"}), frozenset({"tuner_type", "model"})),
        schema_words=("ms-swift", "swift"),
    ),
    ToolSpec(
        "openrlhf",
        "OpenRLHF",
        ("openrlhf",),
        schema_words=("openrlhf",),
    ),
    ToolSpec(
        "peft",
        "PEFT",
        ("peft",),
        kinds=_JSON,
        fingerprints=(frozenset({"peft_type"}),),
        file_names=("adapter_config.json",),
        schema_words=("peft",),
        concepts=_concepts(
            r="lora-rank",
            alpha="lora-alpha",
            bias="loraconfig",
            revision="peft",
            num_attention_heads="peft",
            num_layers="peft",
            token_dim="peft",
            beta1="peft",
            beta2="peft",
            tinit="peft",
            tfinal="peft",
            deltaT="peft",
        ),
    ),
    ToolSpec(
        "trl",
        "TRL",
        ("trl",),
        schema_words=("trl", "transformers"),
        fallback=True,
        concepts=_TRAINING_ARGUMENTS,
    ),
)
"""Every supported tool, in the order ties between fingerprints are broken (none is: a file
two tools' fingerprints match is left alone)."""

TRL_FINGERPRINT_KEYS = frozenset(
    {
        "output_dir",
        "learning_rate",
        "per_device_train_batch_size",
        "gradient_accumulation_steps",
        "num_train_epochs",
        "max_steps",
        "logging_steps",
        "save_strategy",
        "eval_strategy",
        "lr_scheduler_type",
        "warmup_ratio",
        "warmup_steps",
        "model_name_or_path",
        "dataset_name",
    }
)
"""``TrainingArguments``/TRL script keys: three of them at the top level make the fallback
tool's fingerprint."""
TRL_FINGERPRINT_MIN = 3

BY_ID: Mapping[str, ToolSpec] = MappingProxyType({t.id: t for t in TOOLS})


def concept_of(tool_id: str | None, key: str) -> str | None:
    """The glossary entry id a generic key denotes in a file ``tool_id`` reads, if any."""
    tool = BY_ID.get(tool_id) if tool_id else None
    return tool.concepts.get(key) if tool is not None else None


NO_TOOL = "none"
"""The ``config_tools`` value that says no supported tool reads the files."""

ALL_DATA: tuple[str, ...] = (*dict.fromkeys(n for tool in TOOLS for n in tool.data), "transformers")
"""Every key file: a key in any of them is a real key of some supported tool."""
