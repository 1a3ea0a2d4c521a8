"""The server's stdout when the client may vanish: a broken pipe ends the session quietly.

pygls writes each message to stdout and, when the client has gone (its end of the pipe
closed, the editor killed), logs every failed write with a traceback and raises into the
handler that sent it, so one lost client becomes a screenful of tracebacks. :class:`ClientStdout`
turns the first failed write into one log line, drops every later message, points fd 1 at
``/dev/null`` (so the interpreter's own flush at exit cannot fail again) and stops the
server; the read loop then ends at the end of stdin, as it does for a well-behaved exit.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Callable
from typing import BinaryIO

log = logging.getLogger("mlgloss.lsp")

GONE = (BrokenPipeError, ConnectionResetError, ValueError)  # ValueError: closed file


class ClientStdout:
    """A binary stream for pygls' ``StdoutWriter`` that survives the client going away."""

    def __init__(self, stream: BinaryIO, on_gone: Callable[[], None]) -> None:
        self._stream = stream
        self._on_gone = on_gone
        self.gone = False

    def write(self, data: bytes) -> int:
        if self.gone:
            return len(data)
        try:
            written = self._stream.write(data)
            self._stream.flush()
        except GONE:
            self._lost()
            return len(data)
        return written

    def flush(self) -> None:
        if self.gone:
            return
        try:
            self._stream.flush()
        except GONE:
            self._lost()

    def close(self) -> None:
        if not self.gone:
            with contextlib.suppress(*GONE):
                self._stream.close()

    def _lost(self) -> None:
        self.gone = True
        log.warning("mlgloss: the client closed the connection; stopping")
        try:
            if self._stream is sys.stdout.buffer or self._stream.fileno() == 1:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, 1)
                os.close(devnull)
        except (OSError, ValueError):
            pass
        self._on_gone()
