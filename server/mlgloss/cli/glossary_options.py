"""Command-line options that choose the glossary, shared by the look-up commands."""

from __future__ import annotations

import argparse
from pathlib import Path

from mlgloss.glossary.layers import load_glossary
from mlgloss.glossary.lookup import Glossary


def add_glossary_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--glossary",
        action="append",
        default=[],
        metavar="FILE",
        help="a project glossary file layered over the built-in one (repeatable)",
    )
    parser.add_argument(
        "--no-builtin", action="store_true", help="do not use the built-in glossary"
    )


def glossary_from_args(args: argparse.Namespace) -> Glossary:
    files = [Path(p) for p in args.glossary]
    builtin = not args.no_builtin
    if not args.glossary:
        from mlgloss.analysis.project_glossary_files import glossary_files_for
        from mlgloss.cli.output import working_directory

        configured, builtin_on = glossary_files_for(working_directory())
        files, builtin = configured, builtin and builtin_on
    return load_glossary(files, builtin=builtin)
