"""Faults: a glossary that vanishes or rots under the server, a client that vanishes
mid-request, and ``mlgloss check --fix`` killed at any point or run twice at once.

The promise under test: the server never crashes and keeps the last good glossary; a fix
never loses a byte (every file is, byte for byte, either what it was or fully fixed), and
whatever a ``kill -9`` leaves behind is never mistaken for a source.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest
from fixtures_frontend import (
    MLGLOSS,
    cli_env,
    did_open,
    initialize_messages,
    make_project,
    read_message,
    request,
    run_cli,
    start_raw_server,
)
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp import conftest as lsp_conftest
from lsp.conftest import caps, copy_workspace, diagnostics_for, open_file, span, start, uri
from mlgloss.analysis.document import kind_for_path
from mlgloss.files.writing import TEST_PAUSE_ENV

client = lsp_conftest.client  # the real server (pytest-lsp fixture), started per test

LIVENESS = 30.0
TEMP_SUFFIX = ".mlgloss-tmp"


async def wait_until(predicate, timeout: float = LIVENESS) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached")
        await asyncio.sleep(0.05)


# --- the project glossary changing under the server -------------------------------------


def watched(path: Path, kind: types.FileChangeType) -> types.DidChangeWatchedFilesParams:
    return types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=uri(path), type=kind)])


GOOD_SPANS = [(2, 4, 2, 15)]  # "frobnicater", flagged by the project glossary only


def variants(client: LanguageClient, doc: str) -> list[tuple[int, int, int, int]]:
    return [span(d) for d in client.diagnostics.get(doc, []) if d.code == "variant"]


async def refreshed(client: LanguageClient, doc: str, before: int) -> None:
    """Wait until the server re-published ``doc`` after a reload (or fail)."""
    published = client.published  # type: ignore[attr-defined]
    await wait_until(lambda: sum(p.uri == doc for p in published) > before)


def published_count(client: LanguageClient, doc: str) -> int:
    return sum(p.uri == doc for p in client.published)  # type: ignore[attr-defined]


@pytest.mark.parametrize("fault", ["deleted", "renamed", "garbage", "python-tag"])
async def test_glossary_fault_keeps_last_good_reports_and_recovers(
    client: LanguageClient, tmp_path: Path, capfd: pytest.CaptureFixture[str], fault: str
) -> None:
    workspace = copy_workspace("project", tmp_path)
    terms = workspace / "terms.yaml"
    config = workspace / ".mlgloss.toml"
    good = terms.read_bytes()
    await start(client, workspace, caps("visual-studio-code"))
    doc = open_file(client, workspace / "doc.md", "markdown")
    await diagnostics_for(client, doc)
    assert variants(client, doc) == GOOD_SPANS

    before = published_count(client, doc)
    if fault == "deleted":
        terms.unlink()
        client.workspace_did_change_watched_files(watched(terms, types.FileChangeType.Deleted))
        where, line = config, 0  # `glossary[0]`: glossary file not found
    elif fault == "renamed":
        terms.rename(workspace / "terms-old.yaml")
        client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[
                    types.FileEvent(uri=uri(terms), type=types.FileChangeType.Deleted),
                    types.FileEvent(
                        uri=uri(workspace / "terms-old.yaml"), type=types.FileChangeType.Created
                    ),
                ]
            )
        )
        where, line = config, 0
    elif fault == "garbage":
        terms.write_bytes(os.urandom(4096).replace(b"\x00", b"\x01") + b"\xff\xfe")
        client.workspace_did_change_watched_files(watched(terms, types.FileChangeType.Changed))
        where, line = terms, None
    elif fault == "python-tag":
        marker = Path(tempfile.gettempdir()) / f"mlgloss-pwned-fault-{os.getpid()}"
        marker.unlink(missing_ok=True)
        terms.write_bytes(
            good.replace(
                b"  - term: Widgetizer",
                f'  - term: !!python/object/apply:os.system ["touch {marker}"]'.encode(),
            )
        )
        client.workspace_did_change_watched_files(watched(terms, types.FileChangeType.Changed))
        where, line = terms, 9

    problem_uri = uri(where)
    await wait_until(lambda: bool(client.diagnostics.get(problem_uri)))
    problem = client.diagnostics[problem_uri][0]
    assert problem.severity == types.DiagnosticSeverity.Error
    if line is not None:
        assert problem.range.start.line == line, problem
    # The server publishes the diagnostic, then shows the message: wait for that too (on a
    # busy machine the test could look between the two).
    await wait_until(lambda: any(where.name in m.message for m in client.messages))
    # Still checked, with the last good glossary: the project-only finding stays.
    await refreshed(client, doc, before)
    assert variants(client, doc) == GOOD_SPANS
    if fault == "python-tag":
        assert not marker.exists()

    # Mended: the error is cleared and the document is checked with the file again.
    if fault == "renamed":
        (workspace / "terms-old.yaml").rename(terms)
    else:
        terms.write_bytes(good)
    client.workspace_did_change_watched_files(watched(terms, types.FileChangeType.Created))
    await wait_until(lambda: list(client.diagnostics.get(problem_uri, [None])) == [])
    assert variants(client, doc) == GOOD_SPANS
    hover = await asyncio.wait_for(
        client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=doc),
                position=types.Position(line=2, character=6),
            )
        ),
        LIVENESS,
    )
    assert hover is not None
    assert "Traceback" not in capfd.readouterr().err


# --- the client vanishing mid-request ---------------------------------------------------


def _drain(stream, sink: list[dict[str, object]]) -> None:  # type: ignore[no-untyped-def]
    try:
        while True:
            sink.append(read_message(stream))
    except (EOFError, ValueError, OSError):
        return


@pytest.mark.parametrize("how", ["stdin-closed", "both-pipes-closed"])
def test_client_gone_mid_request_server_exits_cleanly(tmp_path: Path, how: str) -> None:
    root = make_project(tmp_path / "ws")
    doc = root / "notes.md"
    text = "We fine-tune with Lora and Pytorch.\n" * 40_000  # ~1.4 MB: analysis takes a while
    stderr_path = tmp_path / "server.stderr"
    with stderr_path.open("wb") as stderr_file:
        server = start_raw_server(root, stderr_file)
    assert server.stdin is not None and server.stdout is not None
    messages: list[dict[str, object]] = []
    for message in initialize_messages(root):
        server.stdin.write(message)
    server.stdin.flush()
    assert read_message(server.stdout).get("id") == 1  # initialize answered
    reader = threading.Thread(target=_drain, args=(server.stdout, messages), daemon=True)
    if how == "stdin-closed":
        reader.start()
    server.stdin.write(did_open(doc, text))
    for i in range(2, 40):  # requests in flight while the analysis runs
        server.stdin.write(
            request(
                i,
                "textDocument/hover",
                {"textDocument": {"uri": doc.as_uri()}, "position": {"line": i, "character": 20}},
            )
        )
        server.stdin.write(
            request(1000 + i, "textDocument/diagnostic", {"textDocument": {"uri": doc.as_uri()}})
        )
    server.stdin.flush()
    time.sleep(0.3)
    server.stdin.close()
    if how == "both-pipes-closed":
        server.stdout.close()  # the client process is gone: nobody reads any more
    try:
        code = server.wait(timeout=LIVENESS)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
        raise AssertionError(f"the server outlived its client by {LIVENESS} s") from None
    stderr = stderr_path.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in stderr, stderr[-3000:]
    assert code in (0, 1), (code, stderr[-3000:])


# --- mlgloss check --fix killed, and run twice at once ----------------------------------

OLD = (
    "# Notes {i}\n\nWe fine-tune with Lora and use a learning-rate warmup.\r\n"
    "Pytorch is used; caf\u00e9 \u2014 \U0001f600 stays.\n"
)
FILES = 300
REFERENCE_SECONDS: list[float] = []  # how long an unkilled --fix of the tree took here


def make_tree(root: Path, count: int = FILES) -> dict[Path, bytes]:
    make_project(root)
    originals = {}
    for i in range(count):
        path = root / f"d{i % 7}" / f"note{i:03}.md"
        path.parent.mkdir(exist_ok=True)
        data = OLD.format(i=i).encode("utf-8")
        if i % 5 == 0:
            data = b"\xef\xbb\xbf" + data  # a BOM, kept by the fix
        path.write_bytes(data)
        originals[path] = data
    return originals


@pytest.fixture(scope="module")
def fixed_versions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The fully fixed bytes of every file (relative path -> bytes), from an unkilled run."""
    root = tmp_path_factory.mktemp("reference") / "tree"
    originals = make_tree(root)
    began = time.monotonic()
    result = run_cli(["check", "--fix", "--no-progress", "-q", "--jobs", "2", "."], root)
    REFERENCE_SECONDS.append(time.monotonic() - began)
    assert "Traceback" not in result.stderr
    fixed = {str(p.relative_to(root)): p.read_bytes() for p in originals}
    for path, data in originals.items():
        new = fixed[str(path.relative_to(root))]
        assert new != data and b"LoRA" in new and b"PyTorch" in new
        assert new.startswith(b"\xef\xbb\xbf") == data.startswith(b"\xef\xbb\xbf")
        assert b"\r\n" in new and "caf\u00e9 \u2014 \U0001f600".encode() in new
    return fixed


