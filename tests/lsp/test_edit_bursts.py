"""Bursts of incremental edits against the real server: the text it ends with is the text the
client has (final diagnostics equal a fresh analysis of that text, pushed and pulled), and a
request sent in the middle of a burst sees every edit sent before it.

Edits are seeded-random ranges in the negotiated encoding's units (UTF-16 for one client,
UTF-8 or UTF-32 for another) over text with emoji,
astral letters, CJK and CRLF line ends, so a mistake in positions or line splitting shows
up as a different text and so as different diagnostics."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from mlgloss.lsp.position_encoding import UTF16, LineIndex

from .conftest import caps, diagnostics_for, open_file, start

T = TypeVar("T")

START = 3 * (
    "# Notes 😀\n\nWe fine-tune with Lora on Pytorch.\r\n"
    "Emoji 😀 then Lora and 中文 text with \U0001d518 Lora again.\n\n"
    "```python\nlora = Lora()\n```\n\n- a list item with Adam-W\n"
)
PIECES = [
    "Lora ",
    "LoRA",
    "Pytorch",
    "PyTorch ",
    "😀",
    "\U0001d518\U0001d518",
    "中文",
    " plain words ",
    "\n",
    "\r\n",
    "\n\n",
    "- ",
    "# ",
    "",
]


def random_edit(
    rng: random.Random, text: str, encoding: str = UTF16
) -> tuple[types.Range, str, str]:
    """A random range of ``text`` in positions of ``encoding``, its replacement, the new text."""
    lines = LineIndex(text, encoding)
    a = rng.randrange(len(text) + 1)
    b = min(len(text), a + rng.choice([0, 0, 0, 1, 3, 8]))
    new = "".join(rng.choice(PIECES) for _ in range(rng.randrange(4)))
    # Never split a "\r\n" (a position cannot point between the two).
    a -= a > 0 and text[a - 1 : a + 1] == "\r\n"
    b -= b > 0 and text[b - 1 : b + 1] == "\r\n"
    rng_ = types.Range(start=lines.position(a), end=lines.position(b))
    return rng_, new, text[:a] + new + text[b:]


def change(
    doc: str, version: int, edit: types.Range, new: str
) -> types.DidChangeTextDocumentParams:
    return types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=doc, version=version),
        content_changes=[types.TextDocumentContentChangePartial(range=edit, text=new)],
    )


def summary(items: list[types.Diagnostic]) -> list[tuple[object, ...]]:
    return sorted(
        (
            d.range.start.line,
            d.range.start.character,
            d.range.end.line,
            d.range.end.character,
            d.code,
            d.message,
        )
        for d in items
    )


async def sent(request: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
    """Start a request now, in order after the notifications before it (pytest-lsp sends a
    request only once its coroutine runs), without waiting for the answer."""
    task = asyncio.ensure_future(request)
    await asyncio.sleep(0)
    return task


async def pushed_version(client: LanguageClient, doc: str, version: int) -> None:
    published: list[types.PublishDiagnosticsParams] = client.published  # type: ignore[attr-defined]

    async def wait() -> None:
        while not any(p.uri == doc and p.version == version for p in published):
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    await asyncio.wait_for(wait(), 30)


@pytest.mark.parametrize("seed", [1, 2])
async def test_final_pushed_diagnostics_equal_a_fresh_analysis(
    client: LanguageClient, tmp_path: Path, seed: int
) -> None:
    (tmp_path / ".git").mkdir()
    await start(client, tmp_path, caps("visual-studio-code"))
    doc = open_file(client, tmp_path / "burst.md", "markdown", text=START)
    await diagnostics_for(client, doc)
    rng = random.Random(seed)
    text, version = START, 1
    for _ in range(300):
        edit, new, text = random_edit(rng, text)
        version += 1
        client.text_document_did_change(change(doc, version, edit, new))
        if rng.random() < 0.05:
            await asyncio.sleep(rng.choice([0, 0.01, 0.2]))  # pauses: some analyses start
    await pushed_version(client, doc, version)
    final = summary(list(client.diagnostics[doc]))

    fresh = open_file(client, tmp_path / "fresh.md", "markdown", text=text)
    assert summary(await diagnostics_for(client, fresh)) == final
    assert len(final) >= 3  # the burst left findings to compare


async def test_final_pulled_diagnostics_equal_a_fresh_analysis(
    client: LanguageClient, tmp_path: Path
) -> None:
    (tmp_path / ".git").mkdir()
    result = await start(client, tmp_path, caps("neovim"))
    encoding = str(result.capabilities.position_encoding or UTF16)
    assert encoding != UTF16  # this client offers UTF-8 or UTF-32 (UTF-16 is the others')
    doc = open_file(client, tmp_path / "burst.md", "markdown", text=START)
    rng = random.Random(3)
    text, version = START, 1
    pulls = []
    for i in range(200):
        edit, new, text = random_edit(rng, text, encoding)
        version += 1
        client.text_document_did_change(change(doc, version, edit, new))
        if i % 50 == 0:  # pulls in the middle of the burst
            report = client.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=doc))
            )
            pulls.append(await sent(report))
    await asyncio.gather(*pulls)

    async def pull(target: str) -> list[tuple[object, ...]]:
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=target))
        )
        assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
        return summary(list(report.items))

    fresh = open_file(client, tmp_path / "fresh.md", "markdown", text=text)
    assert await pull(doc) == await pull(fresh)


async def test_a_hover_sent_during_a_burst_sees_every_earlier_edit(
    client: LanguageClient, tmp_path: Path
) -> None:
    (tmp_path / ".git").mkdir()
    await start(client, tmp_path, caps("visual-studio-code"))
    filler = "".join(f"Filler line {i} with plain words.\n" for i in range(400))
    doc = open_file(client, tmp_path / "burst.md", "markdown", text=filler)
    await diagnostics_for(client, doc)
    rng = random.Random(4)
    terms = {"LoRA": "LoRA", "Lora": "LoRA", "Pytorch": "PyTorch", "Adam": "Adam"}
    hovers: list[tuple[str, asyncio.Task[types.Hover | None]]] = []
    version = 1
    for i in range(400):
        line = rng.randrange(400)
        form = rng.choice(list(terms))
        prefix = rng.choice(["", "😀 ", "\U0001d518\U0001d518 ", "中文 "])
        version += 1
        # Replace the whole line: the hover below can only find the term if this edit
        # (and every earlier one, which moved nothing) was applied before it.
        client.text_document_did_change(
            change(
                doc,
                version,
                types.Range(
                    start=types.Position(line=line, character=0),
                    end=types.Position(line=line + 1, character=0),
                ),
                f"{prefix}We use {form} here.\n",
            )
        )
        if i % 10 == 0:
            column = len(prefix.encode("utf-16-le")) // 2 + len("We use ") + 1
            request = client.text_document_hover_async(
                types.HoverParams(
                    text_document=types.TextDocumentIdentifier(uri=doc),
                    position=types.Position(line=line, character=column),
                )
            )
            hovers.append((terms[form], await sent(request)))
        # More edits to the same line follow, so a late hover would see another term.
    for expected, pending in hovers:
        hover = await pending
        assert hover is not None, expected
        assert isinstance(hover.contents, types.MarkupContent)
        assert f"**{expected}**" in hover.contents.value
