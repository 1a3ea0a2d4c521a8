"""``mlgloss init [DIRECTORY]``: write a commented configuration for the files found there.

Where, as configuration discovery reads it: appended as ``[tool.mlgloss]`` to the
directory's ``pyproject.toml`` when it has one without that table, else a new
``.mlgloss.toml``. An existing configuration (a ``.mlgloss.toml``, or ``[tool.mlgloss]`` in
``pyproject.toml``) is never overwritten (exit 2) unless ``--force`` is given. The files are
found by the walk ``mlgloss check`` uses (``.gitignore`` honoured); the text comes from
:mod:`mlgloss.cli.init_template`.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from mlgloss.analysis.config.model import CONFIG_FILE, PYPROJECT, ProjectConfig
from mlgloss.analysis.document import DocumentKind
from mlgloss.cli.escape import printable
from mlgloss.cli.init_template import configuration_text
from mlgloss.cli.output import working_directory
from mlgloss.errors import MlglossError
from mlgloss.files.walk import Candidate, Walker, display_path
from mlgloss.files.writing import write_new

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]#]*?)\s*\]\]?\s*(?:#.*)?$")


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "init",
        help="write a commented configuration for the files found here",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "directory", nargs="?", default=".", metavar="DIRECTORY", help="where (default: .)"
    )
    parser.add_argument(
        "--force", action="store_true", help="replace an existing mlgloss configuration there"
    )
    parser.set_defaults(run=run)


def _kinds(directory: Path) -> Counter[DocumentKind]:
    """The kinds of the files ``mlgloss check`` would check there, before any configuration."""
    walker = Walker(lambda _: ProjectConfig(), directory)
    return Counter(c.kind for c in walker.walk(["."]) if isinstance(c, Candidate))


def _table_name(header: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in header.split("."))


def without_mlgloss_tables(text: str) -> str:
    """``text`` (a ``pyproject.toml``) without its ``[tool.mlgloss]`` and ``[tool.mlgloss.*]``
    tables; every other line as it was."""
    kept: list[str] = []
    inside = False
    for line in text.splitlines(keepends=True):
        header = _HEADER.match(line)
        if header:
            name = _table_name(header.group(1))
            inside = name == "tool.mlgloss" or name.startswith("tool.mlgloss.")
        if not inside:
            kept.append(line)
    return "".join(kept).rstrip("\n") + "\n" if kept else ""


def _has_mlgloss_table(text: str, where: Path) -> bool:
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MlglossError(
            f"invalid TOML ({exc}); fix it before mlgloss init", str(where)
        ) from None
    tool = data.get("tool")
    return isinstance(tool, dict) and "mlgloss" in tool


def run(args: argparse.Namespace) -> int:
    directory = Path(os.path.abspath(working_directory() / args.directory))
    if not directory.is_dir():
        raise MlglossError(f"not a directory: {args.directory}")
    dot, pyproject = directory / CONFIG_FILE, directory / PYPROJECT
    shown = display_path(dot, working_directory())
    if dot.exists() and not args.force:
        raise MlglossError(f"{shown} already configures mlgloss; --force replaces it")
    kinds = _kinds(directory)
    if pyproject.is_file() and not dot.exists():
        target = Path(os.path.realpath(pyproject))
        try:
            text = target.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise MlglossError(f"cannot read: {exc}", str(pyproject)) from None
        where = display_path(pyproject, working_directory())
        if _has_mlgloss_table(text, pyproject):
            if not args.force:
                raise MlglossError(
                    f"{where} already has a [tool.mlgloss] table; --force replaces it"
                )
            text = without_mlgloss_tables(text)
            if _has_mlgloss_table(text, pyproject):
                raise MlglossError(
                    f"{where}: [tool.mlgloss] is not written as its own table; edit it by hand"
                )
        section = configuration_text(kinds, pyproject=True)
        new = (text.rstrip("\n") + "\n\n" if text.strip() else "") + section
        if not _has_mlgloss_table(new, pyproject):  # the removal above misread the file
            raise MlglossError(f"{where}: cannot add [tool.mlgloss] safely; edit it by hand")
        write_new(target, new.encode("utf-8"))
        print(f"mlgloss: added a commented [tool.mlgloss] to {printable(where)}", file=sys.stderr)
    else:
        write_new(dot, configuration_text(kinds, pyproject=False).encode("utf-8"))
        print(f"mlgloss: wrote a commented {printable(shown)}", file=sys.stderr)
    _note_shadowed(directory)
    return 0


def _note_shadowed(directory: Path) -> None:
    """Say so when the new configuration takes the place of one further up."""
    if (directory / ".git").exists() or directory.parent == directory:
        return  # discovery stops at a repository's root
    from mlgloss.analysis.config.resolver import ConfigResolver

    above = ConfigResolver().resolve_directory(str(directory.parent))
    if isinstance(above, ProjectConfig) and above.sources:
        name = printable(display_path(above.sources[0], working_directory()))
        print(
            f"mlgloss: note: for the files here it takes the place of {name}; "
            "add `extend = true` to build on that one",
            file=sys.stderr,
        )
