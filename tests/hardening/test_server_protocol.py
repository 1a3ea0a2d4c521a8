"""A server that answers every request, whatever the client sends (``lsp/framing.py``).

The real ``mlgloss serve`` process, fed raw bytes on stdin: broken framing (``Content-Length:
abc``, a header glued to garbage, a truncated header or body, a body that is not JSON, an
oversized length) ends in resynchronisation, so that the next good request is answered, or
in a clean exit at the end of stdin; never in a live server that answers nothing. Bad
messages each give one log line, never a traceback on stderr. What is asserted is what a
client sees: the error code of each answer (JSON-RPC's numbers), not pygls' wording.
"""

from __future__ import annotations

import json
import queue
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest
from fixtures_frontend import (
    did_open,
    frame,
    initialize_messages,
    make_project,
    read_message,
    request,
)
from fixtures_frontend import start_raw_server as start_server

ANSWER_TIMEOUT = 30.0
PARSE_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, INVALID_PARAMS = -32700, -32600, -32601, -32602


class RawClient:
    """Bytes in, messages out (read by a thread, so a silent server fails, not hangs)."""

    def __init__(self, root: Path, stderr: IO[bytes]) -> None:
        self.root = root
        self.process = start_server(root, stderr)
        assert self.process.stdin is not None and self.process.stdout is not None
        self.stdin = self.process.stdin
        self.messages: queue.Queue[dict[str, object] | None] = queue.Queue()
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()
        self.send(b"".join(initialize_messages(root)))
        assert self.answer(1).get("result") is not None

    def _read(self, stream: IO[bytes]) -> None:
        try:
            while True:
                self.messages.put(read_message(stream))
        except (EOFError, ValueError, OSError):
            self.messages.put(None)

    def send(self, data: bytes) -> None:
        self.stdin.write(data)
        self.stdin.flush()

    def answer(self, msg_id: object) -> dict[str, object]:
        """The response to ``msg_id`` (server requests and notifications are skipped)."""
        while True:
            try:
                message = self.messages.get(timeout=ANSWER_TIMEOUT)
            except queue.Empty:
                raise AssertionError(f"no answer to {msg_id!r} within {ANSWER_TIMEOUT} s") from None
            assert message is not None, f"the server closed its output before answering {msg_id!r}"
            if "method" not in message and message.get("id") == msg_id:
                return message

    def hover(self, msg_id: int) -> bytes:
        params = {
            "textDocument": {"uri": (self.root / "notes.md").as_uri()},
            "position": {"line": 0, "character": 0},
        }
        return request(msg_id, "textDocument/hover", params)

    def assert_answers(self, msg_id: int) -> None:
        """A good request after the bad bytes is answered: the server resynchronised."""
        self.send(self.hover(msg_id))
        answer = self.answer(msg_id)
        assert "error" not in answer, answer

    def close(self) -> int:
        self.stdin.close()
        try:
            return self.process.wait(timeout=ANSWER_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError("the server outlived the end of its stdin") from None


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[tuple[RawClient, Path]]:
    root = make_project(tmp_path / "ws")
    (root / "notes.md").write_text("We fine-tune with Lora.\n")
    stderr_path = tmp_path / "server.stderr"
    with stderr_path.open("wb") as stderr:
        client = RawClient(root, stderr)
        yield client, stderr_path
        if client.process.poll() is None:
            client.process.kill()
            client.process.wait()


def _stderr(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def _body(message: dict[str, object]) -> bytes:
    return json.dumps(message).encode()


SHUTDOWN = _body({"jsonrpc": "2.0", "id": 99, "method": "shutdown"})

BROKEN_FRAMES = {
    "content-length-abc": b"Content-Length: abc\r\n\r\n" + SHUTDOWN,
    "negative-length": b"Content-Length: -5\r\n\r\n" + SHUTDOWN,
    "no-content-length": b"Content-Type: application/json\r\n\r\n" + SHUTDOWN,
    "garbage-line": b"hello, server\r\n",
    "garbage-without-newline": SHUTDOWN,  # a body with no header: glued to the next one
    "length-too-short": b"Content-Length: 10\r\n\r\n" + SHUTDOWN,
    "overlong-header": b"X-Junk: " + b"a" * 100_000 + b"\r\n\r\n",
    "binary-junk": bytes(range(256)) * 4,
}


@pytest.mark.parametrize("frames", list(BROKEN_FRAMES.values()), ids=list(BROKEN_FRAMES))
def test_broken_framing_is_followed_by_resynchronisation(
    server: tuple[RawClient, Path], frames: bytes
) -> None:
    client, stderr_path = server
    client.send(frames)
    client.assert_answers(2)
    client.assert_answers(3)
    assert client.close() in (0, 1)
    stderr = _stderr(stderr_path)
    assert "Traceback" not in stderr, stderr[-3000:]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"{not json", PARSE_ERROR),
        (b"\xff\xfe\x00garbage", PARSE_ERROR),
        (b"[1, 2, 3]", INVALID_REQUEST),
        (b'"just a string"', INVALID_REQUEST),
    ],
    ids=["broken-json", "not-utf8", "array", "string"],
)
def test_a_body_that_is_no_message_is_answered_with_a_null_id(
    server: tuple[RawClient, Path], body: bytes, code: int
) -> None:
    client, stderr_path = server
    client.send(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    answer = client.answer(None)
    assert answer["id"] is None
    assert answer["error"]["code"] == code  # type: ignore[index]
    client.assert_answers(2)
    assert client.close() in (0, 1)
    assert "Traceback" not in _stderr(stderr_path)


@pytest.mark.parametrize(
    ("message", "code"),
    [
        (
            {"jsonrpc": "2.0", "id": 5, "method": "textDocument/hover", "params": "garbage"},
            INVALID_PARAMS,
        ),
        ({"jsonrpc": "2.0", "id": 5, "method": "textDocument/hover"}, INVALID_PARAMS),
        (
            {
                "jsonrpc": "2.0",
                "id": 5,
                "method": "textDocument/hover",
                "params": {"textDocument": {"uri": 7}, "position": {"line": "x"}},
            },
            INVALID_PARAMS,
        ),
        ({"jsonrpc": "2.0", "id": 5, "method": "no/such/method", "params": {}}, METHOD_NOT_FOUND),
        (
            {"jsonrpc": "1.0", "id": 5, "method": "textDocument/hover", "params": {}},
            INVALID_REQUEST,
        ),
        (
            {
                "jsonrpc": "2.0",
                "id": 5,
                "method": "workspace/executeCommand",
                "params": {"command": "no.such.command", "arguments": []},
            },
            INVALID_PARAMS,
        ),
    ],
    ids=[
        "params-string",
        "params-missing",
        "params-wrong-types",
        "unknown-method",
        "jsonrpc-1",
        "unknown-command",
    ],
)
def test_a_bad_request_gets_its_error_and_one_log_line(
    server: tuple[RawClient, Path], message: dict[str, object], code: int
) -> None:
    client, stderr_path = server
    before = len(_stderr(stderr_path).splitlines())
    client.send(frame(message))
    answer = client.answer(5)
    assert answer["error"]["code"] == code  # type: ignore[index]
    client.assert_answers(6)
    assert client.close() in (0, 1)
    stderr = _stderr(stderr_path)
    assert "Traceback" not in stderr, stderr[-3000:]
    new = [line for line in stderr.splitlines()[before:] if "WARNING" in line or "ERROR" in line]
    assert len(new) == 1, new


def test_every_request_after_shutdown_is_answered_invalid_request(
    server: tuple[RawClient, Path],
) -> None:
    client, stderr_path = server
    client.send(request(2, "shutdown", {}))
    assert "error" not in client.answer(2)
    client.send(client.hover(3))
    client.send(request(4, "textDocument/diagnostic", {"textDocument": {"uri": "file:///x.md"}}))
    client.send(request(5, "no/such/method", {}))
    for msg_id in (3, 4, 5):
        assert client.answer(msg_id)["error"]["code"] == INVALID_REQUEST  # type: ignore[index]
    client.send(frame({"jsonrpc": "2.0", "method": "exit"}))
    assert client.process.wait(timeout=ANSWER_TIMEOUT) == 0
    assert "Traceback" not in _stderr(stderr_path)


@pytest.mark.parametrize(
    "tail",
    [b"Content-Le", b"Content-Length: 500\r\n", b'Content-Length: 500\r\n\r\n{"jsonrpc"'],
    ids=["header-cut", "no-blank-line", "body-cut"],
)
def test_a_stream_cut_inside_a_message_ends_the_session_cleanly(
    server: tuple[RawClient, Path], tail: bytes
) -> None:
    client, stderr_path = server
    client.send(tail)
    assert client.close() in (0, 1)
    stderr = _stderr(stderr_path)
    assert "Traceback" not in stderr, stderr[-3000:]


def test_an_oversized_length_is_skipped_not_allocated(server: tuple[RawClient, Path]) -> None:
    client, stderr_path = server
    # Claims a terabyte: the server must neither allocate it nor wait for it forever once
    # the stream ends.
    client.send(b"Content-Length: 1000000000000\r\n\r\n" + b"x" * 1000)
    assert client.close() in (0, 1)
    assert "Traceback" not in _stderr(stderr_path)


def test_a_change_to_a_document_never_opened_is_one_log_line(
    server: tuple[RawClient, Path],
) -> None:
    client, stderr_path = server
    before = len(_stderr(stderr_path).splitlines())
    change = {
        "textDocument": {"uri": (client.root / "never-opened.md").as_uri(), "version": 2},
        "contentChanges": [{"text": "x"}],
    }
    client.send(frame({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": change}))
    client.assert_answers(2)
    assert client.close() in (0, 1)
    stderr = _stderr(stderr_path)
    assert "Traceback" not in stderr, stderr[-3000:]
    new = [line for line in stderr.splitlines()[before:] if "WARNING" in line or "ERROR" in line]
    assert len(new) == 1, new


def _change(uri: str, version: object, changes: object) -> bytes:
    params = {"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}
    return frame({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": params})


def _hover_text(client: RawClient, msg_id: int, uri: str, character: int) -> str:
    params = {"textDocument": {"uri": uri}, "position": {"line": 0, "character": character}}
    client.send(request(msg_id, "textDocument/hover", params))
    result = client.answer(msg_id)["result"]
    return json.dumps(result)


RANGE = {"start": {"line": 0, "character": 18}, "end": {"line": 0, "character": 22}}
MALFORMED_CHANGES = {
    "no-text": [{"range": RANGE}],
    "negative-line": [
        {"range": {"start": {"line": -1, "character": 0}, "end": RANGE["end"]}, "text": "x"}
    ],
    "range-not-an-object": [{"range": [0, 18, 0, 22], "text": "x"}],
    "changes-not-a-list": {"range": RANGE, "text": "x"},
}


@pytest.mark.parametrize("changes", list(MALFORMED_CHANGES.values()), ids=list(MALFORMED_CHANGES))
def test_a_malformed_change_to_an_open_document_is_one_log_line_and_changes_nothing(
    server: tuple[RawClient, Path], changes: object
) -> None:
    # The server applies well-formed didChange params without pygls' structuring
    # (lsp/protocol.py); anything else must still be refused as pygls refuses it.
    client, stderr_path = server
    doc = client.root / "draft.md"
    uri = doc.as_uri()
    client.send(did_open(doc, "We fine-tune with LoRA adapters.\n"))
    assert "Low-Rank Adaptation" in _hover_text(client, 2, uri, 19)
    before = len(_stderr(stderr_path).splitlines())
    client.send(_change(uri, 2, changes))
    assert "Low-Rank Adaptation" in _hover_text(client, 3, uri, 19), "the text was changed"
    # Well-formed changes of both kinds still apply, in order: a range, then a whole text.
    client.send(_change(uri, 3, [{"range": RANGE, "rangeLength": 4, "text": "QLoRA"}]))
    assert "Quantized" in _hover_text(client, 4, uri, 19)
    client.send(_change(uri, 4, [{"text": "Plain words only.\n"}]))
    assert _hover_text(client, 5, uri, 2) == "null"
    assert client.close() in (0, 1)
    stderr = _stderr(stderr_path)
    assert "Traceback" not in stderr, stderr[-3000:]
    new = [line for line in stderr.splitlines()[before:] if "WARNING" in line or "ERROR" in line]
    assert len(new) == 1, new
