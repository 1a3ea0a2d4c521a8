"""Project configuration: discovery, layering, validation errors, editor overrides, caching."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from mlgloss.analysis.config.model import DEFAULT_MAX_FILE_SIZE, ProjectConfig, RuleSetting
from mlgloss.analysis.config.resolver import ConfigResolver
from mlgloss.analysis.errors import ConfigError, MlglossError
from mlgloss.analysis.findings import Severity


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository root: the `.git` stops discovery from wandering above the test dir."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    return root


def write(path: Path, text: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def resolve(path: Path) -> ProjectConfig:
    return ConfigResolver().config_for(path)


def error_for(path: Path) -> ConfigError:
    result = ConfigResolver().resolve(path)
    assert isinstance(result, ConfigError), result
    return result


# --- discovery --------------------------------------------------------------------------


def test_no_config_gives_defaults(repo: Path) -> None:
    config = resolve(write(repo / "docs" / "a.md"))
    assert config == ProjectConfig()
    assert config.builtin_glossary is True
    assert config.max_file_size == DEFAULT_MAX_FILE_SIZE
    assert config.root is None
    assert config.is_enabled("variant")


def test_mlgloss_toml_found_from_nested_directory(repo: Path) -> None:
    write(repo / ".mlgloss.toml", 'prefer = ["pretraining"]\nbuiltin_glossary = false\n')
    config = resolve(write(repo / "a" / "b" / "c.md"))
    assert config.prefer == ("pretraining",)
    assert config.builtin_glossary is False
    assert config.root == repo
    assert config.sources == (repo / ".mlgloss.toml",)


def test_pyproject_table_is_read(repo: Path) -> None:
    write(repo / "pyproject.toml", '[project]\nname = "x"\n\n[tool.mlgloss]\nmax_file_size = 10\n')
    assert resolve(repo / "a.md").max_file_size == 10


def test_pyproject_without_table_is_skipped(repo: Path) -> None:
    write(repo / ".mlgloss.toml", 'ignore_words = ["foo"]\n')
    write(
        repo / "pkg" / "pyproject.toml", '[project]\nname = "pkg"\n[tool.ruff]\nline-length = 1\n'
    )
    config = resolve(write(repo / "pkg" / "README.md"))
    assert config.root == repo
    assert config.ignore_words == ("foo",)


def test_broken_pyproject_that_does_not_mention_mlgloss_is_skipped(repo: Path) -> None:
    write(repo / "pkg" / "pyproject.toml", "[project\n")
    assert resolve(repo / "pkg" / "a.md") == ProjectConfig()


def test_nearest_config_wins_without_extend(repo: Path) -> None:
    write(repo / ".mlgloss.toml", 'builtin_glossary = false\nprefer = ["pre-training"]\n')
    write(repo / "pkg" / "pyproject.toml", '[tool.mlgloss]\nprefer = ["pretraining"]\n')
    config = resolve(repo / "pkg" / "a.md")
    assert config.root == repo / "pkg"
    assert config.prefer == ("pretraining",)
    assert config.builtin_glossary is True  # nothing inherited from the outer config


def test_discovery_stops_at_git_directory(tmp_path: Path) -> None:
    write(tmp_path / ".mlgloss.toml", "builtin_glossary = false\n")
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    assert resolve(tmp_path / "repo" / "a.md").builtin_glossary is True


def test_config_in_the_git_directory_itself_is_used(repo: Path) -> None:
    write(repo / ".mlgloss.toml", "builtin_glossary = false\n")
    assert resolve(repo / "x" / "a.md").builtin_glossary is False


def test_both_config_files_in_one_directory_is_an_error(repo: Path) -> None:
    write(repo / ".mlgloss.toml", "")
    write(repo / "pyproject.toml", "[tool.mlgloss]\n")
    err = error_for(repo / "a.md")
    assert "keep one" in err.message
    assert err.file == str(repo / ".mlgloss.toml")


# --- extend ------------------------------------------------------------------------------


def test_extend_layers_over_the_next_config_up(repo: Path) -> None:
    write(repo / "terms.yaml")
    write(repo / "pkg" / "more.yaml")
    write(
        repo / "pyproject.toml",
        "[tool.mlgloss]\n"
        'glossary = ["terms.yaml"]\n'
        'prefer = ["pre-training", "fine-tuning"]\n'
        "max_file_size = 100\n"
        'exclude = ["build/"]\n'
        "[tool.mlgloss.rules]\n"
        'variant = "error"\n'
        'inconsistent = "off"\n',
    )
    write(
        repo / "pkg" / ".mlgloss.toml",
        "extend = true\n"
        'glossary = ["more.yaml"]\n'
        'prefer = ["pretraining"]\n'
        'exclude = ["fixtures/"]\n'
        "[rules]\n"
        "inconsistent = true\n",
    )
    config = resolve(repo / "pkg" / "src" / "a.md")
    assert config.root == repo / "pkg"
    assert config.glossary == (repo / "terms.yaml", repo / "pkg" / "more.yaml")
    assert config.prefer == ("pretraining", "pre-training", "fine-tuning")
    assert config.max_file_size == 100
    assert config.rule("variant") == RuleSetting(True, Severity.ERROR)
    assert config.rule("inconsistent") == RuleSetting(True, None)
    assert config.sources == (repo / "pkg" / ".mlgloss.toml", repo / "pyproject.toml")
    # Each layer's filters apply, relative to its own directory.
    assert not config.is_included(repo / "build" / "x.md")
    assert not config.is_included(repo / "pkg" / "fixtures" / "x.md")
    assert config.is_included(repo / "pkg" / "src" / "x.md")


def test_extend_crosses_a_git_boundary(tmp_path: Path) -> None:
    write(tmp_path / ".mlgloss.toml", 'ignore_words = ["outer"]\n')
    (tmp_path / "sub" / ".git").mkdir(parents=True)
    write(tmp_path / "sub" / ".mlgloss.toml", 'extend = true\nignore_words = ["inner"]\n')
    config = resolve(tmp_path / "sub" / "a.md")
    assert config.ignore_words == ("outer", "inner")
    assert config.is_ignored_word("OUTER")


def test_extend_with_nothing_above_gives_the_file_alone(repo: Path) -> None:
    write(repo / ".mlgloss.toml", "extend = true\nmax_file_size = 5\n")
    assert resolve(repo / "a.md").max_file_size == 5


def test_an_error_in_an_extended_config_is_reported(repo: Path) -> None:
    write(repo / ".mlgloss.toml", "builtin_glossary = 1\n")
    write(repo / "pkg" / ".mlgloss.toml", "extend = true\n")
    err = error_for(repo / "pkg" / "a.md")
    assert err.file == str(repo / ".mlgloss.toml")


# --- errors ------------------------------------------------------------------------------


def test_error_str_is_file_line_column_message() -> None:
    err = ConfigError("boom", "a/b.toml", 3, 7, key="x")
    assert isinstance(err, MlglossError)
    assert str(err) == "a/b.toml:3:7: boom"
    assert str(ConfigError("boom")) == "boom"


def test_toml_syntax_error_has_line_and_column(repo: Path) -> None:
    path = write(repo / ".mlgloss.toml", 'prefer = ["a"]\n[rules\n')
    err = error_for(repo / "a.md")
    assert (err.file, err.line, err.column) == (str(path), 2, 7)
    # file and line; the column is tomllib's to choose
    assert re.match(rf"{re.escape(str(path))}:2:\d+: invalid TOML: ", str(err)), str(err)
    assert "(at line" not in err.message


def test_toml_error_at_end_of_document(repo: Path) -> None:
    write(repo / ".mlgloss.toml", "prefer = [\n")
    err = error_for(repo / "a.md")
    assert (err.line, err.column) == (2, 1)


def test_unknown_key_names_line_and_suggests(repo: Path) -> None:
    write(repo / ".mlgloss.toml", "prefer = []\n\nbuiltin-glossary = false\n")
    err = error_for(repo / "a.md")
    assert (err.line, err.column) == (3, 1)
    assert err.key == "builtin-glossary"
    assert "unknown setting `builtin-glossary`" in err.message
    assert "did you mean `builtin_glossary`" in err.message


def test_unknown_key_in_pyproject_rule_table(repo: Path) -> None:
    write(
        repo / "pyproject.toml",
        '[project]\nname = "x"\n\n'
        '[tool.mlgloss.rules.variant]\nenabled = true\nsevrity = "error"\n',
    )
    err = error_for(repo / "a.md")
    assert (err.line, err.key) == (6, "rules.variant.sevrity")
    assert "unknown setting `sevrity` in `rules.variant`" in err.message


def test_wrong_type_message(repo: Path) -> None:
    write(repo / "pyproject.toml", '[tool.mlgloss]\nprefer = []\nbuiltin_glossary = "yes"\n')
    err = error_for(repo / "a.md")
    assert err.message == '`builtin_glossary` must be true or false, not "yes"'
    assert (err.line, err.column, err.key) == (3, 1, "builtin_glossary")


@pytest.mark.parametrize(
    ("text", "key", "needle"),
    [
        ("max_file_size = true\n", "max_file_size", "positive number"),
        ("max_file_size = -1\n", "max_file_size", "positive number"),
        ('prefer = "pretraining"\n', "prefer", "list of strings"),
        ("ignore_words = [1]\n", "ignore_words[0]", "`ignore_words[0]` must be a non-empty string"),
        ('rules = "off"\n', "rules", "table of rule settings"),
        ("[rules]\nvariant = 3\n", "rules.variant", "must be one of off, on, error"),
    ],
)
def test_wrong_types(repo: Path, text: str, key: str, needle: str) -> None:
    write(repo / ".mlgloss.toml", text)
    err = error_for(repo / "a.md")
    assert err.key == key
    assert needle in err.message
    assert err.line is not None


def test_unknown_severity(repo: Path) -> None:
    write(repo / ".mlgloss.toml", '[rules.variant]\nseverity = "fatal"\n')
    err = error_for(repo / "a.md")
    assert (err.line, err.key) == (2, "rules.variant.severity")
    assert 'unknown severity "fatal"' in err.message
    assert "error, warning, info, hint" in err.message


def test_unknown_severity_in_shorthand(repo: Path) -> None:
    write(repo / ".mlgloss.toml", '[rules]\nvariant = "warn"\n')
    err = error_for(repo / "a.md")
    assert (err.line, err.key) == (2, "rules.variant")


def test_unknown_rule_code(repo: Path) -> None:
    write(repo / ".mlgloss.toml", '[rules]\nvariant = "off"\nvaraint = "error"\n')
    err = error_for(repo / "a.md")
    assert (err.line, err.column, err.key) == (3, 1, "rules.varaint")
    assert "unknown rule `varaint`; did you mean `variant`?" in err.message


def test_unknown_rule_code_as_table_header(repo: Path) -> None:
    write(repo / "pyproject.toml", "[tool.mlgloss.rules.spelling]\nenabled = false\n")
    err = error_for(repo / "a.md")
    assert (err.line, err.key) == (1, "rules.spelling")


def test_unknown_rule_in_inline_table_is_located(repo: Path) -> None:
    write(repo / ".mlgloss.toml", 'prefer = []\nrules = { variant = "off", nope = "off" }\n')
    err = error_for(repo / "a.md")
    assert (err.line, err.column, err.key) == (2, 28, "rules.nope")


def test_invalid_glob(repo: Path) -> None:
    write(repo / ".mlgloss.toml", 'exclude = [\n  "build/",\n  "bad\\\\",\n]\n')
    err = error_for(repo / "a.md")
    assert err.key == "exclude[1]"
    assert "`exclude[1]`: invalid glob" in err.message
    assert err.line == 3


def test_glossary_path_escaping_the_root_is_rejected(repo: Path) -> None:
    write(repo / "shared.yaml")
    write(repo / "pkg" / ".mlgloss.toml", 'glossary = ["../shared.yaml"]\n')
    err = error_for(repo / "pkg" / "a.md")
    assert "points outside the project root" in err.message
    assert (err.line, err.key) == (1, "glossary[0]")


def test_glossary_path_escaping_through_a_symlink_is_rejected(repo: Path, tmp_path: Path) -> None:
    write(tmp_path / "elsewhere" / "terms.yaml")
    os.symlink(tmp_path / "elsewhere", repo / "linked")
    write(repo / ".mlgloss.toml", 'glossary = ["linked/terms.yaml"]\n')
    assert "outside the project root" in error_for(repo / "a.md").message


def test_absolute_glossary_path_is_accepted(repo: Path, tmp_path: Path) -> None:
    outside = write(tmp_path / "elsewhere" / "terms.md")
    write(repo / ".mlgloss.toml", f"glossary = [{str(outside)!r}]\n")
    assert resolve(repo / "a.md").glossary == (outside,)


def test_missing_glossary_file(repo: Path) -> None:
    write(repo / ".mlgloss.toml", 'glossary = ["terms.yaml"]\n')
    err = error_for(repo / "a.md")
    assert "glossary file not found" in err.message
    assert err.line == 1


def test_glossary_with_wrong_suffix(repo: Path) -> None:
    write(repo / "terms.json", "{}")
    write(repo / ".mlgloss.toml", 'glossary = ["terms.json"]\n')
    assert "not a glossary file" in error_for(repo / "a.md").message


def test_mlgloss_that_is_not_a_table(repo: Path) -> None:
    write(repo / "pyproject.toml", '[tool]\nmlgloss = "on"\n')
    assert "must be a table" in error_for(repo / "a.md").message


# --- include / exclude -------------------------------------------------------------------


def test_include_and_exclude(repo: Path) -> None:
    write(repo / ".mlgloss.toml", 'include = ["docs/", "*.md"]\nexclude = ["docs/drafts/"]\n')
    config = resolve(repo / "a.md")
    assert config.is_included(repo / "README.md")
    assert config.is_included("docs/guide.py")  # relative to the root
    assert not config.is_included(repo / "src" / "train.py")
    assert not config.is_included(repo / "docs" / "drafts" / "x.md")
    assert config.is_dir_excluded(repo / "docs" / "drafts")
    assert not config.is_dir_excluded(repo / "docs")


def test_without_filters_everything_is_included(repo: Path) -> None:
    assert ProjectConfig().is_included(repo / "any" / "file.py")


# --- editor overrides --------------------------------------------------------------------


def test_overrides_merge_over_the_file_config(repo: Path) -> None:
    write(repo / "extra.yaml")
    write(repo / ".mlgloss.toml", '[rules]\nvariant = "warning"\nmisspelling = "off"\n')
    config = resolve(repo / "a.md").with_overrides(
        {
            "glossary": ["extra.yaml"],
            "builtinGlossary": False,
            "rules": {"variant": "error", "inconsistent": {"enabled": False}},
            "ignoreWords": ["foo"],
            "maxFileSize": None,  # unset in the editor
            "trace": {"server": "off"},
        }
    )
    assert config.builtin_glossary is False
    assert config.glossary == (repo / "extra.yaml",)
    assert config.severity("variant", Severity.WARNING) is Severity.ERROR
    assert not config.is_enabled("inconsistent")
    assert not config.is_enabled("misspelling")  # kept from the file
    assert config.ignore_words == ("foo",)
    assert config.max_file_size == DEFAULT_MAX_FILE_SIZE


def test_override_errors_name_the_key_path() -> None:
    with pytest.raises(ConfigError) as info:
        ProjectConfig().with_overrides({"builtinGlossary": "no"})
    assert str(info.value) == '`builtinGlossary` must be true or false, not "no"'
    assert info.value.file is None

    with pytest.raises(ConfigError) as info:
        ProjectConfig().with_overrides({"rules": {"variant": "loud"}})
    assert info.value.key == "rules.variant"

    with pytest.raises(ConfigError) as info:
        ProjectConfig().with_overrides({"builtinGlosary": True})
    assert "did you mean `builtinGlossary`" in str(info.value)

    with pytest.raises(ConfigError) as info:
        ProjectConfig().with_overrides({"extend": True})
    assert info.value.key == "extend"


def test_override_glossary_paths(repo: Path, tmp_path: Path) -> None:
    write(repo / "g.yaml")
    config = ProjectConfig().with_overrides({"glossary": ["g.yaml"]}, base_dir=repo)
    assert config.glossary == (repo / "g.yaml",)
    with pytest.raises(ConfigError, match="needs a workspace folder"):
        ProjectConfig().with_overrides({"glossary": ["g.yaml"]})
    with pytest.raises(ConfigError, match="outside the project root"):
        ProjectConfig().with_overrides({"glossary": ["../g.yaml"]}, base_dir=repo / "sub")
    outside = write(tmp_path / "mine.yaml")
    assert ProjectConfig().with_overrides({"glossary": [str(outside)]}).glossary == (outside,)


def test_empty_overrides_change_nothing() -> None:
    config = ProjectConfig(prefer=("x",))
    assert config.with_overrides({}) is config
    assert config.with_overrides(None) is config


# --- cache -------------------------------------------------------------------------------


def test_resolver_caches_until_invalidated(repo: Path) -> None:
    path = write(repo / ".mlgloss.toml", "max_file_size = 1\n")
    resolver = ConfigResolver()
    first = resolver.resolve(repo / "a" / "b.md")
    assert isinstance(first, ProjectConfig)
    assert resolver.resolve(repo / "a" / "c.md") is first
    write(path, "max_file_size = 2\n")
    assert resolver.resolve(repo / "a" / "b.md") is first
    resolver.invalidate(path)
    second = resolver.config_for(repo / "a" / "b.md")
    assert second.max_file_size == 2


def test_invalidate_picks_up_a_new_config_file(repo: Path) -> None:
    write(repo / ".mlgloss.toml", "max_file_size = 1\n")
    resolver = ConfigResolver()
    assert resolver.config_for(repo / "pkg" / "a.md").max_file_size == 1
    new = write(repo / "pkg" / ".mlgloss.toml", "max_file_size = 3\n")
    resolver.invalidate(new)
    assert resolver.config_for(repo / "pkg" / "a.md").max_file_size == 3
    assert resolver.config_for(repo / "b.md").max_file_size == 1


def test_invalidate_fixes_an_error_and_hot_reload_reports_a_new_one(repo: Path) -> None:
    path = write(repo / ".mlgloss.toml", "max_file_size = \n")
    resolver = ConfigResolver()
    assert isinstance(resolver.resolve(repo / "a.md"), ConfigError)
    write(path, "max_file_size = 4\n")
    resolver.invalidate(path)
    assert resolver.config_for(repo / "a.md").max_file_size == 4
    write(path, "nope = 1\n")
    resolver.invalidate(path)
    assert isinstance(resolver.resolve(repo / "a.md"), ConfigError)


def test_invalidate_on_a_glossary_file_that_appears(repo: Path) -> None:
    write(repo / ".mlgloss.toml", 'glossary = ["terms/ml.yaml"]\n')
    resolver = ConfigResolver()
    assert isinstance(resolver.resolve(repo / "docs" / "a.md"), ConfigError)
    glossary = write(repo / "terms" / "ml.yaml")
    resolver.invalidate(glossary)
    assert resolver.config_for(repo / "docs" / "a.md").glossary == (glossary,)


def test_load_explicit_file(repo: Path) -> None:
    path = write(repo / "ci" / "mlgloss.toml", "max_file_size = 9\n")
    assert ConfigResolver().load(path).max_file_size == 9