def assert_each_file_old_or_new(
    root: Path, originals: dict[Path, bytes], fixed: dict[str, bytes]
) -> tuple[int, int]:
    old = new = 0
    for path, data in originals.items():
        current = path.read_bytes()
        if current == data:
            old += 1
        elif current == fixed[str(path.relative_to(root))]:
            new += 1
        else:
            raise AssertionError(f"{path} is neither the old nor the fixed content: {current!r}")
    return old, new


def leftovers(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.name.endswith(TEMP_SUFFIX))


def assert_leftovers_ignored(root: Path, temps: list[Path]) -> None:
    """Temp files a kill left are hidden, of no checked kind, and never checked."""
    for temp in temps:
        assert temp.name.startswith(".") and kind_for_path(temp) is None
    result = run_cli(["check", "--no-progress", "--format", "json", "--verbose", "."], root)
    report = json.loads(result.stdout)
    checked = {f["path"] for f in report["files"]}
    assert not any(TEMP_SUFFIX in p for p in checked), checked
    assert not any(TEMP_SUFFIX in json.dumps(e) for e in report["errors"])
    assert "Traceback" not in result.stderr


def spawn_fix(root: Path, jobs: int, **env: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [MLGLOSS, "check", "--fix", "--no-progress", "-q", "--jobs", str(jobs), "."],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=cli_env(**env),
        start_new_session=True,  # its own process group: kill -9 reaches the workers too
    )


