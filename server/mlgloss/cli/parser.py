"""The argument parser class of every ``mlgloss`` command: plain help and helpful errors.

* Help text is plain: descriptions come from module docstrings written in reST, so inline
  markup (````code````, ``:mod:`x```, ``*emphasis*``) is taken out before argparse shows it.
* A mistyped option or command gets a "did you mean" with the closest valid one, under the
  usage of the command it was given to (``mlgloss check --fxi`` shows ``check``'s usage, not
  the top level's).
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

_ROLE = re.compile(r":[a-z]+(?::[a-z]+)?:`~?([^`<]*?)(?:\s*<[^>]*>)?`")
_LITERAL = re.compile(r"``(.+?)``")
_EMPHASIS = re.compile(r"(?<![\w*])\*{1,2}([^*\s][^*]*?)\*{1,2}(?![\w*])")
_INVALID_CHOICE = re.compile(r"argument (\S+): invalid choice: '([^']*)' \(choose from (.*)\)")


def plain(text: str) -> str:
    """``text`` with reST inline markup removed: literals, roles (last dotted part for ``~``)."""

    def role(match: re.Match[str]) -> str:
        target = match.group(1).strip()
        return target.rsplit(".", 1)[-1] if match.group(0).count("~") else target

    text = _ROLE.sub(role, text)
    text = _LITERAL.sub(r"\1", text)
    return _EMPHASIS.sub(r"\1", text)


def closest(word: str, candidates: Sequence[str]) -> str | None:
    """The candidate ``word`` was most likely meant to be, if one is close enough."""
    found = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return found[0] if found else None


class MlglossParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` with plain help and "did you mean" errors (see the module)."""

    argv: Sequence[str] = ()
    """The command line being parsed, so that an error raised before argparse has gathered the
    unknown options (a required option "missing" because it was mistyped) can name them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        for key in ("description", "epilog"):
            if isinstance(kwargs.get(key), str):
                kwargs[key] = plain(kwargs[key])
        super().__init__(*args, **kwargs)

    def option_strings(self) -> list[str]:
        return [s for action in self._actions for s in action.option_strings]

    def error(self, message: str) -> NoReturn:
        invalid = _INVALID_CHOICE.search(message)
        if invalid:
            choices = [c.strip().strip("'") for c in invalid.group(3).split(",")]
            guess = closest(invalid.group(2), choices)
            if guess:
                message += f"; did you mean '{guess}'?"
        elif message.startswith("the following arguments are required"):
            unknown = [a for a in self.argv if a.startswith("-") and self._unknown(a)]
            message += self._suggestion(unknown)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")

    def unrecognized(self, extras: Sequence[str]) -> NoReturn:
        """Refuse arguments no parser took, naming the closest option of this command."""
        message = f"unrecognized arguments: {' '.join(extras)}"
        message += self._suggestion([e for e in extras if e.startswith("-")])
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")

    def _unknown(self, arg: str) -> bool:
        name = arg.split("=", 1)[0]
        return name not in self.option_strings() and name not in ("-", "--")

    def _suggestion(self, unknown: Sequence[str]) -> str:
        options = self.option_strings()
        for arg in unknown:
            name = arg.split("=", 1)[0]
            guess = closest(name, options)
            if guess:
                return f"; did you mean '{guess}' (for '{name}')?"
        return ""


def chosen_subparser(parser: argparse.ArgumentParser, args: argparse.Namespace) -> MlglossParser:
    """The deepest subcommand parser ``args`` went through (``mlgloss glossary export``)."""
    current: argparse.ArgumentParser = parser
    while True:
        sub = next((a for a in current._actions if isinstance(a, argparse._SubParsersAction)), None)
        if sub is None or sub.dest is None:
            break
        name = getattr(args, sub.dest, None)
        if name is None or name not in sub.choices:
            break
        current = sub.choices[name]
    assert isinstance(current, MlglossParser)
    return current
