"""The tool key sets and what a key of a detected file is (tool, class, concept)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mlgloss.analysis.config.model import ToolGlobs, compile_tool_glob
from mlgloss.analysis.config.resolver import ConfigResolver
from mlgloss.analysis.config_tools.key_info import key_info
from mlgloss.analysis.config_tools.keysets import DATA_DIR
from mlgloss.analysis.config_tools.specs import ALL_DATA, TOOLS
from mlgloss.analysis.document import DocumentKind
from mlgloss.analysis.engine import analyze_document
from mlgloss.analysis.errors import ConfigError
from rules_helpers import builtin

ADAPTER = '{"peft_type": "LORA", "r": 8, "lora_alpha": 16, "bias": "none"}'


def test_every_key_file_says_where_its_keys_come_from() -> None:
    for name in ALL_DATA:
        data = json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))
        assert data["source"] and "?" not in data["source"], name
        for item in data["classes"]:
            assert item["class"] and item["origin"] and item["keys"], (name, item["class"])
    assert {p.stem for p in DATA_DIR.glob("*.json")} == set(ALL_DATA)


def test_every_tool_concept_is_a_glossary_entry() -> None:
    glossary = builtin()
    for tool in TOOLS:
        for key, entry_id in tool.concepts.items():
            assert glossary.entry(entry_id) is not None, (tool.id, key, entry_id)


def test_a_generic_key_has_its_concept_only_in_a_file_its_tool_reads() -> None:
    glossary = builtin()
    analysis = analyze_document(ADAPTER, DocumentKind.JSON, glossary=glossary)
    assert analysis.config_tool == "peft"
    by_name = {k.name: k for k in analysis.extraction.keys}
    r = key_info(by_name["r"], analysis.config_tool, glossary)
    assert (r.tool, r.class_name) == ("PEFT", "LoraConfig")
    assert r.entry is not None and r.entry.id == "lora-rank"
    bias = key_info(by_name["bias"], analysis.config_tool, glossary)
    assert bias.entry is not None and bias.entry.id == "loraconfig"
    # The same keys in a file no known tool reads mean nothing in particular.
    other = analyze_document("r: 8\nbias: none\n", DocumentKind.YAML, glossary=glossary)
    assert other.config_tool is None
    for key in other.extraction.keys:
        assert key_info(key, None, glossary).entry is None


def test_distinctive_keys_sit_on_their_concepts() -> None:
    glossary = builtin()
    wanted = {
        "top_k": "top-k",
        "lora_alpha": "lora-alpha",
        "lora_r": "lora-rank",
        "target_modules": "target-modules",
    }
    for key, entry_id in wanted.items():
        entry = glossary.by_config_key(key)
        assert entry is not None and entry.id == entry_id, key
    lora = glossary.entry("lora")
    assert lora is not None
    assert {"lora-rank", "lora-alpha", "target-modules"} <= set(lora.see_also)
    for generic in ("enabled", "device", "params", "bias", "r", "stage", "revision"):
        assert glossary.by_config_key(generic) is None, generic
    assert glossary.by_config_key("num_attention_heads") is None


def test_config_tools_globs_have_gitignore_shape(tmp_path: Path) -> None:
    cases = [
        ("recipes/*.toml", "recipes/a.toml", True),
        ("recipes/*.toml", "x/recipes/a.toml", False),  # a slash anchors it at the root
        ("recipes/*.toml", "recipes/a/b.toml", False),  # `*` stays in one segment
        ("*.yaml", "a/b/c.yaml", True),  # no slash: the name, at any depth
        ("vendored/**", "vendored/a/b.yaml", True),
        ("vendored/", "vendored/a.yaml", True),  # a directory takes in what is below it
        ("/top.yaml", "a/top.yaml", False),
        ("/top.yaml", "top.yaml", True),
        ("configs/**/*.yaml", "configs/x.yaml", True),
        ("configs/**/*.yaml", "configs/a/b/x.yaml", True),
        ("run[0-9].yaml", "run7.yaml", True),  # gitignore's character classes
        ("run[0-9].yaml", "runx.yaml", False),
    ]
    for glob, path, expected in cases:
        table = ToolGlobs(tmp_path, ((glob, "trl"),))
        assert (table.tool_for(tmp_path / path) == "trl") is expected, (glob, path)
    assert ToolGlobs(tmp_path, (("*.yaml", "trl"),)).tool_for(tmp_path.parent / "a.yaml") is None
    for bad in ("", "/", "# a comment", "!negated/*", "trailing\\"):
        with pytest.raises(ValueError):
            compile_tool_glob(bad)


def test_a_hostile_config_tools_glob_is_matched_in_linear_time(tmp_path: Path) -> None:
    """Issue 11's attack on the `config_tools` table: 25 `*` then `b` against a 40-level
    path. A regex translation (`[^/]*` per star) backtracks for minutes; the core matcher
    searches each chunk once (no time asserted: benchmarks/pattern_speed.py has figures)."""
    deep = tmp_path.joinpath(*(["a" * 30] * 40), "x.yaml")
    for glob in ("*" * 25 + "b", "/".join(["*"] * 25) + "/b", "*a" * 25 + "b"):
        assert ToolGlobs(tmp_path, ((glob, "trl"),)).tool_for(deep) is None, glob


def test_config_tools_in_a_project_config_refuses_a_bad_glob_with_its_line(
    tmp_path: Path,
) -> None:
    (tmp_path / ".mlgloss.toml").write_text(
        '[config_tools]\n"recipes/*.toml" = "trl"\n"!recipes/x.toml" = "none"\n',
        encoding="utf-8",
    )
    result = ConfigResolver().resolve(tmp_path / "a.yaml")
    assert isinstance(result, ConfigError)
    assert result.line == 3 and "invalid glob" in str(result)
