"""Gathers the config keys of training and evaluation tools from their released sources.

Maintainer script, not part of the package. It reads the key *names* of each tool's own
argument dataclasses, pydantic config models, argparse flags or shipped config files (with
``ast``, never importing the packages) and writes one JSON file per tool to
``server/mlgloss/analysis/data/config_tools/``. Only names are kept: no help text, no code.

Get the sources first (no dependencies are installed)::

    pip download --no-deps -d /tmp/keys transformers peft trl accelerate llamafactory \\
        torchtune lm_eval openrlhf verl litgpt ms-swift axolotl deepspeed
    # unpack each wheel into /tmp/keys/src/<name>/, the DeepSpeed sdist into src/deepspeed/
    python scripts/gather_config_keys.py /tmp/keys

Each output records where its keys came from (package, version, module, class).
"""

from __future__ import annotations

import ast
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

OUT = Path(__file__).resolve().parent.parent / "server/mlgloss/analysis/data/config_tools"
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass
class ClassKeys:
    """The keys one class (or one set of files) contributes, and where they sit."""

    name: str
    origin: str
    keys: list[str]
    section: str = ""  # dotted path of the mapping the keys sit in ("" = top level)


@dataclass
class Package:
    """The parsed modules of one unpacked distribution, with classes indexed by name."""

    root: Path
    version: str
    modules: dict[str, ast.Module] = field(default_factory=dict)
    classes: dict[str, list[tuple[str, ast.ClassDef]]] = field(default_factory=dict)

    @classmethod
    def load(cls, root: Path, top: str) -> Package:
        dist = next(root.glob("*.dist-info"), None) or next(root.glob("*/PKG-INFO"), None)
        version = "?"
        if dist is not None:
            meta = dist / "METADATA" if dist.is_dir() else dist
            for line in meta.read_text(encoding="utf-8").splitlines():
                if line.startswith("Version:"):
                    version = line.split(":", 1)[1].strip()
                    break
        if version == "?" and (parent := next(root.parent.parent.glob("*.dist-info"), None)):
            for line in (parent / "METADATA").read_text(encoding="utf-8").splitlines():
                if line.startswith("Version:"):
                    version = line.split(":", 1)[1].strip()
                    break
        pkg = cls(root, version)
        base = next(p for p in root.rglob(top) if p.is_dir() and (p / "__init__.py").exists())
        for path in sorted(base.rglob("*.py")):
            rel = path.relative_to(base.parent).as_posix()
            try:
                module = ast.parse(path.read_text(encoding="utf-8"))
            except (SyntaxError, UnicodeDecodeError):
                continue
            pkg.modules[rel] = module
            for node in ast.walk(module):
                if isinstance(node, ast.ClassDef):
                    pkg.classes.setdefault(node.name, []).append((rel, node))
        return pkg

    def find(self, name: str, module_hint: str = "") -> tuple[str, ast.ClassDef]:
        found = self.classes[name]
        for rel, node in found:
            if module_hint in rel:
                return rel, node
        return found[0]


def _is_classvar(annotation: ast.expr) -> bool:
    text = ast.unparse(annotation)
    return text.startswith(("ClassVar", "typing.ClassVar"))


def _aliases(value: ast.expr | None) -> list[str]:
    """``alias=``/``validation_alias=`` strings of a pydantic ``Field(...)`` call."""
    if not isinstance(value, ast.Call):
        return []
    out = []
    for kw in value.keywords:
        alias = kw.value
        if kw.arg in ("alias", "validation_alias") and isinstance(alias, ast.Constant):
            out.extend([alias.value] if isinstance(alias.value, str) else [])
    return out


def own_fields(node: ast.ClassDef) -> list[str]:
    """The field names a class body declares (annotated names, ``ClassVar`` left out)."""
    out: list[str] = []
    for stmt in node.body:
        if not isinstance(stmt, ast.AnnAssign) or not isinstance(stmt.target, ast.Name):
            continue
        name = stmt.target.id
        if name.startswith("_") or _is_classvar(stmt.annotation):
            continue
        out.append(name)
        out.extend(_aliases(stmt.value))
    return out