def kill9(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=LIVENESS)
    # Workers die with the group; give the kernel a moment to reap their writes.
    time.sleep(0.1)


_RNG = random.Random(20261122)  # seeded: the same "random" moments on every run
FRACTIONS = sorted(_RNG.uniform(0.05, 0.95) for _ in range(6))


@pytest.mark.parametrize("fraction", FRACTIONS, ids=[f"at{f:.2f}" for f in FRACTIONS])
def test_fix_killed_at_a_random_moment_loses_no_byte(
    tmp_path: Path, fixed_versions: dict[str, bytes], fraction: float
) -> None:
    """Killed at a seeded fraction of the time an unkilled run took on this machine."""
    root = tmp_path / "tree"
    originals = make_tree(root)
    delay = fraction * REFERENCE_SECONDS[0]
    proc = spawn_fix(root, jobs=2)
    time.sleep(delay)
    if proc.poll() is None:
        kill9(proc)
    old, new = assert_each_file_old_or_new(root, originals, fixed_versions)
    print(f"killed after {delay:.2f} s: {old} old, {new} fixed, {len(leftovers(root))} temp")
    assert_leftovers_ignored(root, leftovers(root))
    # A second run finishes the job: every file fixed, nothing left over that it made.
    before = set(leftovers(root))
    result = run_cli(["check", "--fix", "--no-progress", "-q", "."], root)
    assert "Traceback" not in result.stderr
    assert assert_each_file_old_or_new(root, originals, fixed_versions) == (0, FILES)
    assert set(leftovers(root)) == before


def test_fix_killed_between_write_and_rename_keeps_the_old_file(
    tmp_path: Path, fixed_versions: dict[str, bytes]
) -> None:
    root = tmp_path / "tree"
    originals = make_tree(root, count=3)
    proc = spawn_fix(root, jobs=1, **{TEST_PAUSE_ENV: "60"})
    deadline = time.monotonic() + LIVENESS
    while not (temps := leftovers(root)):
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        assert time.monotonic() < deadline, "no temporary file was written"
        time.sleep(0.02)
    temp = temps[0]
    target = temp.parent / temp.name[1:].rsplit(".", 2)[0]
    # Written, synced and given the file's mode (the last step before the pause)...
    while temp.stat().st_mode != target.stat().st_mode:
        assert time.monotonic() < deadline, "the fix never reached the rename"
        time.sleep(0.02)
    # ...the temporary file holds the complete fixed content before the rename...
    assert temp.read_bytes() == fixed_versions[str(target.relative_to(root))]
    kill9(proc)
    # ...and the kill leaves the file itself untouched, byte for byte.
    assert assert_each_file_old_or_new(root, originals, fixed_versions) == (3, 0)
    assert leftovers(root) == [temp]
    assert_leftovers_ignored(root, [temp])
    result = run_cli(["check", "--fix", "--no-progress", "-q", "."], root)
    assert assert_each_file_old_or_new(root, originals, fixed_versions) == (0, 3)
    assert "Traceback" not in result.stderr


def test_two_fix_runs_at_once_leave_every_file_old_or_fixed(
    tmp_path: Path, fixed_versions: dict[str, bytes]
) -> None:
    for attempt in range(3):
        root = tmp_path / f"tree{attempt}"
        originals = make_tree(root)
        first, second = spawn_fix(root, jobs=2), spawn_fix(root, jobs=2)
        for proc in (first, second):
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                kill9(proc)
                raise AssertionError("a concurrent --fix run hung") from None
            err = proc.stderr.read().decode() if proc.stderr else ""
            assert "Traceback" not in err, err[-3000:]
            assert proc.returncode in (0, 1), err[-3000:]
        _old, new = assert_each_file_old_or_new(root, originals, fixed_versions)
        assert new > 0
        assert leftovers(root) == []  # nobody was killed: no temporary file remains
        shutil.rmtree(root)
