"""``mlgloss serve``: runs the language server (stdio; ``--tcp HOST:PORT`` for debugging)."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def _address(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    try:
        return host or "127.0.0.1", int(port)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {value!r}") from None


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="run the language server",
        description="Run the mlgloss language server. It speaks LSP on stdin/stdout; logs go "
        "to stderr.",
    )
    parser.add_argument(
        "--stdio",
        action="store_true",
        help="use stdin/stdout (the default; accepted for clients that pass it)",
    )
    parser.add_argument(
        "--tcp", metavar="HOST:PORT", type=_address, help="listen on a TCP port instead (debugging)"
    )
    parser.add_argument(
        "--log-level",
        default="info",
        choices=("debug", "info", "warning", "error"),
        help="how much to log on stderr (default: info)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    early = None
    if args.tcp is None:
        # Before pygls is imported: see mlgloss.lsp.early_initialize.
        from mlgloss.lsp.early_initialize import answer_first_initialize

        early = answer_first_initialize(sys.stdin.buffer, sys.stdout.buffer)
    from mlgloss.lsp.server import start

    return start(tcp=args.tcp, log_level=args.log_level, early=early)
