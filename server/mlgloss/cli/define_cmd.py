"""``mlgloss define TERM``: prints a glossary entry, or the closest matches and exit 1.

TERM is any form of the entry, in any spacing or hyphenation ("low rank adaptation"), or a
config key that denotes it (``lora_alpha``).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from mlgloss.cli.escape import printable
from mlgloss.cli.glossary_options import add_glossary_options, glossary_from_args
from mlgloss.glossary.describe import entry_as_dict, entry_as_text


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "define", help="show a term's glossary entry", description=__doc__
    )
    parser.add_argument("term", nargs="+", help="the term, in any of its forms")
    parser.add_argument("--json", action="store_true", help="print the entry as JSON")
    add_glossary_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    glossary = glossary_from_args(args)
    term = " ".join(args.term)
    entry = glossary.resolve(term)
    if entry is None:
        hits = glossary.search(term, limit=5)
        if args.json:
            print(
                json.dumps(
                    {"term": term, "found": False, "suggestions": [h.entry.term for h in hits]},
                    indent=2,
                )
            )
        else:
            print(f"mlgloss: {printable(repr(term))} is not in the glossary.", file=sys.stderr)
            if hits:
                names = ", ".join(h.entry.term for h in hits)
                print(f"Did you mean: {printable(names)}?", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(entry_as_dict(entry, glossary), indent=2, ensure_ascii=False))
    else:
        print("\n".join(printable(line) for line in entry_as_text(entry, glossary).split("\n")))
    return 0
