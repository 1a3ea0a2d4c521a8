"""Latency of ``mlgloss serve`` as an editor sees it, over stdio.

Starts the real server, opens a 200-line and a 10,000-line Markdown file built from the
shared corpus (``/work/shared/corpus``, read-only; or ``--corpus``), and prints p50/p95/p99
for hover, completion and diagnostics after an edit, the time to ``initialize`` (and to
the "configuration loaded" announcement), and the server's resident memory (VmRSS from
/proc, as psutil is not installed).

Diagnostics after an edit are measured two ways:

* ``push`` (the default): ``didChange`` until the ``publishDiagnostics`` for that version
  arrives — end to end, including the server's 150 ms debounce;
* ``pull`` (``--pull``): ``didChange`` then ``textDocument/diagnostic`` — the analysis
  latency.

Then it times ``--starts`` cold starts (process start to the ``initialize`` answer), runs
one burst of :mod:`server_load` (1,000 edits on the 10,000-line file, hovers sent during
it), asks a fresh server for ``workspace/diagnostic`` over the whole corpus (streamed as
partial results) and reads its memory after, measures in this process the CPU time of one
re-analysis after a one-line edit of the 10,000-line file (the engine's share of pushed
diagnostics, which the machine's load does not inflate), and ends with a summary of the
issue-14 figures against their goals.

Run: ``PYTHONPATH=server python benchmarks/lsp_latency.py [--rounds 50] [--starts 9]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

CORPUS = Path("/work/shared/corpus")


def build_document(corpus: Path, lines: int) -> str:
    out: list[str] = []
    for path in sorted(corpus.rglob("*.md")):
        out.extend(path.read_text(encoding="utf-8", errors="replace").splitlines())
        if len(out) >= lines:
            break
    while len(out) < lines:
        out.extend(out[: lines - len(out)])
    return "\n".join(out[:lines]) + "\n"


def percentiles(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return f"p50 {q[49]:7.1f} ms  p95 {q[94]:7.1f} ms  p99 {q[98]:7.1f} ms  (n={len(ms)})"


def q(samples: list[float], n: int) -> float:
    """The n-th percentile of ``samples`` (seconds), in milliseconds."""
    ms = sorted(s * 1000 for s in samples)
    return statistics.quantiles(ms, n=100, method="inclusive")[n - 1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def vm_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (from /proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def term_positions(text: str, word: str, limit: int) -> list[types.Position]:
    positions = []
    for number, line in enumerate(text.splitlines()):
        column = line.find(word)
        if column >= 0 and line.isascii():
            positions.append(types.Position(line=number, character=column + 1))
            if len(positions) >= limit:
                break
    return positions


async def run(rounds: int, corpus: Path, pull: bool) -> dict[str, float]:
    client = LanguageClient("mlgloss-bench", "1")
    published: dict[tuple[str, int | None], float] = {}
    loaded = asyncio.Event()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_publish(params: types.PublishDiagnosticsParams) -> None:
        published[(params.uri, params.version)] = time.perf_counter()

    @client.feature(types.WINDOW_LOG_MESSAGE)
    def on_log(params: types.LogMessageParams) -> None:
        if "configuration loaded" in params.message:
            loaded.set()

    @client.feature(types.WORKSPACE_CONFIGURATION)
    def on_configuration(params: types.ConfigurationParams) -> list[object]:
        return [{} for _ in params.items]

    workdir = Path(tempfile.mkdtemp(prefix="mlgloss-bench-"))
    (workdir / ".mlgloss.toml").write_text("# benchmark workspace\n")
    docs = {200: build_document(corpus, 200), 10_000: build_document(corpus, 10_000)}

    started = time.perf_counter()
    await client.start_io(sys.executable, "-m", "mlgloss", "serve", "--log-level", "warning")
    capabilities = types.ClientCapabilities(
        workspace=types.WorkspaceClientCapabilities(configuration=True),
        text_document=types.TextDocumentClientCapabilities(
            diagnostic=types.DiagnosticClientCapabilities() if pull else None,
            hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
        ),
    )
    await client.initialize_async(
        types.InitializeParams(
            capabilities=capabilities,
            root_uri=workdir.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=workdir.as_uri(), name="bench")],
        )
    )
    initialized = time.perf_counter() - started
    client.initialized(types.InitializedParams())
    await loaded.wait()
    configured = time.perf_counter() - started
    pid = client._server.pid  # type: ignore[union-attr]
    print(f"time to initialize response: {initialized * 1000:.0f} ms")
    print(f"time to configuration loaded: {configured * 1000:.0f} ms")
    print(f"RSS after start-up: {rss_mb(pid):.1f} MB")

    figures: dict[str, float] = {}
    for size, text in docs.items():
        path = workdir / f"doc{size}.md"
        path.write_text(text)
        uri = path.as_uri()
        ident = types.TextDocumentIdentifier(uri=uri)
        t0 = time.perf_counter()
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id="markdown", version=1, text=text
                )
            )
        )
        if pull:
            await client.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(text_document=ident)
            )
        else:
            while (uri, 1) not in published:
                await asyncio.sleep(0.002)
        print(
            f"\n{size}-line document: first diagnostics {1000 * (time.perf_counter() - t0):.0f} ms"
        )

        positions = term_positions(text, "fine-tun", rounds) or [
            types.Position(line=0, character=0)
        ]
        samples = []
        for i in range(rounds):
            t = time.perf_counter()
            await client.text_document_hover_async(
                types.HoverParams(text_document=ident, position=positions[i % len(positions)])
            )
            samples.append(time.perf_counter() - t)
        print(f"  hover:      {percentiles(samples)}")
        if size == 10_000:
            figures["hover_p50"], figures["hover_p99"] = q(samples, 50), q(samples, 99)

        samples = []
        line = len(text.splitlines()) // 2
        version = 1
        for i in range(rounds):
            version += 1
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    content_changes=[
                        types.TextDocumentContentChangePartial(
                            range=types.Range(
                                start=types.Position(line=line, character=0),
                                end=types.Position(line=line, character=0),
                            ),
                            text="We fine tun\n" if i % 2 == 0 else "",
                        )
                    ],
                )
            )
            t = time.perf_counter()
            await client.text_document_completion_async(
                types.CompletionParams(
                    text_document=ident, position=types.Position(line=line, character=11)
                )
            )
            samples.append(time.perf_counter() - t)
            line += 1
        print(f"  completion: {percentiles(samples)}")

        samples = []
        for i in range(rounds):
            version += 1
            t = time.perf_counter()
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    content_changes=[
                        types.TextDocumentContentChangePartial(
                            range=types.Range(
                                start=types.Position(line=line + i, character=0),
                                end=types.Position(line=line + i, character=0),
                            ),
                            text="Lora ",
                        )
                    ],
                )
            )
            if pull:
                await client.text_document_diagnostic_async(
                    types.DocumentDiagnosticParams(text_document=ident)
                )
                samples.append(time.perf_counter() - t)
            else:
                while (uri, version) not in published:
                    await asyncio.sleep(0.001)
                samples.append(published[(uri, version)] - t)
        mode = "pull" if pull else "push, incl. 150 ms debounce"
        print(f"  diagnostics after edit ({mode}): {percentiles(samples)}")
        if size == 10_000:
            figures["diag_p50"], figures["diag_p95"] = q(samples, 50), q(samples, 95)
        print(f"  RSS: {rss_mb(pid):.1f} MB")

    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return figures


async def time_to_initialize() -> float:
    """Seconds from starting ``mlgloss serve`` to its answer to ``initialize``."""
    client = LanguageClient("mlgloss-bench", "1")
    started = time.perf_counter()
    await client.start_io(sys.executable, "-m", "mlgloss", "serve", "--log-level", "warning")
    await client.initialize_async(
        types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=None)
    )
    elapsed = time.perf_counter() - started
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return elapsed


async def workspace_diagnostics(corpus: Path) -> dict[str, float]:
    """``workspace/diagnostic`` over ``corpus`` in a fresh server, streamed in partial
    results: files reported, seconds, server CPU seconds, RSS after and peak (MB)."""
    client = LanguageClient("mlgloss-bench", "1")
    reported: set[str] = set()

    @client.feature(types.PROGRESS)
    def on_progress(params: types.ProgressParams) -> None:
        value = params.value
        items = value.get("items", []) if isinstance(value, dict) else []
        reported.update(item["uri"] for item in items)

    @client.feature(types.WORKSPACE_CONFIGURATION)
    def on_configuration(params: types.ConfigurationParams) -> list[object]:
        return [{} for _ in params.items]

    @client.feature(types.WINDOW_LOG_MESSAGE)
    def on_log(params: types.LogMessageParams) -> None:
        return None

    await client.start_io(sys.executable, "-m", "mlgloss", "serve", "--log-level", "warning")
    pid = client._server.pid  # type: ignore[union-attr]
    await client.initialize_async(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(
                workspace=types.WorkspaceClientCapabilities(configuration=True),
                text_document=types.TextDocumentClientCapabilities(
                    diagnostic=types.DiagnosticClientCapabilities()
                ),
            ),
            root_uri=corpus.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=corpus.as_uri(), name="corpus")],
        )
    )
    client.initialized(types.InitializedParams())
    cpu_before = cpu_seconds(pid)
    began = time.perf_counter()
    await client.workspace_diagnostic_async(
        types.WorkspaceDiagnosticParams(previous_result_ids=[], partial_result_token="bench")
    )
    figures = {
        "files": float(len(reported)),
        "seconds": time.perf_counter() - began,
        "cpu": cpu_seconds(pid) - cpu_before,
        "rss_mb": vm_mb(pid, "VmRSS"),
        "peak_mb": vm_mb(pid, "VmHWM"),
    }
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return figures


def raw_push_latency(corpus: Path, edits: int) -> tuple[list[float], float]:
    """Pushed diagnostics after a one-line edit of the 10,000-line file, timed by a client
    that reads the server's output itself (JSON-decoding each message, as an editor does)
    rather than pygls' client, which also structures every diagnostic into lsprotocol
    objects before its handler sees the message (tens of ms for ~350 diagnostics on this
    machine, counted in the pygls figures above). Returns the latencies (seconds, debounce
    included) and the server's CPU seconds per edit."""
    import json
    import subprocess
    import threading

    workdir = Path(tempfile.mkdtemp(prefix="mlgloss-bench-raw-"))
    (workdir / ".mlgloss.toml").write_text("# benchmark workspace\n")
    path = workdir / "doc10000.md"
    text = build_document(corpus, 10_000)
    path.write_text(text)
    uri = path.as_uri()
    server = subprocess.Popen(
        [sys.executable, "-m", "mlgloss", "serve", "--log-level", "warning"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert server.stdin is not None and server.stdout is not None
    stdin, stdout = server.stdin, server.stdout
    lock = threading.Lock()
    arrived: dict[int, float] = {}
    changed = threading.Condition()

    def send(message: dict[str, object]) -> None:
        body = json.dumps(message).encode()
        with lock:
            stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            stdin.flush()

    def read() -> None:
        while True:
            length = 0
            while (line := stdout.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line:
                return
            message = json.loads(stdout.read(length))
            at = time.perf_counter()
            method = message.get("method")
            if method == "textDocument/publishDiagnostics":
                with changed:
                    arrived[message["params"].get("version") or 0] = at
                    changed.notify_all()
            elif method is not None and "id" in message:  # a request from the server
                items = message.get("params", {}).get("items", [])
                result = [{} for _ in items] if method == "workspace/configuration" else None
                send({"jsonrpc": "2.0", "id": message["id"], "result": result})

    def wait_for(version: int) -> float:
        with changed:
            changed.wait_for(lambda: version in arrived, timeout=60)
        return arrived[version]

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    capabilities = {"workspace": {"configuration": True}}
    send(
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {
                "processId": None,
                "rootUri": workdir.as_uri(),
                "capabilities": capabilities,
            },
        }
    )
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    item = {"uri": uri, "languageId": "markdown", "version": 1, "text": text}
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": item}})
    wait_for(1)
    latencies = []
    line = len(text.splitlines()) // 2
    cpu_before = cpu_seconds(server.pid)
    for version in range(2, edits + 2):
        at = {"line": line + version, "character": 0}
        change = {"range": {"start": at, "end": at}, "text": "Lora "}
        params = {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}
        began = time.perf_counter()
        send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": params})
        latencies.append(wait_for(version) - began)
    cpu = (cpu_seconds(server.pid) - cpu_before) / edits
    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    send({"jsonrpc": "2.0", "method": "exit"})
    server.wait(30)
    return latencies, cpu


def reanalysis_cpu(corpus: Path, edits: int = 40) -> tuple[float, float]:
    """In this process: CPU ms of a fresh analysis of the 10,000-line file, and the median
    CPU ms of one re-analysis after a one-line edit (IncrementalAnalyzer, as the server)."""
    from mlgloss.analysis.document import DocumentKind
    from mlgloss.analysis.engine import analyze_document
    from mlgloss.analysis.incremental import IncrementalAnalyzer
    from mlgloss.glossary.layers import load_glossary

    glossary = load_glossary(builtin=True)
    lines = build_document(corpus, 10_000).splitlines()
    text = "\n".join(lines) + "\n"
    began = time.process_time()
    analyze_document(text, DocumentKind.MARKDOWN, glossary=glossary)
    fresh = time.process_time() - began
    analyzer = IncrementalAnalyzer()
    analyzer.analyze(text, DocumentKind.MARKDOWN, glossary=glossary)
    samples = []
    for i in range(edits):
        at = (i * 997) % (len(lines) - 200) + 100
        lines[at] = "We fine tun Lora " + lines[at]
        edited = "\n".join(lines) + "\n"
        began = time.process_time()
        analyzer.analyze(edited, DocumentKind.MARKDOWN, glossary=glossary)
        samples.append(time.process_time() - began)
    return fresh * 1000, statistics.median(samples) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--pull", action="store_true", help="measure pulled diagnostics")
    parser.add_argument("--push", action="store_true", help="(the default) pushed diagnostics")
    parser.add_argument("--starts", type=int, default=9, help="cold starts to time")
    args = parser.parse_args()
    os.environ.setdefault("PYTHONPATH", str(Path(__file__).resolve().parents[1] / "server"))
    figures = asyncio.run(run(args.rounds, args.corpus, pull=args.pull))

    starts = [asyncio.run(time_to_initialize()) for _ in range(args.starts)]
    print(
        f"\ninitialize over {len(starts)} cold starts: "
        + " ".join(f"{s * 1000:.0f}" for s in starts)
    )

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from server_load import one_run

    burst = asyncio.run(one_run(seed=1000))
    print(
        f"burst: {burst['hovers']:.0f} hovers; final diagnostics {burst['settle']:.0f} ms after it;"
        f" server CPU {burst['cpu']:.2f} s from the first edit to them"
    )

    workspace = asyncio.run(workspace_diagnostics(args.corpus))
    print(
        f"workspace/diagnostic over {args.corpus}: {workspace['files']:.0f} files in "
        f"{workspace['seconds']:.1f} s ({workspace['cpu']:.1f} s server CPU)"
    )
    raw, raw_cpu = raw_push_latency(args.corpus, args.rounds)
    print(
        f"pushed diagnostics after an edit, raw client (10,000 lines): {percentiles(raw)};"
        f" server CPU {raw_cpu * 1000:.1f} ms per edit"
    )
    fresh_ms, edit_ms = reanalysis_cpu(args.corpus)
    print(
        f"in-process CPU, 10,000 lines: fresh analysis {fresh_ms:.0f} ms, "
        f"re-analysis after a one-line edit {edit_ms:.1f} ms (median)"
    )

    debounce = 0.0 if args.pull else 150.0
    rows = [
        (
            "idle hover p50 / p99 (10,000 lines)",
            f"{figures['hover_p50']:.1f} / {figures['hover_p99']:.1f} ms",
            "—",
        ),
        (
            "hover p50 / p99 during a 1,000-edit burst",
            f"{burst['p50']:.1f} / {burst['p99']:.1f} ms",
            "p99 ≤ 50 ms",
        ),
        (
            "diagnostics after an edit p50 / p95 "
            + ("(pull)" if args.pull else "beyond the debounce (pygls client)"),
            f"{figures['diag_p50'] - debounce:.0f} / {figures['diag_p95'] - debounce:.0f} ms",
            "p95 ≤ 100 ms",
        ),
        (
            "  the same, raw client, p50 / p95 beyond the debounce",
            f"{q(raw, 50) - 150:.0f} / {q(raw, 95) - 150:.0f} ms",
            "p95 ≤ 100 ms",
        ),
        ("  server CPU per pushed edit (raw client)", f"{raw_cpu * 1000:.1f} ms", "—"),
        ("  re-analysis CPU per edit (in-process, median)", f"{edit_ms:.1f} ms", "—"),
        ("initialize median", f"{statistics.median(starts) * 1000:.0f} ms", "≤ 300 ms"),
        (
            "RSS after the burst (peak)",
            f"{burst['rss_mb']:.0f} MB ({burst['peak_mb']:.0f} MB)",
            "—",
        ),
        (
            "RSS after workspace diagnostics (peak)",
            f"{workspace['rss_mb']:.0f} MB ({workspace['peak_mb']:.0f} MB)",
            "—",
        ),
    ]
    print("\nsummary (issue 14)")
    for name, value, goal in rows:
        print(f"  {name:<58} {value:>22}   goal {goal}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
