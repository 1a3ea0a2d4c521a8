"""Reading the client's messages from stdin: strict framing, resynchronisation, and an
answer to every request.

pygls 2.1 reads stdio in ``pygls.io_.run_async``: a header line counts only if it is exactly
``Content-Length: <digits>\\r\\n``, anything else is skipped, and a body is read only after
one. After ``Content-Length: abc`` the body that follows is then read as header lines; it
has no line break of its own, so the next message's header is glued to it and never
matches, nor does any later one: the server stays alive and never answers again. A body
that is not JSON, or whose params do not fit the method (``cattrs`` refuses them in
``JsonRPCProtocol.structure_message``, called as ``json.loads``' object hook), is logged
with a traceback and gets no response at all, although the request had an id; and
``JsonRPCProtocol.handle_message`` drops every request after ``shutdown`` without a
response (the specification asks for ``InvalidRequest``).

:func:`serve` replaces that loop and keeps the rest of pygls (structuring, dispatch,
handlers). It:

- accepts any header (``Name: value``), a ``Content-Length`` of up to
  :data:`MAX_MESSAGE_BYTES`, header lines of up to :data:`MAX_HEADER_LINE` bytes;
- resynchronises on the next ``Content-Length`` header, also when it is glued to the end
  of garbage (the case above), with one log line per lost stretch;
- answers a body that is not JSON with ``ParseError`` (-32700, id null), a message that is
  not a JSON-RPC 2.0 request or notification with ``InvalidRequest`` (-32600), an unknown
  method with ``MethodNotFound`` (-32601), params that do not fit the method with
  ``InvalidParams`` (-32602), and any request after ``shutdown`` but ``exit`` with
  ``InvalidRequest``: each with one log line, never a traceback (pygls' own tracebacks for
  a client's mistakes are filtered out of its log);
- ignores a ``didChange`` for a document that is not open (one log line; pygls raises a
  ``KeyError`` into its error handler);
- skips a body longer than the limit in bounded chunks, and ends the session cleanly
  at the end of stdin, also in the middle of a message.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from typing import Any, Protocol
from urllib.parse import unquote

from lsprotocol import types
from pygls.exceptions import (
    JsonRpcException,
    JsonRpcInvalidParams,
    JsonRpcInvalidRequest,
    JsonRpcMethodNotFound,
)
from pygls.protocol import JsonRPCProtocol

log = logging.getLogger("mlgloss.lsp")

MAX_HEADER_LINE = 8 * 1024
"""Bytes in one header line; a longer line is garbage (read and dropped in bounded pieces)."""

MAX_MESSAGE_BYTES = 512 * 1024 * 1024
"""The largest body read; a larger one is skipped unread. Above the largest document the
server is tested with (50 MB of text, twice that once JSON-escaped), below what would
exhaust memory."""

SKIP_CHUNK = 1024 * 1024

PARSE_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, INVALID_PARAMS = -32700, -32600, -32601, -32602

_CONTENT_LENGTH = re.compile(rb"content-length[ \t]*:[ \t]*([^\r\n]*?)[ \t]*\r?\n\Z", re.I)
_HEADER = re.compile(rb"[!-9;-~]+[ \t]*:[^\r\n]*\r?\n\Z")


CLIENT_ERRORS = (JsonRpcInvalidParams, JsonRpcInvalidRequest, JsonRpcMethodNotFound)
"""What a client's bad request raises in pygls: the client's mistake, not the server's."""


