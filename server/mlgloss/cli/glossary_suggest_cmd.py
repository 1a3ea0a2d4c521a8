"""``mlgloss glossary suggest [PATH…]``: a draft project glossary of the terms a repository
writes several ways that the glossary does not know.

The files are those ``mlgloss check`` would check (the same walk and configuration); the
walk, the reading and the discovery live in :mod:`mlgloss.analysis.project_terms` (the
language server's ``mlgloss.suggestProjectTerms`` runs the same code); this module only
writes the draft (standard output, or ``--output``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from mlgloss.analysis.project_terms import discover_project, read_documents
from mlgloss.analysis.session import Session
from mlgloss.cli.output import working_directory
from mlgloss.errors import MlglossError

DEFAULT_LIMIT = 50


def add_suggest_parser(actions: Any) -> None:
    parser = actions.add_parser(
        "suggest",
        help="draft a project glossary of the terms the files write several ways",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or directories (default: .)"
    )
    parser.add_argument(
        "--output", "-o", type=Path, metavar="FILE", help="write here instead of standard output"
    )
    parser.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_LIMIT,
        metavar="N",
        help=f"at most N terms, the most widespread first (default {DEFAULT_LIMIT})",
    )
    parser.set_defaults(run=run_suggest)


def run_suggest(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise MlglossError("--limit must be at least 1")
    cwd = working_directory()
    session = Session()
    documents = read_documents(args.paths, session, cwd)
    terms = discover_project(session, documents, cwd)
    candidates = terms.candidates
    text = terms.draft(limit=args.limit)
    if args.output is None:
        sys.stdout.write(text)
    else:
        try:
            args.output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise MlglossError(f"cannot write: {exc.strerror or exc}", str(args.output)) from None
        print(f"wrote {args.output}", file=sys.stderr)
    shown = min(len(candidates), args.limit)
    print(
        f"mlgloss: {shown} of {len(candidates)} terms written several ways, in {terms.files} files",
        file=sys.stderr,
    )
    return 0
