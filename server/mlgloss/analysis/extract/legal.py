"""Copyright and licence text: never the writer's prose, never checked.

:func:`legal_spans` finds, in any document:

* a copyright or licence line (``Copyright 2024 The HuggingFace Team``, ``SPDX-License-
  Identifier: Apache-2.0``, ``Licensed under the Apache License…``, ``All rights reserved``);
* around it, the whole licence block: the run of adjacent lines with the same comment
  prefix (``#``, ``//``, `` *``), blank comment lines included, as in a file header; or, for
  lines without a prefix (a docstring, a Markdown paragraph, an HTML comment), its paragraph.

Every extractor's prose is masked over these spans (:func:`mlgloss.analysis.extract.extract`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mlgloss.analysis.extract.masking import Span

# Lower-case pieces one of which every licence block holds on its copyright or licence
# line: lines are looked for around them (str.find on the lower-cased text, a bounded piece
# at a time, much faster than a regex) before _LEGAL_LINE reads each such line.
_PIECES = ("copyright", "licen", "spdx", "\u00a9", "rights reserved", "warrant")
_LEGAL_LINE = re.compile(
    r"\bcopyright\b|\u00a9|\(c\)[ \t]*\d{4}|spdx-license-identifier|all rights reserved"
    r"|licensed under\b|under the (?:\S+ ){0,3}licen[cs]e|permission is hereby granted"
    r"|you may not use this file|\bwithout warranties\b|\"as is\" basis"
    r"|apache license|gnu (?:lesser |affero )?general public license|mit license"
    r"|bsd[- ]\d-clause|licen[cs]e agreement",
    re.IGNORECASE,
)
# Lines that open a licence text: their paragraph is licence text too.
_STRONG = re.compile(
    r"\bcopyright\b|©|spdx-license-identifier|licensed under\b|permission is hereby granted"
    r"|you may not use this file",
    re.IGNORECASE,
)
_PREFIX = re.compile(r"[ \t]*(#+|//+|\*|--|;+)?")
_PIECE_ANY_CASE = re.compile("|".join(map(re.escape, _PIECES)), re.IGNORECASE)
_MAX_PARAGRAPH_LINES = 30
# Characters lower-cased at a time: ``str.lower`` of a whole document holding one emoji would
# take 16 bytes per character while it runs (a 12-byte work buffer and the 4-byte result).
_CHUNK = 1 << 16


def legal_spans(text: str, prose: str | None = None) -> list[Span]:
    """Spans of the copyright and licence text in ``text`` (whole lines). Lines of which
    ``prose`` (the extraction's) has masked everything already are not looked at."""
    lines: set[int] = set()  # start offsets of the lines holding a piece
    for lo, hi in _chunks(text):
        lower = text[lo:hi].lower()
        found: Iterator[int]
        if len(lower) != hi - lo:  # a letter whose lower case is longer ("İ"): offsets move
            lower = text[lo:hi]
            found = (m.start() for m in _PIECE_ANY_CASE.finditer(lower))
        else:
            found = _piece_offsets(lower)
        for at in found:
            lines.add(text.rfind("\n", 0, lo + at) + 1)
    spans: list[Span] = []
    covered = -1
    for start in sorted(lines):
        if start < covered:
            continue
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if end > start and text[end - 1] == "\r":
            end -= 1
        if prose is not None and not prose[start:end].strip("\x00 \t"):
            continue  # masked already (an HTML comment, code)
        if _LEGAL_LINE.search(text, start, end) is None:
            continue
        block = _block(text, start, end)
        spans.append(block)
        covered = block[1]
    return spans


def _chunks(text: str) -> Iterator[Span]:
    """``text`` cut into pieces of about :data:`_CHUNK` characters, each ending after a line
    break (or at the end), so that no line, and no piece of a line, spans two of them."""
    lo = 0
    while lo < len(text):
        hi = text.find("\n", min(lo + _CHUNK, len(text))) + 1 or len(text)
        yield lo, hi
        lo = hi


def _piece_offsets(lower: str) -> Iterator[int]:
    """Offsets in ``lower`` of a piece, at most one per line and piece."""
    for piece in _PIECES:
        at = lower.find(piece)
        while at >= 0:
            yield at
            line_end = lower.find("\n", at)
            at = -1 if line_end < 0 else lower.find(piece, line_end)


def _prefix(line: str) -> str | None:
    """The comment marker a line starts with, "" for none, None for a blank line."""
    if not line.strip():
        return None
    m = _PREFIX.match(line)
    return (m.group(1) or "")[:2] if m else ""


def _block(text: str, start: int, end: int) -> Span:
    """The licence block around the line ``text[start:end]``."""
    prefix = _prefix(text[start:end])
    if not prefix and not _STRONG.search(text, start, end):
        return start, end
    top, bottom = start, end
    for _ in range(_MAX_PARAGRAPH_LINES):  # upwards
        if top == 0:
            break
        previous_start = text.rfind("\n", 0, top - 1) + 1
        line = text[previous_start : top - 1].rstrip("\r")
        if not _same_block(line, prefix):
            break
        top = previous_start
    for _ in range(_MAX_PARAGRAPH_LINES):  # downwards
        if bottom >= len(text):
            break
        next_end = text.find("\n", bottom + 1)
        next_end = len(text) if next_end < 0 else next_end
        line = text[bottom + 1 : next_end].rstrip("\r")
        if not _same_block(line, prefix):
            break
        bottom = next_end
    return top, bottom


def _same_block(line: str, prefix: str | None) -> bool:
    """Whether ``line`` continues a block whose licence line has comment ``prefix``."""
    if prefix:  # a comment block: its blank comment lines ("#") continue it
        stripped = line.strip()
        return bool(stripped) and stripped.startswith(prefix)
    return _prefix(line) == ""  # a paragraph: up to a blank line or a comment
