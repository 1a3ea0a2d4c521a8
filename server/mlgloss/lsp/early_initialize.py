"""Answer ``initialize`` before pygls is imported, with the answer the same server gave before.

Importing pygls imports ``lsprotocol.types``, some 575 attrs classes whose methods attrs
compiles at import: 0.35 to 0.5 s of CPU on the development machine, more than the whole
300 ms an editor should wait for the ``initialize`` answer. That answer (the server's
capabilities and name) depends only on the client's capabilities and on the server's code,
so the server keeps it: the first ``initialize`` from a client is answered by pygls as
usual and its answer is stored; the next start that receives the same ``initialize``
writes the stored answer at once, *then* imports pygls and hands it the same message, so
the session is set up exactly as before. pygls' own answer is compared with the one sent
and dropped; if they ever differ the stored answer is replaced and a warning logged.

The store is a JSON file per answer in the user's cache directory (as the glossary cache:
:func:`mlgloss.cache_files.cache_dir`), named by a digest of the client's capabilities,
the mlgloss, pygls, lsprotocol and Python versions and the source of ``mlgloss/lsp``: a
change to any of them is a miss, never a stale answer. Files that others may write are
ignored; nothing but a JSON value is ever read from them. This module imports only the
standard library.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from importlib.util import find_spec
from pathlib import Path
from typing import Any, BinaryIO

from mlgloss import __version__
from mlgloss.cache_files import cache_dir, trusted

PREFIX = "initialize-"
FORMAT = 1
MAX_HEADER = 8192


class FirstMessage:
    """The bytes read from stdin before pygls runs, and the message they began with.

    (Plain classes here, not dataclasses: importing ``dataclasses`` is some 15 ms of the
    start before the answer.)"""

    __slots__ = ("message", "raw")

    def __init__(self, raw: bytes, message: dict[str, Any] | None = None) -> None:
        self.raw = raw
        self.message = message


def read_first_message(fd: int) -> FirstMessage:
    """Read stdin up to the end of its first message; anything unexpected stops early.

    Only the first message is looked at; every byte read is given to pygls afterwards, so
    whatever the bytes are, pygls reads exactly what the client sent.
    """
    raw = bytearray()
    while b"\r\n\r\n" not in raw:
        if len(raw) > MAX_HEADER:
            return FirstMessage(bytes(raw))
        chunk = os.read(fd, 4096)
        if not chunk:
            return FirstMessage(bytes(raw))
        raw += chunk
    head, _, rest = bytes(raw).partition(b"\r\n\r\n")
    length = None
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length" and value.strip().isdigit():
            length = int(value.strip())
    if length is None or length > 1 << 24:
        return FirstMessage(bytes(raw))
    while len(rest) < length:
        chunk = os.read(fd, max(4096, length - len(rest)))
        if not chunk:
            return FirstMessage(bytes(raw))
        raw += chunk
        rest += chunk
    try:
        message = json.loads(rest[:length])
    except ValueError:
        return FirstMessage(bytes(raw))
    return FirstMessage(bytes(raw), message if isinstance(message, dict) else None)


def _version_stamp(package: str) -> str:
    spec = find_spec(package)
    origin = (spec.origin or "") if spec else ""
    with contextlib.suppress(OSError):
        stat = os.stat(origin)
        return f"{package} {origin} {stat.st_mtime_ns} {stat.st_size}"
    return f"{package} missing"


def answer_key(params: Any) -> str | None:
    """The digest naming the stored answer to an ``initialize`` with these params."""
    if not isinstance(params, dict):
        return None
    digest = hashlib.sha256()
    parts = [
        f"format {FORMAT}",
        f"mlgloss {__version__}",
        sys.version,
        _version_stamp("pygls"),
        _version_stamp("lsprotocol"),
        json.dumps(params.get("capabilities"), sort_keys=True),
    ]
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    try:
        for file in sorted(Path(__file__).parent.glob("*.py")):
            source = file.read_bytes()
            digest.update(f"{file.name} {len(source)}\0".encode() + source)
    except OSError:
        return None
    return digest.hexdigest()[:32]


def read_answer(key: str) -> Any | None:
    directory = cache_dir()
    if directory is None:
        return None
    try:
        with open(directory / f"{PREFIX}{key}.json", "rb") as handle:
            if not trusted(handle.fileno()):
                return None
            data = json.loads(handle.read())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != key or "result" not in data:
        return None
    return data["result"]


def write_answer(key: str, result: Any) -> None:
    """Store an answer (atomically; failures are ignored)."""
    directory = cache_dir()
    if directory is None:
        return
    target = directory / f"{PREFIX}{key}.json"
    temp = directory / f".{PREFIX}{key}.{os.getpid()}.tmp"
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"key": key, "result": result}, handle)
        os.replace(temp, target)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)


class EarlyInitialize:
    """What was read and answered before pygls ran, for the protocol to reconcile."""

    __slots__ = ("answered", "done", "first", "key", "request_id")

    def __init__(self, first: FirstMessage) -> None:
        self.first = first
        self.key: str | None = None
        self.request_id: Any = None
        self.answered: Any = None  # the result sent early, or None
        self.done = False

    def reconcile(self, request_id: Any, result: Any) -> bool:
        """pygls' answer to ``initialize`` (as JSON): store it; True if already sent."""
        if self.done or self.key is None or request_id != self.request_id:
            return False
        self.done = True
        if self.answered is None:
            write_answer(self.key, result)
            return False
        if self.answered != result:
            write_answer(self.key, result)
            sys.stderr.write(
                "mlgloss: the stored initialize answer was out of date; it is replaced "
                "(restart the server if the editor misses a feature)\n"
            )
        return True


def answer_first_initialize(stdin: BinaryIO, stdout: BinaryIO) -> EarlyInitialize:
    """Read the first message; if it is an ``initialize`` answered before, answer it now."""
    first = read_first_message(stdin.fileno())
    early = EarlyInitialize(first)
    message = first.message
    if message is None or message.get("method") != "initialize" or "id" not in message:
        return early
    early.key = answer_key(message.get("params"))
    early.request_id = message["id"]
    if early.key is None:
        return early
    result = read_answer(early.key)
    if result is None:
        return early
    body = json.dumps({"jsonrpc": "2.0", "id": message["id"], "result": result}).encode()
    try:
        stdout.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stdout.flush()
    except OSError:
        return early
    early.answered = result
    return early
