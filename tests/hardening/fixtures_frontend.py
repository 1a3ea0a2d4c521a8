"""Helpers for the front-end hardening tests: the real ``mlgloss`` executable and server.

:func:`run_cli` runs the installed executable in a child process with a liveness timeout and
returns, besides its output, the peak resident memory of the child and its descendants
(``wait4``'s rusage), so a test can assert a generous memory bound without ``prlimit``.
:func:`hostile_*` build the hostile inputs, once each, from plain bytes (and from the
read-only shared corpus for realistic prose).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

MLGLOSS = str(Path(sys.executable).with_name("mlgloss"))
CORPUS = Path("/work/shared/corpus")

MEMORY_BOUND_KB = 1_500_000
"""A generous peak RSS bound (1.5 GB) for any single ``mlgloss`` run on hostile input."""

CLI_TIMEOUT = 60.0
"""Liveness bound for one CLI run: a hang, not a slow machine, is what it catches."""


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str
    maxrss_kb: int  # peak RSS of the child and the children it waited for


def cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "MLGLOSS_TEST"))}
    env["NO_COLOR"] = "1"
    env.update(extra)
    return env


def run(
    argv: list[str],
    cwd: Path,
    *,
    timeout: float = CLI_TIMEOUT,
    env: dict[str, str] | None = None,
    stdin: bytes | None = None,
) -> Run:
    """Run ``argv``; fail the test (after killing the child) if it outlives ``timeout``."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            argv,
            cwd=cwd,
            stdout=out,
            stderr=err,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            env=env if env is not None else cli_env(),
        )
        if stdin is not None:
            assert proc.stdin is not None
            proc.stdin.write(stdin)
            proc.stdin.close()
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                proc.returncode = -9
                raise AssertionError(f"{argv} did not finish within {timeout} s (hang)")
            time.sleep(0.02)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(
            proc.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            usage.ru_maxrss,
        )


def run_cli(args: list[str], cwd: Path, **kwargs: object) -> Run:
    return run([MLGLOSS, *args], cwd, **kwargs)  # type: ignore[arg-type]


def assert_sane(result: Run) -> None:
    """No traceback, an exit code of the documented set, memory within the bound."""
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert "Traceback" not in result.stdout, result.stdout[-3000:]
    assert result.returncode in (0, 1, 2), (result.returncode, result.stderr[-3000:])
    assert result.maxrss_kb < MEMORY_BOUND_KB, f"peak RSS {result.maxrss_kb} KB"


def corpus_lines(count: int) -> list[str]:
    """``count`` lines of real ML prose from the shared corpus (repeated as needed)."""
    lines: list[str] = []
    for path in sorted(CORPUS.rglob("*.md")):
        lines.extend(path.read_text(encoding="utf-8", errors="replace").splitlines())
        if len(lines) >= count:
            break
    assert lines, "the shared corpus has no Markdown"
    while len(lines) < count:
        lines.extend(lines[: count - len(lines)])
    return lines[:count]


def make_project(root: Path) -> Path:
    """A git-rooted directory, so configuration lookup stops here."""
    root.mkdir(parents=True, exist_ok=True)
    (root / ".git").mkdir(exist_ok=True)
    return root


def yaml_alias_bomb(levels: int = 9, width: int = 9) -> str:
    """The "billion laughs" YAML document: ``width ** levels`` strings once expanded."""
    out = ["l0: &l0 [" + ", ".join(['"lol"'] * width) + "]"]
    for i in range(1, levels + 1):
        out.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]")
    return "\n".join(out) + "\n"


def unique_marker(tmp_path: Path, name: str) -> Path:
    """A path under /tmp that a successful exploit would create (it must never exist)."""
    marker = Path("/tmp") / f"mlgloss-pwned-{name}-{os.getpid()}-{tmp_path.name}"
    marker.unlink(missing_ok=True)
    return marker


# --- a raw stdio client, for what pytest-lsp cannot do: vanish mid-request -----------------


def frame(message: dict[str, object]) -> bytes:
    import json

    body = json.dumps(message).encode("utf-8")
    return f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body


def initialize_messages(root: Path) -> list[bytes]:
    return [
        frame(
            {
                "jsonrpc": "2.0",
                "id": 1,
                "method": "initialize",
                "params": {
                    "processId": None,
                    "rootUri": root.as_uri(),
                    "capabilities": {},
                    "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
                },
            }
        ),
        frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    ]


def did_open(doc: Path, text: str, language: str = "markdown") -> bytes:
    return frame(
        {
            "jsonrpc": "2.0",
            "method": "textDocument/didOpen",
            "params": {
                "textDocument": {
                    "uri": doc.as_uri(),
                    "languageId": language,
                    "version": 1,
                    "text": text,
                }
            },
        }
    )


def request(id_: int, method: str, params: dict[str, object]) -> bytes:
    return frame({"jsonrpc": "2.0", "id": id_, "method": method, "params": params})


def start_raw_server(cwd: Path, stderr_file: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "mlgloss", "serve"],
        cwd=cwd,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=stderr_file,  # type: ignore[arg-type]
        env=cli_env(),
    )


def read_message(stream: object) -> dict[str, object]:
    """One JSON-RPC message from a server's stdout (blocking)."""
    import json

    length = None
    while True:
        line = stream.readline()  # type: ignore[attr-defined]
        if not line:
            raise EOFError
        if line in (b"\r\n", b"\n"):
            break
        name, _, value = line.decode("ascii").partition(":")
        if name.lower() == "content-length":
            length = int(value)
    assert length is not None
    message: dict[str, object] = json.loads(stream.read(length))  # type: ignore[attr-defined]
    return message