def base_names(node: ast.ClassDef) -> list[str]:
    out = []
    for base in node.bases:
        if isinstance(base, ast.Name):
            out.append(base.id)
        elif isinstance(base, ast.Attribute):
            out.append(base.attr)
    return out


def class_chain(pkg: Package, name: str, hint: str = "") -> Iterator[tuple[str, str, list[str]]]:
    """(class, module, own fields) of ``name`` and of its bases found in the package."""
    seen: set[str] = set()
    todo = [(name, hint)]
    while todo:
        cls_name, cls_hint = todo.pop(0)
        if cls_name in seen or cls_name not in pkg.classes:
            continue
        seen.add(cls_name)
        rel, node = pkg.find(cls_name, cls_hint)
        yield cls_name, rel, own_fields(node)
        todo.extend((b, "") for b in base_names(node))


class Collector:
    """Keys of one tool, each counted for the first class that declares it in a section."""

    def __init__(self, tool: str, source: str) -> None:
        self.tool = tool
        self.source = source
        self.classes: list[ClassKeys] = []
        self._seen: dict[str, set[str]] = {}

    def add(self, name: str, origin: str, keys: Iterable[str], section: str = "") -> None:
        seen = self._seen.setdefault(section, set())
        fresh = sorted({k for k in keys if _IDENT.fullmatch(k) and k not in seen})
        if fresh:
            seen.update(fresh)
            self.classes.append(ClassKeys(name, origin, fresh, section))

    def add_classes(
        self, pkg: Package, names: Iterable[str], prefix: str, section: str = ""
    ) -> None:
        for top in names:
            hint = ""
            if ":" in top:
                hint, top = top.split(":", 1)
            for cls_name, rel, keys in class_chain(pkg, top, hint):
                self.add(cls_name, f"{prefix} {pkg.version} {rel}", keys, section)

    def write(self) -> None:
        data: dict[str, Any] = {
            "tool": self.tool,
            "source": self.source,
            "generated_by": "scripts/gather_config_keys.py",
            "classes": [
                {"class": c.name, "origin": c.origin, "section": c.section, "keys": c.keys}
                for c in self.classes
            ],
        }
        OUT.mkdir(parents=True, exist_ok=True)
        path = OUT / f"{self.tool}.json"
        text = json.dumps(data, indent=1, sort_keys=False)
        path.write_text(text + "\n", encoding="utf-8")
        total = sum(len(c.keys) for c in self.classes)
        print(f"{self.tool}: {total} keys in {len(self.classes)} classes -> {path.name}")


def yaml_keys(paths: Iterable[Path]) -> tuple[set[str], dict[str, set[str]]]:
    """Top-level keys, and keys by dotted section, of config files (list items skipped)."""
    top: set[str] = set()
    nested: dict[str, set[str]] = {}

    def walk(value: object, section: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str):
                    continue
                if section:
                    nested.setdefault(section, set()).add(key)
                else:
                    top.add(key)
                walk(item, f"{section}.{key}" if section else key)
        elif isinstance(value, list):
            for item in value:
                walk(item, section + "[]")

    for path in paths:
        try:
            walk(yaml.safe_load(path.read_text(encoding="utf-8")), "")
        except yaml.YAMLError:
            continue
    return top, nested


def argparse_flags(module: ast.Module) -> list[str]:
    """``--flag`` names of ``add_argument`` calls, written as config keys (``_`` for ``-``)."""
    out = []
    for node in ast.walk(module):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "add_argument":
            for arg in node.args:
                flag = arg.value if isinstance(arg, ast.Constant) else None
                if isinstance(flag, str) and flag.startswith("--"):
                    out.append(flag[2:].replace("-", "_"))
                    break
    return out


def string_constants(module: ast.Module) -> list[str]:
    """Values of module-level ``UPPER = "lower_name"`` constants."""
    out = []
    for stmt in module.body:
        if (
            isinstance(stmt, ast.Assign)
            and all(isinstance(t, ast.Name) and t.id.isupper() for t in stmt.targets)
            and isinstance(stmt.value, ast.Constant)
            and isinstance(stmt.value.value, str)
            and re.fullmatch(r"[a-z][a-z0-9_]*", stmt.value.value)
        ):
            out.append(stmt.value.value)
    return out