class _ClientMistakes(logging.Filter):
    """Drops pygls' tracebacks for a client's bad message (params that do not fit, an
    unknown method or command): the request is answered with its error and one line is
    logged (:func:`dispatch`, ``MlglossServer.report_server_error``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if str(record.msg).startswith("Unable to deserialize message"):
            return False
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, CLIENT_ERRORS)


def _quiet_pygls() -> None:
    logger = logging.getLogger("pygls.protocol.json_rpc")
    if not any(isinstance(f, _ClientMistakes) for f in logger.filters):
        logger.addFilter(_ClientMistakes())


class Source(Protocol):
    """What the reader reads: ``readline`` (to and with the next ``\\n``, or what is left)
    and ``readexactly`` (``n`` bytes, fewer at the end), as ``ReadAheadStdin`` offers them."""

    async def readline(self) -> bytes: ...

    async def readexactly(self, n: int) -> bytes: ...


class Reader:
    """LSP frames from a :class:`Source` (the server's read-ahead stdin)."""

    def __init__(self, source: Source) -> None:
        self._source = source

    async def _line(self) -> bytes:
        """One line; a line longer than :data:`MAX_HEADER_LINE` is garbage, cut short."""
        line = await self._source.readline()
        return line if len(line) <= MAX_HEADER_LINE else line[:64] + b"...\n"

    async def _body(self, length: int) -> bytes | None:
        """``length`` bytes, or None at the end of the stream."""
        body = await self._source.readexactly(length)
        return body if len(body) == length else None

    async def _skip(self, length: int) -> bool:
        while length:
            part = await self._source.readexactly(min(length, SKIP_CHUNK))
            if not part:
                return False
            length -= len(part)
        return True

    async def message(self) -> bytes | None:
        """The next message's body; None at the end of the stream."""
        length: int | None = None
        started = False  # some header (or garbage) line of this message was read
        lost = False  # garbage was skipped since the last good message
        while True:
            line = await self._line()
            if not line:
                if started:
                    log.warning("mlgloss: the client's stream ended inside a message header")
                return None
            if line in (b"\r\n", b"\n"):
                if length is not None:
                    if length > MAX_MESSAGE_BYTES:
                        log.warning(
                            "mlgloss: skipped a message of %d bytes (the limit is %d)",
                            length,
                            MAX_MESSAGE_BYTES,
                        )
                        if not await self._skip(length):
                            return None
                        length, started = None, False
                        continue
                    body = await self._body(length)
                    if body is None:
                        log.warning("mlgloss: the client's stream ended inside a message")
                    return body
                if started and not lost:
                    log.warning("mlgloss: skipped a message without a valid Content-Length")
                lost = lost or started
                started = False
                continue
            started = True
            header = _CONTENT_LENGTH.search(line)
            if header is not None:
                value = header.group(1)
                if header.start() > 0 and not lost:
                    log.warning("mlgloss: skipped bytes that were not a message; resynchronised")
                if value.isdigit() and len(value) <= 15:
                    length, lost = int(value), False
                else:
                    log.warning("mlgloss: invalid Content-Length %r; skipping to the next", value)
                    length, lost = None, True
            elif not _HEADER.match(line):
                if not lost:
                    log.warning("mlgloss: skipped bytes that were not a message header")
                length, lost = None, True


def _send_error(protocol: JsonRPCProtocol, msg_id: Any, code: int, message: str) -> None:
    # A plain mapping: pygls' converter would leave out an id of None, which the
    # specification wants written as null.
    error = {"code": code, "message": message}
    protocol._send_data({"jsonrpc": "2.0", "id": msg_id, "error": error})


def _handled(protocol: JsonRPCProtocol, method: str) -> bool:
    if method == types.CANCEL_REQUEST:  # pygls handles it before looking for a feature
        return True
    features = protocol.fm
    return method in features.features or method in features.builtin_features


def _valid_id(value: Any) -> bool:
    return isinstance(value, int | str) and not isinstance(value, bool)


def dispatch(protocol: JsonRPCProtocol, body: bytes) -> None:
    """Structure one message and hand it to pygls; answer what pygls would leave unanswered."""
    try:
        data = json.loads(body)
    except ValueError as exc:  # also UnicodeDecodeError
        log.warning("mlgloss: a message that is not JSON (%s); answered ParseError", exc)
        _send_error(protocol, None, PARSE_ERROR, f"Parse error: {exc}")
        return
    if not isinstance(data, dict):
        log.warning("mlgloss: a message that is not a JSON object; answered InvalidRequest")
        _send_error(protocol, None, INVALID_REQUEST, "Invalid request: not a JSON object")
        return
    msg_id = data.get("id")
    method = data.get("method")
    has_id = "id" in data and msg_id is not None
    if has_id and not _valid_id(msg_id):
        log.warning("mlgloss: a message with an invalid id; answered InvalidRequest")
        _send_error(
            protocol, None, INVALID_REQUEST, "Invalid request: id must be a number or a string"
        )
        return
    if data.get("jsonrpc") != "2.0" or ("method" in data and not isinstance(method, str)):
        log.warning("mlgloss: a message that is not JSON-RPC 2.0; ignored")
        if has_id and "method" in data:
            _send_error(protocol, msg_id, INVALID_REQUEST, "Invalid request: not JSON-RPC 2.0")
        return
    is_request = has_id and isinstance(method, str)
    if getattr(protocol, "_shutdown", False) and method != types.EXIT:
        if is_request:
            log.warning("mlgloss: %s after shutdown; answered InvalidRequest", method)
            _send_error(
                protocol, msg_id, INVALID_REQUEST, f"the server is shut down: {method} refused"
            )
        return
    if isinstance(method, str) and not _handled(protocol, method):
        if is_request:
            log.warning("mlgloss: unknown method %s; answered MethodNotFound", method)
            _send_error(protocol, msg_id, METHOD_NOT_FOUND, f"Method not found: {method}")
        elif not method.startswith("$/"):  # "$/" notifications may be ignored silently
            log.info("mlgloss: ignored the notification %s (not handled)", method)
        return
    fast = getattr(protocol, "did_change_from_json", None)
    is_change = method == types.TEXT_DOCUMENT_DID_CHANGE and not has_id
    if is_change and fast is not None and fast(data.get("params")):
        return
    try:
        message = protocol.structure_message(data)
    except JsonRpcException:
        what = f"{method} (request {msg_id!r})" if is_request else repr(method)
        log.warning(
            "mlgloss: invalid params for %s; %s",
            what,
            "answered InvalidParams" if is_request else "ignored",
        )
        if is_request:
            _send_error(protocol, msg_id, INVALID_PARAMS, f"Invalid params for {method}")
        return
    if method == types.TEXT_DOCUMENT_DID_CHANGE and not _is_open(protocol, message):
        log.warning("mlgloss: didChange for a document that is not open; ignored")
        return
    protocol.handle_message(message)


def _is_open(protocol: JsonRPCProtocol, message: Any) -> bool:
    """Whether a didChange is for an open document (pygls raises a KeyError otherwise)."""
    workspace = getattr(protocol, "_workspace", None)
    if workspace is None:
        return True  # not initialised: pygls says so itself
    uri = message.params.text_document.uri
    return unquote(uri) in workspace.text_documents


async def serve(stop: threading.Event, source: Source, protocol: JsonRPCProtocol) -> None:
    """Read and dispatch messages until the stream ends or ``stop`` is set."""
    _quiet_pygls()
    reader = Reader(source)
    while not stop.is_set():
        body = await reader.message()
        if body is None:
            return
        try:
            dispatch(protocol, body)
        except Exception as exc:  # a bug in dispatching, not in a handler: keep serving
            log.error("mlgloss: could not handle a message: %r", exc)
