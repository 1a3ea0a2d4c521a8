"""Notebook extractor (``.ipynb``): Markdown cells as Markdown, code cells as Python.

The notebook is decoded by :mod:`json` with a position-tracking scanner: every string of
a cell's ``source`` remembers where it sits in the raw file. Each cell's decoded source is
run through the Markdown or Python extractor, and the decoded prose is written back at
the raw offsets:

* a character written as itself in the raw JSON keeps its prose character;
* a character written as an escape (``\\"``, ``\\u00e9``, ``\\t``) becomes MASK, except a
  ``\\n`` (or ``\\r``) escape that the prose keeps as a line break: it becomes spaces;
* the JSON between two source strings (``",\\n    "``) becomes whitespace (its raw newlines
  stay newlines, the rest spaces) when the string before it ends in a prose line break, so
  a term written across two source lines can still match; otherwise it is masked.

Outputs, metadata and everything else in the file are masked. Headings and comments found
in cells are mapped to raw offsets too. Broken JSON raises :class:`ExtractionError`.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import re
from bisect import bisect_right
from collections.abc import Callable
from itertools import pairwise
from typing import Any

from mlgloss.analysis.document import Cell, DocumentKind, Extraction
from mlgloss.analysis.extract.errors import ExtractionError
from mlgloss.analysis.extract.markdown import extract_markdown
from mlgloss.analysis.extract.masking import Span, mask_piece
from mlgloss.analysis.extract.python import extract_python

_RAW_PIECE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\.|[^\\]+",
    re.S,
)
_MAGIC = re.compile(r"^[ \t]*[%!?][^\n]*", re.M)
_NOT_NEWLINE = re.compile(r"[^\r\n]")


class _Str(str):
    """A decoded JSON string that remembers its raw span (quotes included)."""

    start: int
    end: int


class _List(list[Any]):
    """A decoded JSON array that remembers its raw span (brackets included)."""

    start: int
    end: int


def _tracking_decoder() -> json.JSONDecoder:
    """A decoder whose strings and arrays carry their raw spans (the pure-Python scanner,
    whose string and array parsers can be replaced; the C scanner's cannot)."""
    decoder = json.JSONDecoder()
    hooks: Any = decoder  # the parse_* attributes are undocumented, hence untyped
    json_internals: Any = json.decoder
    scanstring: Callable[[str, int, bool], tuple[str, int]] = json_internals.scanstring
    parse_array = hooks.parse_array

    def parse_string(s: str, end: int, strict: bool) -> tuple[str, int]:
        value, stop = scanstring(s, end, strict)
        spanned = _Str(value)
        spanned.start, spanned.end = end - 1, stop
        return spanned, stop

    def parse_array_tracked(state: tuple[str, int], scan_once: Any) -> tuple[list[Any], int]:
        value, stop = parse_array(state, scan_once)
        spanned = _List(value)
        spanned.start, spanned.end = state[1] - 1, stop
        return spanned, stop

    hooks.parse_string = parse_string
    hooks.parse_array = parse_array_tracked
    scanner_internals: Any = json.scanner
    hooks.scan_once = scanner_internals.py_make_scanner(decoder)
    return decoder


def _decode(text: str) -> Any:
    decoder = _tracking_decoder()
    try:
        start = len(text) - len(text.lstrip(" \t\r\n"))
        value, end = decoder.raw_decode(text, start)
        if text[end:].strip(" \t\r\n"):
            raise json.JSONDecodeError("Extra data", text, end)
    except json.JSONDecodeError as err:
        raise ExtractionError(
            f"not a readable notebook: {err.msg}", err.lineno, err.colno
        ) from None
    except RecursionError:
        raise ExtractionError("not a readable notebook: nested too deeply") from None
    return value


class _SourceMap:
    """Maps offsets in a cell's decoded source to offsets in the raw notebook text."""

    def __init__(self, text: str, parts: list[_Str]) -> None:
        self.dec: list[int] = []  # decoded start of each piece
        self.raw: list[int] = []  # raw start of each piece
        self.width: list[int] = []  # raw width of one decoded char (1 for plain runs)
        self.pieces: list[tuple[int, int, str, bool]] = []  # raw start, decoded start, raw, escape
        d = 0
        for part in parts:
            content_start = part.start + 1
            for m in _RAW_PIECE.finditer(text, content_start, part.end - 1):
                raw = m.group()
                escape = raw.startswith("\\")
                self.dec.append(d)
                self.raw.append(m.start())
                self.width.append(len(raw) if escape else 1)
                self.pieces.append((m.start(), d, raw, escape))
                d += 1 if escape else len(raw)
        self.length = d

    def raw_start(self, d: int) -> int:
        i = bisect_right(self.dec, d) - 1
        if i < 0:
            return self.raw[0] if self.raw else 0
        if self.width[i] == 1:
            return self.raw[i] + (d - self.dec[i])
        return self.raw[i]

    def raw_end(self, d: int) -> int:
        """Raw offset just past decoded character ``d - 1``."""
        if d <= 0:
            return self.raw_start(0)
        i = bisect_right(self.dec, d - 1) - 1
        if self.width[i] == 1:
            return self.raw[i] + (d - self.dec[i])
        return self.raw[i] + self.width[i]


def _cell_source(cell: Any) -> tuple[list[_Str], int, int] | None:
    source = cell.get("source") if isinstance(cell, dict) else None
    if isinstance(source, _Str):
        return [source], source.start, source.end
    if isinstance(source, _List):
        parts = [p for p in source if isinstance(p, _Str)]
        return parts, source.start, source.end
    return None


def _map_prose(text: str, parts: list[_Str], smap: _SourceMap, prose: str) -> list[tuple[int, str]]:
    """Raw-offset pieces of prose for one cell (everything else stays masked)."""
    out: list[tuple[int, str]] = []
    for raw_start, d, raw, escape in smap.pieces:
        if not escape:
            out.append((raw_start, prose[d : d + len(raw)]))
        elif prose[d] in "\r\n" and raw in ("\\n", "\\r"):
            out.append((raw_start, "  "))
    # JSON between two source strings whose first ends in a prose line break
    d = 0
    for before, after in pairwise(parts):
        d += len(before)
        if d > 0 and prose[d - 1] in "\r\n":
            gap = text[before.end - 1 : after.start + 1]
            out.append((before.end - 1, _NOT_NEWLINE.sub(" ", gap)))
    return out


def extract_notebook(text: str) -> Extraction:
    """The prose of a Jupyter notebook, in the .ipynb file's own coordinates."""
    notebook = _decode(text)
    cells_json = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells_json, list):
        raise ExtractionError("not a notebook: no list of cells")
    pieces: list[tuple[int, str]] = []
    cells: list[Cell] = []
    headings: list[Span] = []
    comments: list[Span] = []
    for index, cell in enumerate(cells_json):
        found = _cell_source(cell)
        cell_type = cell.get("cell_type") if isinstance(cell, dict) else None
        if found is None or cell_type not in ("markdown", "code"):
            continue
        parts, start, end = found
        kind = DocumentKind.MARKDOWN if cell_type == "markdown" else DocumentKind.PYTHON
        cells.append(Cell(index, start, end, kind))
        smap = _SourceMap(text, parts)
        source = "".join(parts)
        if kind is DocumentKind.MARKDOWN:
            extraction = extract_markdown(source)
        else:
            code = _MAGIC.sub(lambda m: " " * (m.end() - m.start()), source)
            extraction = extract_python(code)
        if smap.length != len(source):  # cannot happen; keep the cell masked if it does
            continue
        pieces.extend(_map_prose(text, parts, smap, extraction.prose))
        headings.extend((smap.raw_start(a), smap.raw_end(b)) for a, b in extraction.headings)
        comments.extend((smap.raw_start(a), smap.raw_end(b)) for a, b in extraction.comments)
    return Extraction(
        prose=_assemble(text, pieces),
        headings=tuple(headings),
        cells=tuple(cells),
        comments=tuple(comments),
    )


def _assemble(text: str, pieces: list[tuple[int, str]]) -> str:
    out: list[str] = []
    pos = 0
    for start, piece in sorted(pieces, key=lambda p: p[0]):
        if start < pos:
            continue
        out.append(mask_piece(text[pos:start]))
        out.append(piece)
        pos = start + len(piece)
    out.append(mask_piece(text[pos:]))
    prose = "".join(out)
    assert len(prose) == len(text)
    return prose
