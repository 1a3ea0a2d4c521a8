"""``mlgloss rule [CODE]``: every rule in a table, or one rule's full explanation (``ruff rule``).

The table comes from :mod:`mlgloss.analysis.rule_metadata`; the explanation is the rule's
page, ``docs/rules/<code>.md``, which the wheel carries as ``mlgloss/rule_docs``. An unknown
code is an error (exit 2) with the closest known one.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from mlgloss.analysis.rule_metadata import RULE_METADATA, RuleMetadata
from mlgloss.cli.parser import closest
from mlgloss.errors import MlglossError


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "rule", help="list the rules, or explain one", description=__doc__
    )
    parser.add_argument("code", nargs="?", metavar="CODE", help="a rule code (default: every rule)")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default text)"
    )
    parser.set_defaults(run=run)


def rule_docs_dir() -> Path:
    """The folder of the rule pages: in the wheel, else the checkout's ``docs/rules``."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "rule_docs"
    return packaged if packaged.is_dir() else package.parents[1] / "docs" / "rules"


def explanation(code: str) -> str:
    """The rule's page, as written."""
    page = rule_docs_dir() / f"{code}.md"
    try:
        return page.read_text(encoding="utf-8")
    except OSError as exc:
        raise MlglossError(f"cannot read the page of rule {code}: {exc.strerror or exc}") from None


def _known(code: str) -> RuleMetadata:
    meta = RULE_METADATA.get(code)
    if meta is not None:
        return meta
    guess = closest(code, list(RULE_METADATA))
    hint = f"; did you mean '{guess}'?" if guess else f" (known codes: {', '.join(RULE_METADATA)})"
    raise MlglossError(f"unknown rule code '{code}'{hint}")


def _as_dict(meta: RuleMetadata) -> dict[str, str]:
    return {
        "code": meta.code,
        "summary": meta.summary,
        "default_severity": meta.default_severity.label,
        "fix_safety": meta.fix_safety.value,
        "fix_note": meta.fix_note,
        "docs_url": meta.docs_url,
    }


def _table() -> str:
    rows = [("CODE", "SEVERITY", "FIX", "SUMMARY", "DOCS")]
    rows += [
        (m.code, m.default_severity.label, m.fix_safety.value, m.summary, m.docs_url)
        for m in RULE_METADATA.values()
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return "".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
        + "  "
        + row[4]
        + "\n"
        for row in rows
    )


def run(args: argparse.Namespace) -> int:
    if args.code is None:
        if args.format == "json":
            listing = [_as_dict(m) for m in RULE_METADATA.values()]
            sys.stdout.write(json.dumps(listing, indent=2) + "\n")
        else:
            sys.stdout.write(_table())
        return 0
    meta = _known(args.code)
    text = explanation(meta.code)
    if args.format == "json":
        sys.stdout.write(json.dumps({**_as_dict(meta), "explanation": text}, indent=2) + "\n")
    else:
        sys.stdout.write(text.rstrip("\n") + f"\n\nDocumentation: {meta.docs_url}\n")
    return 0
