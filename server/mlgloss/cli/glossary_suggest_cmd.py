"""``mlgloss glossary suggest [PATH…]``: a draft project glossary of the terms a repository
writes several ways that the glossary does not know.

The files are those ``mlgloss check`` would check (the same walk and configuration); the
discovery lives in :mod:`mlgloss.analysis.term_discovery`; this module only walks, reads
and writes the draft (standard output, or ``--output``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from mlgloss.analysis.document import DocumentKind
from mlgloss.analysis.session import Session
from mlgloss.analysis.term_discovery import Discovery, draft_glossary
from mlgloss.cli.output import working_directory
from mlgloss.errors import MlglossError
from mlgloss.files.reading import NotText, Unreadable, read_text
from mlgloss.files.walk import Candidate, Walker

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


def _documents(
    paths: list[str], session: Session, cwd: Path
) -> list[tuple[str, str, DocumentKind]]:
    walker = Walker(session.resolver.resolve_directory, cwd)
    out: list[tuple[str, str, DocumentKind]] = []
    for item in walker.walk(paths or ["."]):
        if not isinstance(item, Candidate):
            if isinstance(item, MlglossError):
                raise item
            continue
        try:
            _, decoded = read_text(item.path, item.config.max_file_size)
        except (Unreadable, NotText):
            continue
        out.append((str(item.path), decoded.text, item.kind))
    return out


def run_suggest(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise MlglossError("--limit must be at least 1")
    cwd = working_directory()
    session = Session()
    documents = _documents(args.paths, session, cwd)
    discovery = Discovery()
    for _, text, kind in documents:
        discovery.scan(text, kind)
    glossary = None
    for path, text, kind in documents:
        config = session.config_for(path)
        glossary = session.glossary_for(config)
        discovery.count(path, text, kind, glossary, config)
    if glossary is None:
        glossary = session.glossary_for(session.config_for(cwd / "__mlgloss_probe__"))
    candidates = discovery.candidates(glossary)
    text = draft_glossary(candidates, limit=args.limit, reserved=glossary.entries)
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
        f"mlgloss: {shown} of {len(candidates)} terms written several ways, in "
        f"{len(documents)} files",
        file=sys.stderr,
    )
    return 0
