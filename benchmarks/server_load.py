"""Server load figures for benchmarks/LOAD.md: hover latency during a didChange burst, peak RSS.

The scenario of tests/hardening/test_server_load.py, timed: the real ``mlgloss serve``
process over stdio; 100 open Markdown documents, one of them 10,000 lines of the shared
corpus; then 1,000 ``didChange`` notifications in one burst on it, a hover sent every 20
changes. Prints hover latency (p50, p99, max, measured from send to answer), how long the
final diagnostics took to arrive after the last change, and the server's resident memory
after the burst and at its peak (``VmRSS``, ``VmHWM`` from /proc), and the server's CPU
time from the first change to the final diagnostics.
``benchmarks/lsp_latency.py`` runs one of these bursts too, for its summary. Usage::

    python benchmarks/server_load.py [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

CORPUS = Path("/work/shared/corpus")
LINES, CHANGES, DOCUMENTS, HOVER_EVERY = 10_000, 1_000, 100, 20
EDITS = [
    "We fine-tune with Lora on Pytorch.",
    "A plain sentence without terms.",
    "The learning rate warmup uses Adam-W.",
    "",
    "## Heading with LoRa",
]


def corpus_lines(count: int) -> list[str]:
    lines: list[str] = []
    for path in sorted(CORPUS.rglob("*.md")):
        lines.extend(path.read_text(encoding="utf-8", errors="replace").splitlines())
        if len(lines) >= count:
            break
    while len(lines) < count:
        lines.extend(lines[: count - len(lines)])
    return lines[:count]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (from /proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def vm(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


async def one_run(seed: int) -> dict[str, float]:
    client = LanguageClient("load-bench", "1")
    published: dict[str, types.PublishDiagnosticsParams] = {}
    arrived = asyncio.Event()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_publish(params: types.PublishDiagnosticsParams) -> None:
        published[params.uri] = params
        arrived.set()

    @client.feature(types.WORKSPACE_CONFIGURATION)
    def on_configuration(params: types.ConfigurationParams) -> list[object]:
        return [{} for _ in params.items]

    @client.feature(types.WINDOW_LOG_MESSAGE)
    def on_log(params: types.LogMessageParams) -> None:
        return None

    await client.start_io(sys.executable, "-m", "mlgloss", "serve", "--log-level", "warning")
    pid = client._server.pid  # type: ignore[union-attr]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / ".git").mkdir()
        await client.initialize_async(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(
                    workspace=types.WorkspaceClientCapabilities(configuration=True)
                ),
                root_uri=root.as_uri(),
            )
        )
        client.initialized(types.InitializedParams())
        lines = corpus_lines(LINES)
        big = (root / "big.md").as_uri()
        docs = [big] + [(root / f"doc{i:02}.md").as_uri() for i in range(DOCUMENTS - 1)]
        for i, uri in enumerate(docs):
            text = "\n".join(lines if i == 0 else lines[i * 50 : i * 50 + 50]) + "\n"
            client.text_document_did_open(
                types.DidOpenTextDocumentParams(
                    text_document=types.TextDocumentItem(
                        uri=uri, language_id="markdown", version=1, text=text
                    )
                )
            )
        while len(published) < len(docs):
            arrived.clear()
            await asyncio.wait_for(arrived.wait(), 120)

        rng = random.Random(seed)
        latencies: list[float] = []

        async def hover(uri: str, line: int) -> None:
            began = time.perf_counter()
            await client.text_document_hover_async(
                types.HoverParams(
                    text_document=types.TextDocumentIdentifier(uri=uri),
                    position=types.Position(line=line, character=3),
                )
            )
            latencies.append((time.perf_counter() - began) * 1000)

        tasks = []
        version = 1
        cpu_before = cpu_seconds(pid)
        for n in range(CHANGES):
            line = rng.randrange(LINES)
            version += 1
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    text_document=types.VersionedTextDocumentIdentifier(uri=big, version=version),
                    content_changes=[
                        types.TextDocumentContentChangePartial(
                            range=types.Range(
                                start=types.Position(line=line, character=0),
                                end=types.Position(line=line + 1, character=0),
                            ),
                            text=rng.choice(EDITS) + "\n",
                        )
                    ],
                )
            )
            if n % HOVER_EVERY == 0:
                target = docs[n % len(docs)] if n % (2 * HOVER_EVERY) else big
                tasks.append(asyncio.ensure_future(hover(target, rng.randrange(40))))
            if n % 100 == 0:
                await asyncio.sleep(0)
        burst_end = time.perf_counter()
        await asyncio.wait_for(asyncio.gather(*tasks), 120)
        while published[big].version != version:
            arrived.clear()
            await asyncio.wait_for(arrived.wait(), 120)
        settle_ms = (time.perf_counter() - burst_end) * 1000
        burst_cpu = cpu_seconds(pid) - cpu_before
        peak_kb = vm(pid, "VmHWM")
        rss_kb = vm(pid, "VmRSS")
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()
    latencies.sort()
    return {
        "hovers": len(latencies),
        "p50": statistics.median(latencies),
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "max": latencies[-1],
        "settle": settle_ms,
        "cpu": burst_cpu,
        "peak_mb": peak_kb / 1024,
        "rss_mb": rss_kb / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"{DOCUMENTS} documents, {CHANGES} didChange on {LINES} lines, hover every {HOVER_EVERY}")
    print(
        "run  hovers  p50 ms  p99 ms  max ms  final diagnostics after burst ms"
        "  RSS after MB  peak RSS MB  server CPU s"
    )
    for run in range(args.runs):
        r = asyncio.run(one_run(seed=1000 + run))
        print(
            f"{run + 1:>3}  {r['hovers']:>6.0f}  {r['p50']:>6.1f}  {r['p99']:>6.1f}  "
            f"{r['max']:>6.1f}  {r['settle']:>32.0f}  {r['rss_mb']:>12.0f}  {r['peak_mb']:>11.0f}"
            f"  {r['cpu']:>12.2f}"
        )


if __name__ == "__main__":
    main()
