"""Every request is answered, through pytest-lsp's client: invalid params get InvalidParams
(-32602) and the server goes on serving; after ``shutdown`` every request gets
InvalidRequest (-32600). Error codes are JSON-RPC's numbers, not any library's wording."""

from __future__ import annotations

import asyncio
import uuid
from concurrent.futures import Future
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import LanguageClient

from .conftest import caps, diagnostics_for, open_file, start

INVALID_REQUEST, INVALID_PARAMS = -32600, -32602
TIMEOUT = 30


async def _error_code(client: LanguageClient, method: str, params: object) -> int:
    """Send a request as written (the client's own methods would refuse bad params) and
    return the error code it is answered with."""
    msg_id = f"raw-{uuid.uuid4()}"
    answer: Future[object] = Future()
    client.protocol._request_futures[msg_id] = answer
    client.protocol._send_data({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})
    with pytest.raises(JsonRpcException) as raised:
        await asyncio.wait_for(asyncio.wrap_future(answer), TIMEOUT)
    return raised.value.code


async def _hover(client: LanguageClient, doc: str) -> types.Hover | None:
    params = types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=doc),
        position=types.Position(line=2, character=20),
    )
    return await asyncio.wait_for(client.text_document_hover_async(params), TIMEOUT)


@pytest.mark.parametrize(
    "params",
    ["garbage", None, [1, 2], {"textDocument": {"uri": 3}, "position": {"line": "x"}}],
    ids=["string", "null", "list", "wrong-types"],
)
async def test_hover_with_invalid_params_is_answered_and_the_server_goes_on(
    client: LanguageClient, basic: Path, params: object
) -> None:
    await start(client, basic, caps("visual-studio-code"))
    doc = open_file(client, basic / "notes.md", "markdown")
    await diagnostics_for(client, doc)
    assert await _error_code(client, types.TEXT_DOCUMENT_HOVER, params) == INVALID_PARAMS
    hover = await _hover(client, doc)  # the next good request is answered as usual
    assert hover is not None


async def test_requests_after_shutdown_get_invalid_request(
    client: LanguageClient, basic: Path
) -> None:
    await start(client, basic, caps("visual-studio-code"))
    doc = open_file(client, basic / "notes.md", "markdown")
    await diagnostics_for(client, doc)
    await asyncio.wait_for(client.shutdown_async(None), TIMEOUT)
    hover = types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=doc),
        position=types.Position(line=2, character=20),
    )
    assert await _error_code(client, types.TEXT_DOCUMENT_HOVER, hover) == INVALID_REQUEST
    diagnostic = types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=doc))
    code = await _error_code(client, types.TEXT_DOCUMENT_DIAGNOSTIC, diagnostic)
    assert code == INVALID_REQUEST
    assert await _error_code(client, types.SHUTDOWN, None) == INVALID_REQUEST
    client.exit(None)
    assert client._server is not None
    assert await asyncio.wait_for(client._server.wait(), TIMEOUT) == 0
    client.capabilities = None  # the session is over: nothing for the fixture to shut down
