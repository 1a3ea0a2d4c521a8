"""``mlgloss search QUERY``: glossary entries ranked by fuzzy match (rapidfuzz).

Like grep, no match is exit 1, with a message on stderr. There is no "did you mean": the
search is already fuzzy, and what it leaves out is far from every term (below its threshold,
``zzzzqqq`` would "mean" HQQ).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from mlgloss.cli.escape import printable
from mlgloss.cli.glossary_options import add_glossary_options, glossary_from_args


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("search", help="search the glossary", description=__doc__)
    parser.add_argument("query", nargs="+")
    parser.add_argument("--limit", type=int, default=10, help="most results (default 10)")
    parser.add_argument("--json", action="store_true", help="print results as JSON")
    add_glossary_options(parser)
    parser.set_defaults(run=run)


def _summary(text: str, width: int = 70) -> str:
    first = text.split(". ")[0].rstrip(".")
    return first if len(first) <= width else first[: width - 1] + "…"


def run(args: argparse.Namespace) -> int:
    glossary = glossary_from_args(args)
    query = " ".join(args.query)
    hits = glossary.search(query, limit=args.limit)
    if not hits:
        print(printable(f"mlgloss: no term matches {query!r}"), file=sys.stderr)
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "id": h.entry.id,
                        "term": h.entry.term,
                        "matched": h.matched,
                        "score": round(min(h.score, 100.0), 1),
                    }
                    for h in hits
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return 0 if hits else 1
    for hit in hits:
        definition = next((d.text for s in hit.entry.senses for d in s.definitions), "")
        shown = (
            hit.entry.term
            if hit.matched == hit.entry.term
            else (f"{hit.entry.term} (matched {hit.matched!r})")
        )
        print(printable(f"{shown:<40} {_summary(definition)}".rstrip()))
    return 0 if hits else 1
