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
from typing import TYPE_CHECKING, Any

from lsprotocol import types
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
