"""Load on the real server: 100 open documents, then 1,000 ``didChange`` notifications in
one burst on a 10,000-line Markdown document built from the shared corpus, with hovers
interleaved.

Asserted: every hover is answered (generous liveness timeout), the final diagnostics are
those of the final text (the same text opened fresh as another document gives the same
diagnostics, and the engine run in this process finds as many), and the server's peak
resident memory (``VmHWM``) stays under the generous bound. No wall-clock assertion: the
figures are measured by ``benchmarks/server_load.py`` into ``benchmarks/LOAD.md``.
"""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

from fixtures_frontend import MEMORY_BOUND_KB, corpus_lines
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp import conftest as lsp_conftest
from lsp.conftest import caps, diagnostics_for, open_file, span, start
from mlgloss.analysis.document import DocumentKind
from mlgloss.analysis.session import Session

client = lsp_conftest.client  # the real server (pytest-lsp fixture), started per test

LINES = 10_000
CHANGES = 1_000
DOCUMENTS = 100
HOVER_EVERY = 20
LIVENESS = 120.0

EDITS = [
    "We fine-tune with Lora on Pytorch.",
    "A plain sentence without terms.",
    "The learning rate warmup uses Adam-W.",
    "",
    "## Heading with LoRa",
    "Tokenizer and tokeniser both appear.",
]


def proc_status(client: LanguageClient, field: str) -> int:
    pid = client._server.pid  # type: ignore[union-attr]
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise AssertionError(field)


def line_change(line: int, text: str) -> types.TextDocumentContentChangePartial:
    """Replace one whole line (ranges at column 0 need no position-encoding care)."""
    return types.TextDocumentContentChangePartial(
        range=types.Range(
            start=types.Position(line=line, character=0),
            end=types.Position(line=line + 1, character=0),
        ),
        text=text + "\n",
    )


def key(d: types.Diagnostic) -> tuple[object, ...]:
    return (span(d), d.code, d.message)


async def test_burst_of_changes_with_hovers_ends_with_the_final_texts_diagnostics(
    client: LanguageClient, tmp_path: Path
) -> None:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / ".git").mkdir()
    await start(client, workspace, caps("visual-studio-code"))

    lines = corpus_lines(LINES)
    big = open_file(client, workspace / "big.md", "markdown", text="\n".join(lines) + "\n")
    others = []
    for i in range(DOCUMENTS - 1):
        chunk = corpus_lines(LINES)[i * 50 : i * 50 + 50]
        others.append(
            open_file(client, workspace / f"doc{i:02}.md", "markdown", text="\n".join(chunk))
        )
    for doc in (big, *others):
        await diagnostics_for(client, doc, timeout=LIVENESS)

    rng = random.Random(1000)
    hovers: list[asyncio.Task[object]] = []
    version = 1
    for n in range(CHANGES):
        line = rng.randrange(LINES)
        text = rng.choice(EDITS)
        lines[line] = text
        version += 1
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=big, version=version),
                content_changes=[line_change(line, text)],
            )
        )
        if n % HOVER_EVERY == 0:
            target = others[n % len(others)] if n % (2 * HOVER_EVERY) else big
            hovers.append(
                asyncio.ensure_future(
                    client.text_document_hover_async(
                        types.HoverParams(
                            text_document=types.TextDocumentIdentifier(uri=target),
                            position=types.Position(line=rng.randrange(40), character=3),
                        )
                    )
                )
            )
        if n % 100 == 0:
            await asyncio.sleep(0)  # let the transport write; still a burst for the server

    # Liveness: every hover sent during the burst is answered.
    await asyncio.wait_for(asyncio.gather(*hovers), LIVENESS)

    # The last publication for the big document is for the final version.
    published = client.published  # type: ignore[attr-defined]

    async def final_published() -> types.PublishDiagnosticsParams:
        while True:
            mine = [p for p in published if p.uri == big]
            if mine and mine[-1].version == version:
                return mine[-1]
            await asyncio.sleep(0.05)

    first_final = await asyncio.wait_for(final_published(), LIVENESS)
    await asyncio.sleep(1.0)  # nothing older may arrive after it
    after = [p for p in published if p.uri == big]
    after = after[after.index(first_final) :]
    # Later publications of the final version may come: the open documents are one
    # repository, whose counts settle which spelling a document that mixes two follows.
    assert all(p.version == version for p in after)
    final = after[-1]

    final_text = "\n".join(lines) + "\n"
    fresh = open_file(client, workspace / "fresh.md", "markdown", text=final_text)
    expected = await diagnostics_for(client, fresh, timeout=LIVENESS)
    # The same text adds no line the repository does not count already: the same findings.
    assert sorted(map(key, final.diagnostics)) == sorted(map(key, expected))
    engine = Session().analyze(str(workspace / "big.md"), final_text, DocumentKind.MARKDOWN)
    assert len(engine.findings) > 0 and len(final.diagnostics) > 0

    assert proc_status(client, "VmHWM") < MEMORY_BOUND_KB