def function_params(module: ast.Module, name: str) -> list[str]:
    for node in module.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            args = node.args
            return [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
    return []


# --- one function per tool --------------------------------------------------------------

TRAINING_ARGUMENTS = ["TrainingArguments", "Seq2SeqTrainingArguments"]


def transformers(src: Path) -> Package:
    pkg = Package.load(src / "transformers", "transformers")
    c = Collector("transformers", f"transformers {pkg.version} (PyPI wheel)")
    c.add_classes(pkg, ["training_args.py:TrainingArguments"], "transformers")
    c.add_classes(pkg, ["training_args_seq2seq.py:Seq2SeqTrainingArguments"], "transformers")
    c.write()
    return pkg


def _transformers_base(c: Collector, tf: Package) -> None:
    c.add_classes(tf, ["training_args.py:TrainingArguments"], "transformers")
    c.add_classes(tf, ["training_args_seq2seq.py:Seq2SeqTrainingArguments"], "transformers")


def trl(src: Path, tf: Package) -> None:
    pkg = Package.load(src / "trl", "trl")
    c = Collector("trl", f"trl {pkg.version} (PyPI wheel), on transformers {tf.version}")
    _transformers_base(c, tf)
    names = sorted(
        n
        for n, found in pkg.classes.items()
        if (n.endswith("Config") or n.endswith("Arguments"))
        and any(own_fields(node) for _, node in found)
        and not any("experimental" in rel for rel, _ in found[:1])
    )
    names += sorted(
        n
        for n, found in pkg.classes.items()
        if n.endswith("Config") and all("experimental" in rel for rel, _ in found)
    )
    c.add_classes(pkg, names, "trl")
    c.write()


def peft(src: Path) -> None:
    pkg = Package.load(src / "peft", "peft")
    c = Collector("peft", f"peft {pkg.version} (PyPI wheel)")
    names = sorted(
        n
        for n, found in pkg.classes.items()
        if n.endswith("Config") and any(rel.endswith("config.py") for rel, _ in found)
    )
    c.add_classes(pkg, ["PeftConfigMixin", "PeftConfig", "PromptLearningConfig", *names], "peft")
    c.write()


def accelerate(src: Path) -> None:
    pkg = Package.load(src / "accelerate", "accelerate")
    c = Collector("accelerate", f"accelerate {pkg.version} (PyPI wheel)")
    c.add_classes(
        pkg, ["config_args.py:ClusterConfig", "config_args.py:SageMakerConfig"], "accelerate"
    )
    cluster = pkg.modules["accelerate/commands/config/cluster.py"]
    by_section: dict[str, set[str]] = {}
    for node in ast.walk(cluster):
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Name)
            and node.value.id.endswith("_config")
            and isinstance(node.slice, ast.Constant)
            and isinstance(node.slice.value, str)
        ):
            by_section.setdefault(node.value.id, set()).add(node.slice.value)
    launch = argparse_flags(pkg.modules["accelerate/commands/launch.py"])
    prefixes = {"fsdp_config": "fsdp_", "megatron_lm_config": "megatron_lm_"}
    for section, prefix in prefixes.items():
        by_section.setdefault(section, set()).update(f for f in launch if f.startswith(prefix))
    ds_flags = {
        "zero_stage",
        "offload_optimizer_device",
        "offload_param_device",
        "gradient_clipping",
        "zero3_init_flag",
        "zero3_save_16bit_model",
        "deepspeed_config_file",
        "deepspeed_hostfile",
        "deepspeed_exclusion_filter",
        "deepspeed_inclusion_filter",
        "deepspeed_multinode_launcher",
        "deepspeed_moe_layer_cls_names",
        "offload_optimizer_nvme_path",
        "offload_param_nvme_path",
        "gradient_accumulation_steps",
    }
    by_section.setdefault("deepspeed_config", set()).update(f for f in launch if f in ds_flags)
    for section, keys in sorted(by_section.items()):
        origin = f"accelerate {pkg.version} commands/config/cluster.py, commands/launch.py"
        c.add(section, origin, keys, section)
    c.add("launch flags", f"accelerate {pkg.version} commands/launch.py", launch)
    c.write()


