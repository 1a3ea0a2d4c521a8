"""The server's stdin, read ahead by one thread, so messages are read as fast as they come.

pygls reads stdin through its thread pool, one hop per line and per body: three thread
round trips for every message, each waiting for the GIL, so a burst of 1,000 ``didChange``
spends most of its time between threads and every request queues behind it.
:class:`ReadAheadStdin` gives pygls' message loop the same ``readline``/``readexactly``
(pygls still parses the framing) but serves them from a buffer that one daemon thread
fills with whatever the pipe holds, in large reads; a coroutine waits only when the
buffer is empty. The loop is given a turn every :data:`YIELD_EVERY` reads even when data
is waiting, so asynchronous handlers and timers run during a burst.
"""

from __future__ import annotations

import asyncio
import os
import threading
from typing import BinaryIO

CHUNK = 1 << 16
YIELD_EVERY = 32


class ReadAheadStdin:
    """``readline``/``readexactly`` over a byte stream, filled by a reader thread."""

    def __init__(self, stream: BinaryIO, prefix: bytes = b"") -> None:
        self._fd = stream.fileno()
        self._buffer = bytearray(prefix)  # what was read before (the first message)
        self._pos = 0  # bytes before this are consumed
        self._eof = False
        self._reads = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._arrived: asyncio.Event | None = None
        self._thread: threading.Thread | None = None

    def _start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._arrived = asyncio.Event()
        self._thread = threading.Thread(target=self._pump, name="mlgloss-stdin", daemon=True)
        self._thread.start()

    def _pump(self) -> None:
        """The reader thread: move bytes from the pipe to the loop until end of input."""
        assert self._loop is not None
        while True:
            try:
                chunk = os.read(self._fd, CHUNK)
            except OSError:
                chunk = b""
            try:
                self._loop.call_soon_threadsafe(self._receive, chunk)
            except RuntimeError:  # the loop has closed
                return
            if not chunk:
                return

    def _receive(self, chunk: bytes) -> None:
        if chunk:
            if self._pos:
                del self._buffer[: self._pos]
                self._pos = 0
            self._buffer += chunk
        else:
            self._eof = True
        assert self._arrived is not None
        self._arrived.set()

    async def _wait(self) -> None:
        if self._thread is None:
            self._start()
        assert self._arrived is not None
        self._arrived.clear()
        await self._arrived.wait()

    async def _turn(self) -> None:
        self._reads += 1
        if self._reads % YIELD_EVERY == 0:
            await asyncio.sleep(0)

    async def readline(self) -> bytes:
        """Up to and including the next ``\\n``; what is left at end of input; or b""."""
        await self._turn()
        while True:
            end = self._buffer.find(b"\n", self._pos)
            if end >= 0 or self._eof:
                stop = end + 1 if end >= 0 else len(self._buffer)
                line = bytes(self._buffer[self._pos : stop])
                self._pos = stop
                return line
            await self._wait()

    async def readexactly(self, n: int) -> bytes:
        """``n`` bytes, or fewer at end of input (as pygls' own reader returns them)."""
        await self._turn()
        while len(self._buffer) - self._pos < n and not self._eof:
            await self._wait()
        data = bytes(self._buffer[self._pos : self._pos + n])
        self._pos += len(data)
        return data
