"""The ``mlgloss`` command: parses arguments and hands each subcommand to its module.

Every subcommand module offers ``add_parser(subparsers)`` and ``run(args) -> int``. Only the
module of the subcommand being run is imported (a quicker start); the full parser, with every
subcommand, is built for ``--help``, ``--version`` and unknown commands. Exit
codes: 0 success, 1 findings (or an unknown term), 2 usage, configuration or glossary
errors — reported as ``file:line:col: message`` on stderr, never as a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib import import_module

from mlgloss import __version__
from mlgloss.cli.escape import printable
from mlgloss.cli.output import discard_stdout, flush_stdout, write_error
from mlgloss.cli.parser import MlglossParser, chosen_subparser
from mlgloss.errors import MlglossError

COMMANDS = ("check", "rule", "init", "define", "search", "glossary", "serve")
EXIT_ERROR = 2


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with every subcommand, or with the subcommand ``only``."""
    parser = MlglossParser(
        prog="mlgloss",
        description="Keeps the machine-learning vocabulary of a repository correct and consistent.",
    )
    parser.add_argument("--version", action="version", version=f"mlgloss {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS if only is None else (only,):
        import_module(f"mlgloss.cli.{name}_cmd").add_parser(subparsers)
    return parser


def _command(argv: Sequence[str]) -> str | None:
    """The subcommand when it comes first (nothing else can come before it but ``-h``)."""
    return argv[0] if argv and argv[0] in COMMANDS else None


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. Called without ``argv`` (as the ``mlgloss`` program), a finished
    ``check`` ends the process at once, like mypy: see :func:`_exit_now`."""
    as_program = argv is None
    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser(_command(argv))
    MlglossParser.argv = tuple(argv)
    args, extras = parser.parse_known_args(argv)
    if extras:
        chosen_subparser(parser, args).unrecognized(extras)
    code = _run(args)
    if as_program and args.command == "check":
        _exit_now(code)
    return code


def _run(args: argparse.Namespace) -> int:
    try:
        result: int = args.run(args)
        _flush_output()  # a write error is seen here, while it can still be reported
        return result
    except MlglossError as exc:
        print(f"mlgloss: error: {printable(str(exc))}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # a reader that stopped early; check keeps its own exit code
        discard_stdout()
        return 0
    except OSError as exc:  # the disk or a descriptor went away under a command
        discard_stdout()
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"mlgloss: error: {printable(where + str(exc.strerror or exc))}", file=sys.stderr)
        return EXIT_ERROR


def _flush_output() -> None:
    try:
        flush_stdout()
    except BrokenPipeError:
        discard_stdout()
    except OSError as exc:
        discard_stdout()
        raise write_error(exc) from None


def _exit_now(code: int) -> None:
    """Flush the output and end the process without tearing the interpreter down.

    A check run leaves the glossary, its index and the word lists behind: freeing them one
    by one at exit costs tens of milliseconds for nothing. Nothing else is pending by then
    (files are written, worker processes joined). If the output cannot be flushed, or a
    profiler, coverage or a debugger is watching (they write their results at exit), the
    usual shutdown takes over.
    """
    if sys.getprofile() is not None or sys.gettrace() is not None:
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    os._exit(code)
