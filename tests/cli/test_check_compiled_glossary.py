"""`mlgloss check` with a project glossary served from its compiled cache: the same
findings as without it, every edit of the glossary taken at once, errors still placed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.cli.conftest import RunMlgloss, assert_no_traceback, write_tree
from tests.test_compiled_glossary import PROJECT, generated_entries

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def _cache_env(tmp_path: Path) -> dict[str, str]:
    return {"XDG_CACHE_HOME": str(tmp_path / "cache"), "MLGLOSS_NO_CACHE": ""}


def _compiled(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / "mlgloss").glob("compiled-*.jsonl"))


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside the repository")
def test_corpus_findings_are_the_same_with_and_without_the_compiled_glossary(
    mlgloss: RunMlgloss, tmp_path: Path
) -> None:
    write_tree(
        tmp_path,
        {
            "terms.yaml": PROJECT + generated_entries(2_000),
            ".mlgloss.toml": 'glossary = ["terms.yaml"]\n',
        },
    )
    args = ("check", "--config", ".mlgloss.toml", "--format", "json", "--jobs", "2", str(CORPUS))
    _assert_same_findings_uncached_compiling_and_served(mlgloss, tmp_path, args)


def _assert_same_findings_uncached_compiling_and_served(
    mlgloss: RunMlgloss, tmp_path: Path, args: tuple[str, ...]
) -> None:
    uncached = mlgloss(*args, env={"MLGLOSS_NO_CACHE": "1"})
    compiling = mlgloss(*args, env=_cache_env(tmp_path))
    (compiled,) = _compiled(tmp_path)
    written = compiled.stat().st_mtime_ns
    served = mlgloss(*args, env=_cache_env(tmp_path))
    assert_no_traceback(served)
    assert uncached.code == compiling.code == served.code == 1
    assert json.loads(uncached.out)["findings"]  # a corpus has findings to compare
    assert compiling.out == uncached.out
    assert served.out == uncached.out
    assert _compiled(tmp_path) == [compiled]
    assert compiled.stat().st_mtime_ns == written  # read back, not built again


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not beside the repository")
def test_the_builtin_glossary_alone_is_compiled_and_finds_the_same(
    mlgloss: RunMlgloss, tmp_path: Path
) -> None:
    # No project glossary: the built-in one is kept compiled too, and read lazily after.
    args = ("check", "--format", "json", "--jobs", "2", str(CORPUS))
    _assert_same_findings_uncached_compiling_and_served(mlgloss, tmp_path, args)


def test_an_edited_glossary_takes_effect_and_its_errors_are_placed(
    mlgloss: RunMlgloss, tmp_path: Path
) -> None:
    glossary = PROJECT + generated_entries(300)
    write_tree(
        tmp_path,
        {
            "terms.yaml": glossary,
            ".mlgloss.toml": 'glossary = ["terms.yaml"]\n',
            "doc.md": "# Notes\n\nWe train the widget-net on gamma syn2 layers.\n",
        },
    )
    env = _cache_env(tmp_path)
    for _ in range(2):  # compiled, then served from the compiled file
        run = mlgloss("check", "doc.md", env=env)
        assert run.code == 0, run.out + run.err
    assert len(_compiled(tmp_path)) == 1
    (tmp_path / "terms.yaml").write_text(
        glossary
        + "  - term: WidgetNet\n"
        + "    forms: [{text: widget-net, status: deprecated, reason: spelling}]\n",
        encoding="utf-8",
    )
    run = mlgloss("check", "doc.md", env=env)
    assert run.code == 1, run.out + run.err
    assert "Write 'WidgetNet' instead of 'widget-net'" in run.out
    assert len(_compiled(tmp_path)) == 2
    broken = glossary + "  - term: Transformer\n"
    (tmp_path / "terms.yaml").write_text(broken, encoding="utf-8")
    run = mlgloss("check", "doc.md", env=env)
    assert_no_traceback(run)
    assert run.code == 2
    assert f"terms.yaml:{broken.count(chr(10))}:" in run.err
    (tmp_path / "terms.yaml").write_text(glossary, encoding="utf-8")  # back: served again
    run = mlgloss("check", "doc.md", env=env)
    assert run.code == 0, run.out + run.err
    assert len(_compiled(tmp_path)) == 2


def test_a_truncated_compiled_file_is_rebuilt(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "terms.yaml": PROJECT,
            ".mlgloss.toml": 'glossary = ["terms.yaml"]\n',
            "doc.md": "We merge the lora-adapter.\n",
        },
    )
    env = _cache_env(tmp_path)
    first = mlgloss("check", "doc.md", env=env)
    assert "Write 'LoRA adapter' instead of 'lora-adapter'" in first.out
    (compiled,) = _compiled(tmp_path)
    whole = compiled.read_bytes()
    compiled.write_bytes(whole[: len(whole) - 40])
    again = mlgloss("check", "doc.md", env=env)
    assert_no_traceback(again)
    assert again.out == first.out
    assert compiled.read_bytes() == whole
