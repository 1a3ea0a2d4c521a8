"""Exit codes and error reporting: usage, configuration and glossary errors exit 2, cleanly."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import RunMlgloss, assert_no_traceback, write_tree


def test_fail_on_threshold(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.md": "Pytorch\n"})  # a warning
    assert mlgloss("check", "--select", "variant").code == 1
    assert mlgloss("check", "--select", "variant", "--fail-on", "error").code == 0
    assert mlgloss("check", "--select", "variant", "--fail-on", "hint").code == 1


def test_select_and_ignore(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.md": "Pytorch, pre-training and pretraining.\n"})
    rules = {
        line.split("[")[1].split("]")[0]
        for line in mlgloss("check", "--select", "inconsistent").out.splitlines()
        if "[" in line
    }
    assert rules == {"inconsistent"}
    ignored = mlgloss("check", "--ignore", "variant,inconsistent", "--format", "json").out
    assert '"rule": "variant"' not in ignored and '"rule": "inconsistent"' not in ignored


def test_unknown_rule_code_lists_the_codes(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    run = mlgloss("check", "--select", "varient")
    assert run.code == 2
    assert "unknown rule code varient" in run.err
    assert "known codes: variant, inconsistent" in run.err
    assert_no_traceback(run)


def test_broken_pyproject_names_file_and_line(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "x"\n\n[tool.mlgloss]\nrules = {variant = \n',
            "a.md": "Pytorch\n",
        },
    )
    run = mlgloss("check")
    assert run.code == 2
    assert f"{tmp_path / 'pyproject.toml'}:5:" in run.err
    assert "invalid TOML" in run.err
    assert_no_traceback(run)


def test_unknown_setting_names_file_and_line(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(tmp_path, {".mlgloss.toml": "max_file_sise = 10\n", "a.md": "x\n"})
    run = mlgloss("check", "--format", "json")
    assert run.code == 2
    assert f"{tmp_path / '.mlgloss.toml'}:1:1: unknown setting `max_file_sise`" in run.err
    assert_no_traceback(run)


def test_broken_glossary_names_file_and_line(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            ".mlgloss.toml": 'glossary = ["terms.yaml"]\n',
            "terms.yaml": "version: 1\nentries:\n  - term: LoRA\n    forms: [\n",
            "a.md": "Pytorch\n",
        },
    )
    run = mlgloss("check")
    assert run.code == 2
    assert f"{tmp_path / 'terms.yaml'}:" in run.err
    assert_no_traceback(run)


def test_config_error_in_one_project_still_checks_the_other(
    mlgloss: RunMlgloss, tmp_path: Path
) -> None:
    write_tree(
        tmp_path,
        {
            "good/a.md": "Pytorch\n",
            "bad/.mlgloss.toml": "rules = 3\n",
            "bad/b.md": "Pytorch\n",
        },
    )
    run = mlgloss("check", "good", "bad")
    assert run.code == 2
    assert "good/a.md:1:1: warning[variant]" in run.out
    assert "bad/.mlgloss.toml:1:1:" in run.err


def test_broken_notebook_is_an_error_line_and_the_run_goes_on(
    mlgloss: RunMlgloss, tmp_path: Path
) -> None:
    write_tree(tmp_path, {"a.ipynb": '{"cells": [\n  {"cell_type": }\n', "b.md": "Pytorch\n"})
    run = mlgloss("check", "--select", "variant")
    assert run.code == 1
    assert "b.md:1:1: warning[variant]" in run.out
    error_lines = [line for line in run.out.splitlines() if line.startswith("a.ipynb:")]
    assert len(error_lines) == 1
    assert error_lines[0].startswith("a.ipynb:2:") and ": error: " in error_lines[0]
    assert_no_traceback(run)


def test_missing_path_is_a_usage_error(mlgloss: RunMlgloss, tmp_path: Path) -> None:
    run = mlgloss("check", "nope.md")
    assert run.code == 2
    assert "no such file or directory: nope.md" in run.err
    assert_no_traceback(run)


def test_bad_option_is_a_usage_error(mlgloss: RunMlgloss) -> None:
    assert mlgloss("check", "--format", "xml").code == 2
    assert mlgloss("check", "--jobs", "0").code == 2
    assert mlgloss("check", "--fix", "--diff").code == 2
