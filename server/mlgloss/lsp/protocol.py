"""pygls' language server protocol, with the per-message cost of a ``didChange`` cut down.

A burst of edits is answered no faster than pygls goes through its messages one at a time,
and every request queued behind the burst waits for all of it. Measured per message on
this machine, most of that time was not the edit: each message was classified with
``isinstance`` against pygls' ``runtime_checkable`` protocols (about 0.1 ms per check on
Python 3.11), and ``didChange`` went through a generator handler that started a second
handler with its own future and UUID. :class:`MlglossProtocol` classifies messages by
their fields (the same test, done directly) and applies ``didChange`` in one plain call:
the edits go into the document's line buffer (:mod:`mlgloss.lsp.text_buffer`), then the
server's own handler runs, which only notes that the document changed.

A ``didChange`` of the usual shape (a versioned identifier of an open document, changes that
are a range and a text or a whole text) is not even structured by ``cattrs`` nor sent
through pygls' dispatch (a context copy, a UUID and a future per message): the framing layer
hands its decoded JSON to :meth:`MlglossProtocol.did_change_from_json`, which builds the
same ``lsprotocol`` objects directly, about a third of the message's cost. Anything else
(a field missing or of another type) takes pygls' path, which refuses it as before.

It also drops pygls' answer to an ``initialize`` that was answered before pygls was
imported (:mod:`mlgloss.lsp.early_initialize`). Everything else, the order of messages
included, is pygls' own.
"""

from __future__ import annotations

import asyncio
import contextvars
import inspect
import json
import logging
from typing import TYPE_CHECKING, Any, TypeGuard
from urllib.parse import unquote

from lsprotocol import types
from pygls.exceptions import FeatureNotificationError
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.json_rpc import JsonRPCProtocol
from pygls.protocol.language_server import lsp_method

if TYPE_CHECKING:
    from mlgloss.lsp.early_initialize import EarlyInitialize

log = logging.getLogger(__name__)


class MlglossProtocol(LanguageServerProtocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._background: set[asyncio.Future[Any]] = set()
        self.early: EarlyInitialize | None = None

    def _send_response(self, msg_id: Any, result: Any = None, error: Any = None) -> None:
        """Send an answer, except the ``initialize`` answer already sent early (which is
        compared with this one, see :mod:`mlgloss.lsp.early_initialize`)."""
        early = self.early
        if early is not None and error is None and not early.done:
            answer = json.loads(json.dumps(result, default=self._serialize_message))
            if early.reconcile(msg_id, answer):
                return
        super()._send_response(msg_id, result, error)

    def handle_message(self, message: Any) -> None:
        """pygls' dispatch, reading the message kind from its fields."""
        if getattr(message, "jsonrpc", None) != JsonRPCProtocol.VERSION:
            log.warning("unknown message %r", message)
            return
        method = getattr(message, "method", None)
        if self._shutdown and method != types.EXIT:
            log.warning("server shutting down: %s ignored", method or "a response")
            return
        ctx = contextvars.copy_context()
        has_id = hasattr(message, "id")
        if method is not None and has_id:
            ctx.run(self._handle_request, message.id, method, message.params)
        elif method is not None:
            ctx.run(self._handle_notification, method, message.params)
        elif hasattr(message, "result"):
            ctx.run(self._handle_response, message.id, message.result)
        else:
            ctx.run(self._handle_response, message.id, None, message.error)

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams) -> None:
        """Apply the edits now, in this call, then run the server's ``didChange`` handler."""
        for change in params.content_changes:
            self.workspace.update_text_document(params.text_document, change)
        handler = self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)
        if handler is not None:
            outcome = handler(params)
            if inspect.isawaitable(outcome):
                task = asyncio.ensure_future(outcome)
                self._background.add(task)
                task.add_done_callback(self._background.discard)

    def did_change_from_json(self, params: Any) -> bool:
        """Apply a ``didChange`` from its decoded JSON params; False, having done nothing,
        when they are not the usual shape or name a document that is not open (pygls'
        path then answers them as it would)."""
        structured = _did_change_params(params)
        workspace = self._workspace
        if structured is None or workspace is None:
            return False
        if unquote(structured.text_document.uri) not in workspace.text_documents:
            return False
        try:
            self.lsp_text_document__did_change(structured)
        except Exception as error:  # as pygls reports a failing notification handler
            self._server._report_server_error(error, FeatureNotificationError)
        return True


UINTEGER_MAX = 0x7FFFFFFF


def _is_uinteger(value: object) -> TypeGuard[int]:
    return type(value) is int and 0 <= value <= UINTEGER_MAX


def _position(value: Any) -> types.Position | None:
    if type(value) is not dict:
        return None
    line, character = value.get("line"), value.get("character")
    if _is_uinteger(line) and _is_uinteger(character):
        return types.Position(line=line, character=character)
    return None


def _change(value: Any) -> types.TextDocumentContentChangeEvent | None:
    if type(value) is not dict or type(text := value.get("text")) is not str:
        return None
    if "range" not in value:
        return types.TextDocumentContentChangeWholeDocument(text=text)
    span = value["range"]
    if type(span) is not dict:
        return None
    start, end = _position(span.get("start")), _position(span.get("end"))
    length = value.get("rangeLength")
    if start is None or end is None or not (length is None or _is_uinteger(length)):
        return None
    return types.TextDocumentContentChangePartial(
        range=types.Range(start=start, end=end), text=text, range_length=length
    )


def _did_change_params(params: Any) -> types.DidChangeTextDocumentParams | None:
    """The ``lsprotocol`` params of a ``didChange`` of the usual shape, else None."""
    if type(params) is not dict:
        return None
    document, changes = params.get("textDocument"), params.get("contentChanges")
    if type(document) is not dict or type(changes) is not list:
        return None
    uri, version = document.get("uri"), document.get("version")
    if type(uri) is not str or type(version) is not int:
        return None
    structured = [_change(change) for change in changes]
    if any(change is None for change in structured):
        return None
    return types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=structured,  # type: ignore[arg-type]
    )
