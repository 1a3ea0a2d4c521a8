"""The quick per-file paths around the engine: configuration lookups by directory, the
Session's cache of editor overrides, displayed paths, and the collector settings of a run."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from mlgloss.analysis.config.model import ProjectConfig
from mlgloss.analysis.config.resolver import ConfigResolver
from mlgloss.analysis.errors import ConfigError
from mlgloss.analysis.session import Session
from mlgloss.cli.gc_tuning import YOUNG_THRESHOLD, RunCollector
from mlgloss.files.walk import display_path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / ".mlgloss.toml").write_text("max_file_size = 10\n", encoding="utf-8")
    (root / "pkg" / "deep").mkdir(parents=True)
    (root / "pkg" / ".mlgloss.toml").write_text(
        'extend = true\nprefer = ["fine-tune"]\n', encoding="utf-8"
    )
    (root / "other").mkdir()
    return root


def test_resolve_directory_agrees_with_resolve(repo: Path) -> None:
    resolver = ConfigResolver()
    for directory in (repo, repo / "pkg", repo / "pkg" / "deep", repo / "other"):
        by_file = resolver.resolve(directory / "a.md")
        assert ConfigResolver().resolve_directory(str(directory)) == by_file
        assert resolver.resolve_directory(str(directory)) is by_file
        assert resolver.resolve(directory) is by_file  # a directory stands for its files
    deep = resolver.config_for(repo / "pkg" / "deep" / "a.md")
    assert deep.prefer == ("fine-tune",) and deep.max_file_size == 10  # nearest, extended
    assert resolver.config_for(repo / "other" / "a.md").prefer == ()


def test_a_known_ancestor_answers_for_its_subdirectories(repo: Path) -> None:
    (repo / "pkg" / "x" / "y").mkdir(parents=True)
    resolver = ConfigResolver()
    deep = resolver.resolve(repo / "pkg" / "deep" / "a.md")
    assert resolver.resolve(repo / "pkg" / "x" / "y" / "a.md") is deep
    (repo / "pkg" / "x" / ".mlgloss.toml").write_text("max_file_size = 3\n", encoding="utf-8")
    resolver.invalidate(repo / "pkg" / "x" / ".mlgloss.toml")
    assert resolver.config_for(repo / "pkg" / "x" / "y" / "a.md").max_file_size == 3
    assert resolver.resolve(repo / "pkg" / "deep" / "a.md") is deep


def test_relative_and_unnormalised_paths(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "pkg")
    resolver = ConfigResolver()
    here = resolver.config_for("deep/../deep/./a.md")
    assert here is resolver.config_for(repo / "pkg" / "deep" / "b.md")
    assert here.prefer == ("fine-tune",)


def test_invalidate_a_directory_forgets_what_lies_below(repo: Path) -> None:
    resolver = ConfigResolver()
    before = resolver.config_for(repo / "pkg" / "deep" / "a.md")
    other = resolver.config_for(repo / "other" / "a.md")
    (repo / "pkg" / ".mlgloss.toml").write_text("max_file_size = 5\n", encoding="utf-8")
    resolver.invalidate(repo / "pkg")
    after = resolver.config_for(repo / "pkg" / "deep" / "a.md")
    assert after is not before and after.max_file_size == 5
    assert resolver.config_for(repo / "other" / "a.md") is other


def test_session_reuses_overridden_configs_until_told(repo: Path) -> None:
    session = Session({"ignoreWords": ["foo"]})
    first = session.config_for(repo / "pkg" / "a.md")
    assert first.ignore_words == ("foo",) and first.prefer == ("fine-tune",)
    assert session.config_for(repo / "pkg" / "b.md") is first
    session.set_overrides({"ignoreWords": ["bar"]})
    assert session.config_for(repo / "pkg" / "a.md").ignore_words == ("bar",)
    (repo / "pkg" / ".mlgloss.toml").write_text("max_file_size = 7\n", encoding="utf-8")
    session.invalidate(repo / "pkg" / ".mlgloss.toml")
    changed = session.config_for(repo / "pkg" / "a.md")
    assert changed.max_file_size == 7 and changed.ignore_words == ("bar",)


def test_session_override_errors_are_not_cached(repo: Path) -> None:
    session = Session({"glossary": ["/nonexistent/terms.yaml"]})
    for _ in range(2):
        with pytest.raises(ConfigError, match="glossary file not found"):
            session.config_for(repo / "a.md")


def test_session_without_overrides_returns_the_file_config(repo: Path) -> None:
    session = Session()
    config = session.config_for(repo / "a.md")
    assert isinstance(config, ProjectConfig)
    assert config is session.resolver.config_for(repo / "a.md")


@pytest.mark.parametrize(
    ("path", "cwd", "shown"),
    [
        ("/a/b/c.md", "/a/b", "c.md"),
        ("/a/b", "/a/b", "."),
        ("/a/bc/d.md", "/a/b", "/a/bc/d.md"),  # a sibling sharing a prefix is outside
        ("/x/y.md", "/", "x/y.md"),
        ("/x/y.md", "/a", "/x/y.md"),
    ],
)
def test_display_path(path: str, cwd: str, shown: str) -> None:
    assert display_path(Path(path), Path(cwd)) == shown
    if os.sep == "/":  # the string shortcut and the Path way agree
        base = Path(cwd)
        expected = (
            Path(path).relative_to(base).as_posix()
            if Path(path).is_relative_to(base)
            else Path(path).as_posix()
        )
        assert shown == expected


def test_run_collector_puts_everything_back() -> None:
    enabled, threshold = gc.isenabled(), gc.get_threshold()
    frozen = gc.get_freeze_count()
    try:
        gc.enable()
        with RunCollector() as collector:
            assert not gc.isenabled()
            collector.loaded()
            assert gc.isenabled()
            assert gc.get_threshold()[0] >= YOUNG_THRESHOLD
            assert gc.get_freeze_count() >= frozen
        assert gc.isenabled() and gc.get_threshold() == threshold
        assert gc.get_freeze_count() == frozen
        gc.disable()
        with RunCollector() as collector:
            collector.loaded()
            assert not gc.isenabled()  # a caller's disabled collector stays disabled
        assert not gc.isenabled()
    finally:
        gc.set_threshold(*threshold)
        if enabled:
            gc.enable()
        else:
            gc.disable()
