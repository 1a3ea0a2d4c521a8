"""Standard output and the working directory, when the world under the CLI goes away.

A reader that stops early (``mlgloss check | head -1``), a full disk (stdout on
``/dev/full``) or a working directory deleted under the shell must end a run with one line
on stderr, never a traceback, and never with an exit code that hides findings.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from mlgloss.errors import MlglossError


def working_directory() -> Path:
    """The working directory; an :class:`MlglossError` if it was deleted or cannot be read."""
    try:
        return Path.cwd()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise MlglossError(
            f"cannot use the working directory ({reason}): was it deleted? "
            "cd to an existing directory"
        ) from None


def flush_stdout() -> None:
    """Flush stdout now, so that a failure is seen while the exit code can still say so."""
    if sys.stdout is not None and not sys.stdout.closed:  # the server closes it when done
        sys.stdout.flush()


def discard_stdout() -> None:
    """Point stdout at ``os.devnull``: whatever is still buffered, and the interpreter's own
    flush at exit, then go nowhere instead of raising a second time (the recipe of Python's
    ``signal`` documentation for SIGPIPE)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real stdout (tests capturing it): nothing to protect
        pass


def write_error(exc: OSError) -> MlglossError:
    """The one-line error for a failed write to stdout (after :func:`discard_stdout`)."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    return MlglossError(f"cannot write the output to standard output: {reason}")