def deepspeed(src: Path) -> None:
    pkg = Package.load(next((src / "deepspeed").iterdir()), "deepspeed")
    c = Collector("deepspeed", f"deepspeed {pkg.version} (PyPI sdist)")
    top: set[str] = set()
    for rel, module in pkg.modules.items():
        if rel.endswith(("constants.py", "/config.py")):
            top.update(string_constants(module))
    for node in ast.walk(pkg.modules["deepspeed/runtime/config.py"]):
        # param_dict.get("zero_optimization"), param_dict["bf16"]
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", "") == "get"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            top.add(node.args[0].value)
    c.add("runtime config", f"deepspeed {pkg.version} deepspeed/**/constants.py, config.py", top)
    for section, cls in [
        ("zero_optimization", "DeepSpeedZeroConfig"),
        ("zero_optimization.offload_param", "DeepSpeedZeroOffloadParamConfig"),
        ("zero_optimization.offload_optimizer", "DeepSpeedZeroOffloadOptimizerConfig"),
    ]:
        for cls_name, rel, keys in class_chain(pkg, cls):
            c.add(cls_name, f"deepspeed {pkg.version} {rel}", keys, section)
    models = sorted(
        n
        for n, found in pkg.classes.items()
        if "DeepSpeedConfigModel" in base_names(found[0][1]) or n.endswith("ConfigModel")
    )
    for name in models:
        for cls_name, rel, keys in class_chain(pkg, name):
            c.add(cls_name, f"deepspeed {pkg.version} {rel}", keys, "*")
    c.write()


def axolotl(src: Path) -> None:
    pkg = Package.load(src / "axolotl", "axolotl")
    c = Collector("axolotl", f"axolotl {pkg.version} (PyPI wheel)")
    c.add_classes(pkg, ["schemas/config.py:AxolotlInputConfig"], "axolotl")
    plugin_args = sorted(
        n
        for n, found in pkg.classes.items()
        if any("/integrations/" in rel and rel.endswith("args.py") for rel, _ in found)
    )
    c.add_classes(pkg, plugin_args, "axolotl")
    nested = sorted(
        n for n, found in pkg.classes.items() if any("/utils/schemas/" in rel for rel, _ in found)
    )
    c.add_classes(pkg, nested, "axolotl", "*")
    c.write()


def llamafactory(src: Path, tf: Package) -> None:
    pkg = Package.load(src / "llamafactory", "llamafactory")
    c = Collector(
        "llamafactory", f"llamafactory {pkg.version} (PyPI wheel), on transformers {tf.version}"
    )
    c.add_classes(
        pkg,
        [
            "ModelArguments",
            "DataArguments",
            "FinetuningArguments",
            "hparams/training_args.py:TrainingArguments",
            "GeneratingArguments",
            "EvaluationArguments",
        ],
        "llamafactory",
    )
    _transformers_base(c, tf)
    c.write()


def torchtune(src: Path) -> None:
    root = src / "torchtune"
    pkg = Package.load(root, "torchtune")
    c = Collector("torchtune", f"torchtune {pkg.version} (PyPI wheel)")
    recipe_keys: set[str] = set()
    for path in sorted((root / "recipes").glob("*.py")):
        module = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(module):
            # cfg.name, cfg.get("name"), cfg["name"] in the recipes
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "cfg"
                and node.attr not in ("get", "items", "keys", "pop")
            ):
                recipe_keys.add(node.attr)
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("get", "pop")
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "cfg"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                recipe_keys.add(node.args[0].value)
    c.add("recipes (cfg reads)", f"torchtune {pkg.version} recipes/*.py", recipe_keys)
    top, _ = yaml_keys(sorted((root / "recipes/configs").rglob("*.yaml")))
    c.add("recipes/configs", f"torchtune {pkg.version} recipes/configs/**/*.yaml", top)
    c.write()


