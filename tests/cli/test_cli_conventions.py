"""Conventions people expect of a CLI like ruff's: plain help, and "did you mean" errors that
show the usage of the command the mistake was made in. Through the real executable."""

from __future__ import annotations

import pytest
from tests.cli.conftest import RunMlgloss, assert_no_traceback

from mlgloss.cli.parser import plain


@pytest.mark.parametrize(
    ("args", "usage", "suggestion"),
    [
        (["check", "--fxi", "."], "usage: mlgloss check ", "did you mean '--fix' (for '--fxi')?"),
        (["define", "--jsn", "LoRA"], "usage: mlgloss define ", "did you mean '--json'"),
        (
            ["glossary", "export", "--formt", "vale"],
            "usage: mlgloss glossary export ",
            "did you mean '--format' (for '--formt')?",
        ),
        (["chek", "."], "usage: mlgloss ", "did you mean 'check'?"),
        (["glossary", "valdate"], "usage: mlgloss glossary ", "did you mean 'validate'?"),
    ],
)
def test_a_mistyped_option_or_command_gets_a_suggestion_and_its_usage(
    mlgloss: RunMlgloss, args: list[str], usage: str, suggestion: str
) -> None:
    run = mlgloss(*args)
    assert run.code == 2
    assert run.out == ""
    assert run.err.startswith(usage), run.err
    assert suggestion in run.err, run.err
    assert_no_traceback(run)


def test_nothing_close_gets_no_guess(mlgloss: RunMlgloss) -> None:
    run = mlgloss("check", "--zzzzzz")
    assert run.code == 2 and "unrecognized arguments: --zzzzzz" in run.err
    assert "did you mean" not in run.err


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["check"],
        ["rule"],
        ["init"],
        ["define"],
        ["search"],
        ["glossary"],
        ["glossary", "export"],
    ],
)
def test_help_text_is_plain(mlgloss: RunMlgloss, command: list[str]) -> None:
    run = mlgloss(*command, "--help")
    assert run.code == 0, run.err
    assert "usage: mlgloss" in run.out
    for markup in ("``", ":mod:`", ":class:`", ":func:`"):
        assert markup not in run.out, f"{markup!r} in the help of {command}:\n{run.out}"


def test_plain_removes_inline_markup() -> None:
    text = "Runs ``mlgloss check``; see :mod:`mlgloss.analysis` and :func:`~a.b.run` *now*."
    assert plain(text) == "Runs mlgloss check; see mlgloss.analysis and run now."
    assert plain("2 * 3 * 4 and a_*b") == "2 * 3 * 4 and a_*b"
