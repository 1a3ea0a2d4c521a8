"""``initialize`` answered before pygls is imported: the real ``mlgloss serve`` over raw stdio.

The first start stores pygls' answer; a second start with the same client capabilities
gives the same answer (from the store) and then serves as usual; an out-of-date stored
answer is replaced by pygls' own; a store others may write is not read.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import mlgloss

CAPABILITIES = {"textDocument": {"hover": {"contentFormat": ["markdown"]}}}


def frame(message: dict[str, Any]) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read_message(stream: Any) -> dict[str, Any]:
    length = 0
    while True:
        line = stream.readline()
        assert line, "the server closed its output"
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
        elif line == b"\r\n":
            message: dict[str, Any] = json.loads(stream.read(length))
            return message


def session(cache: Path, workspace: Path, capabilities: dict[str, Any]) -> dict[str, Any]:
    """Start the server, initialize, hover over a term, shut down: (initialize result, hover)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    env.pop("MLGLOSS_NO_CACHE", None)
    env["PYTHONPATH"] = str(Path(mlgloss.__file__).resolve().parents[1])
    doc = (workspace / "a.md").as_uri()
    messages = [
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {"capabilities": capabilities, "rootUri": workspace.as_uri()},
        },
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {
            "jsonrpc": "2.0",
            "method": "textDocument/didOpen",
            "params": {
                "textDocument": {
                    "uri": doc,
                    "languageId": "markdown",
                    "version": 1,
                    "text": "We fine-tune with LoRA.\n",
                }
            },
        },
        {
            "jsonrpc": "2.0",
            "id": 2,
            "method": "textDocument/hover",
            "params": {"textDocument": {"uri": doc}, "position": {"line": 0, "character": 19}},
        },
    ]
    server = subprocess.Popen(
        [sys.executable, "-m", "mlgloss", "serve", "--log-level", "warning"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert server.stdin is not None and server.stdout is not None
    answers: dict[int, dict[str, Any]] = {}
    try:
        server.stdin.write(b"".join(frame(m) for m in messages))
        server.stdin.flush()
        while 2 not in answers:
            message = read_message(server.stdout)
            if "id" in message and "method" not in message:
                assert message["id"] not in answers, "answered twice"
                answers[message["id"]] = message
        server.stdin.write(
            frame({"jsonrpc": "2.0", "id": 3, "method": "shutdown"})
            + frame({"jsonrpc": "2.0", "method": "exit"})
        )
        server.stdin.flush()
        while 3 not in answers:
            message = read_message(server.stdout)
            if "id" in message and "method" not in message:
                assert message["id"] not in answers, "answered twice"
                answers[message["id"]] = message
        assert server.wait(60) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    return {"initialize": answers[1]["result"], "hover": answers[2]["result"]}


@pytest.fixture
def places(tmp_path: Path) -> tuple[Path, Path]:
    workspace = tmp_path / "ws"
    (workspace / ".git").mkdir(parents=True)
    return tmp_path / "cache", workspace


def stored(cache: Path) -> list[Path]:
    return sorted((cache / "mlgloss").glob("initialize-*.json"))


def test_a_second_start_answers_the_same_from_the_store(places: tuple[Path, Path]) -> None:
    cache, workspace = places
    first = session(cache, workspace, CAPABILITIES)
    (answer,) = stored(cache)
    assert json.loads(answer.read_text())["result"] == first["initialize"]
    if os.name == "posix":
        assert answer.stat().st_mode & 0o777 == 0o600
    second = session(cache, workspace, CAPABILITIES)
    assert second == first
    assert "LoRA" in second["hover"]["contents"]["value"]
    # Other client capabilities: another answer (the position encoding, for one).
    session(cache, workspace, {"general": {"positionEncodings": ["utf-8"]}})
    assert len(stored(cache)) == 2


def test_an_out_of_date_stored_answer_is_replaced(places: tuple[Path, Path]) -> None:
    cache, workspace = places
    real = session(cache, workspace, CAPABILITIES)["initialize"]
    (answer,) = stored(cache)
    data = json.loads(answer.read_text())
    data["result"]["capabilities"].pop("hoverProvider")
    answer.write_text(json.dumps(data))
    answer.chmod(0o600)
    stale = session(cache, workspace, CAPABILITIES)
    assert "hoverProvider" not in stale["initialize"]["capabilities"]  # sent early, as stored
    assert json.loads(answer.read_text())["result"] == real  # then replaced by pygls' own
    assert session(cache, workspace, CAPABILITIES)["initialize"] == real


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_store_others_may_write_is_not_read(places: tuple[Path, Path]) -> None:
    cache, workspace = places
    real = session(cache, workspace, CAPABILITIES)["initialize"]
    (answer,) = stored(cache)
    data = json.loads(answer.read_text())
    data["result"]["serverInfo"]["name"] = "someone else"
    answer.write_text(json.dumps(data))
    answer.chmod(0o666)
    assert session(cache, workspace, CAPABILITIES)["initialize"] == real
