"""The compiled project glossary: the same glossary as building it, keyed by content, and
never trusted when its file is not a whole one of ours."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from mlgloss.analysis.rules import misspelling
from mlgloss.errors import GlossaryError
from mlgloss.glossary import builtin_cache, compiled, layers
from mlgloss.glossary.builtin import load_builtin_file, load_builtin_glossary
from mlgloss.glossary.compiled import LazyEntries
from mlgloss.glossary.layers import clear_cache, load_glossary
from mlgloss.glossary.lookup import Glossary

PROJECT = """\
version: 1
entries:
  - term: LoRA adapter
    forms: [{text: lora-adapter, status: deprecated, reason: spelling}]
    definition: A pair of low-rank matrices trained beside a frozen weight.
    see_also: [mixture of experts]
    tests:
      flag: ["We merge the lora-adapter."]
      pass: ["We merge the LoRA adapter."]
  - term: gradient checkpointing
    acronym: GC
    config_keys: [gradient_checkpointing]
  - term: Transformer
    definition: The architecture of attention layers.
  - term: mixture of experts
    forms: [{text: mixture-of-expert, status: deprecated, reason: spelling}]
"""


def generated_entries(count: int) -> str:
    lines = []
    for i in range(count):
        words = ["alpha", "beta", "gamma", "delta"][i % 4]
        lines.append(f"  - {{term: {words} syn{i} layer, definition: Generated term {i}.}}")
    return "\n".join(lines) + "\n"


TEXT = (
    "We merge the lora-adapter, then the LoRA adapters, with GC and gradient checkpointing.\n"
    "A Transformer (or transformers) uses a mixture-of-expert layer; alpha syn4 layers and "
    "Beta syn5 layer, beta-syn9-layer.\n"
)


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(builtin_cache.DISABLE_ENV, raising=False)
    clear_cache()
    load_builtin_file.cache_clear()
    load_builtin_glossary.cache_clear()
    yield tmp_path / "cache" / "mlgloss"
    clear_cache()
    load_builtin_file.cache_clear()
    load_builtin_glossary.cache_clear()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "terms.yaml"
    path.write_text(PROJECT + generated_entries(400), encoding="utf-8")
    return path


def _built(path: Path, builtin: bool = True) -> Glossary:
    return layers._build([path], builtin)


def _no_building(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> Glossary:
        raise AssertionError("the glossary was built although its compiled file should serve")

    monkeypatch.setattr(layers, "_build", fail)


def _found(glossary: Glossary, text: str) -> list[tuple[object, ...]]:
    return [
        (o.start, o.end, o.entry, o.form, o.surface, o.plural_kind)
        for o in glossary.index.find(text)
    ]


def _compiled_file(cache_home: Path) -> Path:
    (path,) = cache_home.glob("compiled-*.jsonl")
    return path


@pytest.mark.parametrize("builtin", [True, False])
def test_the_compiled_glossary_is_the_built_one(
    cache_home: Path, project: Path, monkeypatch: pytest.MonkeyPatch, builtin: bool
) -> None:
    first = load_glossary([project], builtin=builtin)
    built = _built(project, builtin)
    assert dict(first.entries) == dict(built.entries)
    path = _compiled_file(cache_home)
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600
    clear_cache()
    _no_building(monkeypatch)
    again = load_glossary([project], builtin=builtin)
    assert isinstance(again.entries, LazyEntries)
    assert list(again.entries) == list(built.entries)  # the same ids in the same order
    assert again.sources == built.sources
    assert again.index.form_count == built.index.form_count
    assert _found(again, TEXT) == _found(built, TEXT)
    assert len(_found(again, TEXT)) >= 8
    assert dict(again.entries) == dict(built.entries)
    for query in ("lora adapter", "gradient_checkpointing", "GC", "nothing at all"):
        assert again.resolve(query) == built.resolve(query)
    assert [h.entry.id for h in again.search("gamma syn")] == [
        h.entry.id for h in built.search("gamma syn")
    ]


def test_entries_are_decoded_only_when_used(
    cache_home: Path, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_glossary([project])
    clear_cache()
    _no_building(monkeypatch)
    glossary = load_glossary([project])
    entries = glossary.entries
    assert isinstance(entries, LazyEntries)
    assert sum(entry is not None for entry in entries._decoded) == 0
    (found,) = glossary.index.find("We use gradient checkpointing.")
    assert found.entry.term == "gradient checkpointing"
    decoded = sum(entry is not None for entry in entries._decoded)
    assert 1 <= decoded < 20  # the few entries with a form that starts with "gradient"


def test_any_change_of_an_input_is_another_compiled_glossary(
    cache_home: Path, project: Path
) -> None:
    load_glossary([project])
    project.write_text(
        project.read_text(encoding="utf-8") + "  - term: brand new term\n", encoding="utf-8"
    )
    clear_cache()
    glossary = load_glossary([project])
    assert glossary.lookup("brand new term") is not None
    assert len(list(cache_home.glob("compiled-*.jsonl"))) == 2
    other = project.with_name("other.yaml")
    other.write_text("version: 1\nentries:\n  - term: other term\n", encoding="utf-8")
    order_a = load_glossary([project, other])
    order_b = load_glossary([other, project])
    without_builtin = load_glossary([project], builtin=False)
    assert len(list(cache_home.glob("compiled-*.jsonl"))) == 4  # layer order, built-in: keys
    assert order_a.digest != order_b.digest
    assert without_builtin.digest not in (glossary.digest, order_a.digest)


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _one_byte_changed(data: bytes) -> bytes:
    at = data.rindex(b"Generated term")
    return data[:at] + b"Generaten" + data[at + 9 :]


def _foreign_key(data: bytes) -> bytes:
    return data.replace(b'"key":"', b'"key":"0', 1).replace(b'"key": "', b'"key": "0', 1)


def _last_line_dropped(data: bytes) -> bytes:
    return data[: data.rindex(b"\n")]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: b"not json\n{}",
        lambda data: b'{"format": 1}\n',
        _truncated,
        _one_byte_changed,
        _foreign_key,
        _last_line_dropped,
    ],
    ids=["empty", "garbage", "header-only", "truncated", "byte-changed", "foreign", "short"],
)
def test_a_damaged_compiled_file_is_rebuilt_not_trusted(
    cache_home: Path, project: Path, damage: object
) -> None:
    load_glossary([project])
    path = _compiled_file(cache_home)
    good = path.read_bytes()
    path.write_bytes(damage(good))  # type: ignore[operator]
    key = path.name.removeprefix("compiled-").removesuffix(".jsonl")
    assert compiled.read(key) is None
    clear_cache()
    glossary = load_glossary([project])
    assert dict(glossary.entries) == dict(_built(project).entries)
    assert _found(glossary, TEXT) == _found(_built(project), TEXT)
    assert path.read_bytes() == good  # written again from the files


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_compiled_file_others_may_write_is_ignored(cache_home: Path, project: Path) -> None:
    load_glossary([project])
    path = _compiled_file(cache_home)
    path.chmod(0o666)
    key = path.name.removeprefix("compiled-").removesuffix(".jsonl")
    assert compiled.read(key) is None


def test_errors_still_name_file_and_line_after_a_good_compile(
    cache_home: Path, project: Path
) -> None:
    load_glossary([project])
    broken = project.read_text(encoding="utf-8") + textwrap.dedent(
        """\
          - term: Transformer
        """
    )
    project.write_text(broken, encoding="utf-8")
    line = broken.count("\n")
    clear_cache()
    with pytest.raises(GlossaryError) as raised:
        load_glossary([project])
    assert raised.value.file == str(project)
    assert raised.value.line == line
    failing = PROJECT.replace('pass: ["We merge the LoRA adapter."]', 'pass: ["No term here."]')
    project.write_text(failing, encoding="utf-8")
    clear_cache()
    with pytest.raises(GlossaryError, match="self-test") as raised:
        load_glossary([project])
    assert raised.value.file == str(project)
    assert raised.value.line == 3
    assert not any(
        compiled.read(p.name.removeprefix("compiled-").removesuffix(".jsonl"))
        and "No term here" in p.read_text(encoding="utf-8")
        for p in cache_home.glob("compiled-*.jsonl")
    )


def test_the_misspelling_vocabulary_is_kept_for_the_glossary(
    cache_home: Path, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = misspelling._vocabulary(load_glossary([project]))
    (table,) = cache_home.glob("derived-misspelling-vocabulary-*.json")
    clear_cache()

    def fail(glossary: Glossary) -> object:
        raise AssertionError("the vocabulary was built although it was cached")

    with monkeypatch.context() as patch:
        patch.setattr(misspelling, "_build", fail)
        again = misspelling._vocabulary(load_glossary([project]))
    assert again == first
    assert "checkpointing" in again.known
    table.write_text('{"known": [1], "targets": {}}', encoding="utf-8")
    clear_cache()
    rebuilt = misspelling._vocabulary(load_glossary([project]))
    assert rebuilt == first


def test_switched_off_nothing_is_written(
    cache_home: Path, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(builtin_cache.DISABLE_ENV, "1")
    glossary = load_glossary([project])
    misspelling._vocabulary(glossary)
    assert not cache_home.exists()
    assert dict(glossary.entries) == dict(_built(project).entries)
