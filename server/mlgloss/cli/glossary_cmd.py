"""``mlgloss glossary build|validate``: regenerate the built-in glossary, check glossary files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from mlgloss.cli.glossary_export_cmd import add_export_parser
from mlgloss.cli.glossary_suggest_cmd import add_suggest_parser
from mlgloss.errors import GlossaryError
from mlgloss.glossary.builtin import builtin_dir
from mlgloss.glossary.layers import load_glossary
from mlgloss.glossary.selftest import self_test_failures


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "glossary", help="build or validate glossaries", description=__doc__
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    build = actions.add_parser(
        "build", help="regenerate glossary/builtin.yaml from the seeds and the curation"
    )
    build.add_argument("--seeds", type=Path, required=True, help="the seed glossaries' folder")
    build.add_argument(
        "--out", type=Path, default=None, help="the glossary folder (default: the built-in one)"
    )
    build.set_defaults(run=run_build)
    validate = actions.add_parser(
        "validate", help="load glossary files and run their self-tests (for CI)"
    )
    validate.add_argument("files", nargs="*", type=Path, help="glossary files (YAML or Markdown)")
    validate.add_argument("--no-builtin", action="store_true", help="check without the built-in")
    validate.set_defaults(run=run_validate)
    add_export_parser(actions)
    add_suggest_parser(actions)


def run_build(args: argparse.Namespace) -> int:
    from mlgloss.glossary.build.pipeline import write_builtin

    out = args.out or builtin_dir()
    glossary = write_builtin(args.seeds, out)
    print(f"wrote {out / 'builtin.yaml'}: {len(glossary)} entries", file=sys.stderr)
    return 0


def run_validate(args: argparse.Namespace) -> int:
    glossary = load_glossary(args.files, builtin=not args.no_builtin)
    if not args.files:
        failures: list[GlossaryError] = self_test_failures(glossary)
        for failure in failures:
            print(f"mlgloss: error: {failure}", file=sys.stderr)
        if failures:
            return 1
    count = sum(1 for _ in glossary.entries)
    print(f"ok: {count} entries", file=sys.stderr)
    return 0