def lm_eval(src: Path) -> None:
    pkg = Package.load(src / "lm_eval", "lm_eval")
    c = Collector("lm_eval", f"lm_eval {pkg.version} (PyPI wheel)")
    c.add_classes(pkg, ["config/task.py:TaskConfig", "config/group.py:GroupConfig"], "lm_eval")
    # Keys the task loader itself reads from a task YAML before TaskConfig sees it.
    c.add("task loader", f"lm_eval {pkg.version} docs/task_guide.md", ["include", "class"])
    c.write()


def openrlhf(src: Path) -> None:
    root = next((src / "openrlhf").glob("*.data/purelib"))
    pkg = Package.load(root, "openrlhf")
    c = Collector("openrlhf", f"openrlhf {pkg.version} (PyPI wheel)")
    for rel, module in sorted(pkg.modules.items()):
        if "/cli/" not in rel:
            continue
        by_section: dict[str, list[str]] = {}
        for flag in argparse_flags(module):  # dotted flags: --ckpt.output_dir
            section, _, key = flag.rpartition(".")
            by_section.setdefault(section, []).append(key)
        script = rel.rsplit("/", 1)[-1].removesuffix(".py")
        for section, keys in sorted(by_section.items()):
            c.add(
                f"{script} --{section or '<flags>'}", f"openrlhf {pkg.version} {rel}", keys, section
            )
    c.write()


def verl(src: Path) -> None:
    root = src / "verl"
    pkg = Package.load(root, "verl")
    c = Collector("verl", f"verl {pkg.version} (PyPI wheel)")
    configs = sorted((root / "verl/trainer/config").rglob("*.yaml"))
    top, nested = yaml_keys(p for p in configs if p.parent.name == "config")
    c.add("trainer configs", f"verl {pkg.version} verl/trainer/config/*.yaml", top)
    all_nested: set[str] = set()
    for keys in nested.values():
        all_nested |= keys
    _, sub = yaml_keys(configs)
    for keys in sub.values():
        all_nested |= keys
    sub_top, _ = yaml_keys(p for p in configs if p.parent.name != "config")
    all_nested |= sub_top
    for cls in sorted(n for n, f in pkg.classes.items() if any("/config/" in r for r, _ in f)):
        for _, _, keys in class_chain(pkg, cls):
            all_nested.update(keys)
    c.add(
        "nested sections",
        f"verl {pkg.version} verl/trainer/config/**/*.yaml, */config/*.py",
        all_nested,
        "*",
    )
    c.write()


def litgpt(src: Path) -> None:
    pkg = Package.load(src / "litgpt", "litgpt")
    c = Collector("litgpt", f"litgpt {pkg.version} (PyPI wheel)")
    for rel in sorted(pkg.modules):
        if rel.startswith("litgpt/finetune/") or rel == "litgpt/pretrain.py":
            c.add(
                f"{rel} setup()",
                f"litgpt {pkg.version} {rel}",
                function_params(pkg.modules[rel], "setup"),
            )
    for section, cls in [("train", "TrainArgs"), ("eval", "EvalArgs"), ("log", "LogArgs")]:
        c.add_classes(pkg, [f"args.py:{cls}"], "litgpt", section)
    c.add_classes(pkg, ["config.py:Config"], "litgpt", "model_config")
    c.add_classes(pkg, ["config.py:Config"], "litgpt")  # a model config file: Config at top
    c.write()


def ms_swift(src: Path, tf: Package) -> None:
    pkg = Package.load(src / "ms_swift", "swift")
    c = Collector("ms_swift", f"ms-swift {pkg.version} (PyPI wheel), on transformers {tf.version}")
    names = sorted(
        n
        for n, found in pkg.classes.items()
        if n.endswith("Arguments") and any("argument" in rel for rel, _ in found)
    )
    c.add_classes(pkg, names, "ms-swift")
    _transformers_base(c, tf)
    c.write()


def main(argv: list[str]) -> int:
    src = Path(argv[1]) / "src"
    tf = transformers(src)
    trl(src, tf)
    peft(src)
    accelerate(src)
    deepspeed(src)
    axolotl(src)
    llamafactory(src, tf)
    torchtune(src)
    lm_eval(src)
    openrlhf(src)
    verl(src)
    litgpt(src)
    ms_swift(src, tf)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
