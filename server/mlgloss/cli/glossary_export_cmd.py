"""``mlgloss glossary export --format FORMAT``: the glossary for Vale, cspell, textlint, or a page.

The rendering lives in :mod:`mlgloss.glossary.export_formats`; this module only picks the glossary
(the project's configuration, or ``--glossary`` files) and writes the result.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from mlgloss.cli.glossary_options import add_glossary_options, glossary_from_args
from mlgloss.errors import MlglossError
from mlgloss.glossary.export_formats import EXPORT_FORMATS, export


def add_export_parser(actions: Any) -> None:
    parser = actions.add_parser(
        "export",
        help="write the glossary as a Vale rule, cspell config, textlint rule or page",
        description=__doc__,
    )
    parser.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    parser.add_argument(
        "--output", "-o", type=Path, metavar="FILE", help="write here instead of standard output"
    )
    add_glossary_options(parser)
    parser.set_defaults(run=run_export)


def run_export(args: argparse.Namespace) -> int:
    text = export(glossary_from_args(args), args.format)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise MlglossError(f"cannot write: {exc.strerror or exc}", str(args.output)) from None
    print(f"wrote {args.output}", file=sys.stderr)
    return 0
