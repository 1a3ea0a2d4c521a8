"""``mlgloss init`` through the real executable: where it writes, what, and that
``mlgloss check`` then loads it with the real configuration loader."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.cli.conftest import RunMlgloss, assert_no_traceback, write_tree

TREE = {
    ".git/HEAD": "ref: refs/heads/main\n",
    ".gitignore": "build/\n",
    "docs/a.md": "We use Pytorch.\n",
    "docs/b.md": "Fine.\n",
    "nb/x.ipynb": '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n',
    "train.py": '"""Training."""\n',
    "configs/run.yaml": "learning_rate: 1\n",
    "build/ignored.json": "{}\n",
}
SETTING = re.compile(r"^# ((?:[a-z_-]+|\"[^\"]+\") = .*|\[[a-z_.]+\])$")


def uncommented(text: str) -> str:
    """``text`` with every commented setting and table header switched on."""
    return "\n".join(
        m.group(1) if (m := SETTING.match(line)) else line for line in text.splitlines()
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    write_tree(tmp_path, TREE)
    return tmp_path


def test_init_appends_to_a_pyproject_without_the_table(mlgloss: RunMlgloss, tree: Path) -> None:
    write_tree(tree, {"pyproject.toml": '[project]\nname = "demo"\n'})
    run = mlgloss("init")
    assert run.code == 0, run.err
    assert run.err == "mlgloss: added a commented [tool.mlgloss] to pyproject.toml\n"
    text = (tree / "pyproject.toml").read_text(encoding="utf-8")
    assert text.startswith('[project]\nname = "demo"\n\n[tool.mlgloss]\n')
    assert not (tree / ".mlgloss.toml").exists()
    # The kinds found, with the walk's .gitignore honoured (build/ not counted).
    for line in ("#   Markdown: 2 files", "#   notebooks: 1 file", "#   YAML: 1 file"):
        assert line in text
    assert "JSON" not in text.split("# Glossary")[0]
    assert "# [tool.mlgloss.config_tools]" in text and "# config-key = " in text
    checked = mlgloss("check", "-v", "--format", "json")
    assert checked.code == 1, checked.err  # the finding in docs/a.md: the config loaded
    assert "mlgloss: configuration: pyproject.toml; glossaries: built-in" in checked.err


@pytest.mark.parametrize("pyproject", [True, False])
def test_every_commented_setting_is_valid_once_uncommented(
    mlgloss: RunMlgloss, tree: Path, pyproject: bool
) -> None:
    if pyproject:
        write_tree(tree, {"pyproject.toml": '[project]\nname = "demo"\n'})
    assert mlgloss("init").code == 0
    config = tree / ("pyproject.toml" if pyproject else ".mlgloss.toml")
    switched_on = uncommented(config.read_text(encoding="utf-8"))
    assert switched_on.count("\nvariant = ") == 1 and "\nexclude = [" in switched_on
    config.write_text(switched_on, encoding="utf-8")
    write_tree(tree, {"glossary.yaml": "version: 1\nentries:\n  - term: Foo\n"})
    run = mlgloss("check", "--format", "json")
    assert run.code in (0, 1), run.err  # not 2: the loader took every setting
    assert_no_traceback(run)


def test_init_writes_a_dot_file_without_pyproject(mlgloss: RunMlgloss, tree: Path) -> None:
    run = mlgloss("init")
    assert run.code == 0, run.err
    text = (tree / ".mlgloss.toml").read_text(encoding="utf-8")
    assert "[tool.mlgloss]" not in text and "# [rules]" in text
    assert mlgloss("check").code == 1


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({".mlgloss.toml": "prefer = []\n"}, ".mlgloss.toml already configures mlgloss"),
        (
            {"pyproject.toml": "[tool.mlgloss]\nprefer = []\n"},
            "pyproject.toml already has a [tool.mlgloss] table",
        ),
    ],
)
def test_init_refuses_to_overwrite_a_configuration(
    mlgloss: RunMlgloss, tree: Path, files: dict[str, str], message: str
) -> None:
    write_tree(tree, files)
    run = mlgloss("init")
    assert (run.code, run.out) == (2, "")
    assert run.err == f"mlgloss: error: {message}; --force replaces it\n"
    name, content = next(iter(files.items()))
    assert (tree / name).read_text() == content


def test_force_replaces_the_table_and_keeps_the_rest(mlgloss: RunMlgloss, tree: Path) -> None:
    write_tree(
        tree,
        {
            "pyproject.toml": (
                '[project]\nname = "demo"\n\n[tool.mlgloss]\nrules = 3\n\n'
                '[tool.mlgloss.config_tools]\n"a" = "trl"\n\n[tool.ruff]\nline-length = 99\n'
            )
        },
    )
    assert mlgloss("check").code == 2  # broken as it is
    run = mlgloss("init", "--force")
    assert run.code == 0, run.err
    text = (tree / "pyproject.toml").read_text()
    assert "rules = 3" not in text and '"a" = "trl"' not in text
    assert "[tool.ruff]\nline-length = 99\n" in text
    assert text.count("[tool.mlgloss]") == 1
    assert mlgloss("check").code == 1


def test_init_in_a_subdirectory_notes_the_configuration_it_shadows(
    mlgloss: RunMlgloss, tree: Path
) -> None:
    write_tree(tree, {"pyproject.toml": "[tool.mlgloss]\nprefer = []\n"})
    run = mlgloss("init", "docs")
    assert run.code == 0, run.err
    assert (tree / "docs" / ".mlgloss.toml").is_file()
    assert "takes the place of pyproject.toml; add `extend = true`" in run.err
    assert "#   Markdown: 2 files" in (tree / "docs" / ".mlgloss.toml").read_text()
    assert mlgloss("init", "nope").code == 2
