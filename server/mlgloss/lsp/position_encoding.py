"""Offsets ↔ LSP positions, in the encoding negotiated at ``initialize``.

The engine speaks code-point offsets into the document text. LSP speaks (line, character)
where ``character`` counts UTF-16 code units by default, or UTF-8 / UTF-32 units when the
client offered them (``general.positionEncodings``). pygls' ``TextDocument`` converts one
position at a time by re-splitting the whole text, which is quadratic for a 10,000-line
file with hundreds of findings; :class:`LineIndex` splits once and bisects.

Lines end at ``\\n``, ``\\r\\n`` or ``\\r`` — exactly the line terminators of the LSP
specification (``str.splitlines`` would also split at U+2028 and form feeds, which
editors do not).
"""

from __future__ import annotations

import bisect
import functools
import operator
import re
from itertools import accumulate, repeat

from lsprotocol import types

_LINE_END = re.compile(r"\r\n|\r|\n")

UTF8 = types.PositionEncodingKind.Utf8.value
UTF16 = types.PositionEncodingKind.Utf16.value
UTF32 = types.PositionEncodingKind.Utf32.value


def units(text: str, encoding: str) -> int:
    """How many code units of ``encoding`` ``text`` takes."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8"))
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


def code_points(line: str, count: int, encoding: str) -> int:
    """The code-point column reached after ``count`` code units of ``line``.

    A count that ends inside a character (half a surrogate pair, part of a UTF-8
    sequence) rounds up to the character's end; a count past the line's end clamps.
    """
    if encoding == UTF32 or line.isascii():
        return min(max(count, 0), len(line))
    seen = 0
    for i, char in enumerate(line):
        if seen >= count:
            return i
        code = ord(char)
        if encoding == UTF8:
            seen += 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
        else:
            seen += 2 if code > 0xFFFF else 1
    return len(line)


class LineIndex:
    """Line starts of one text, for converting many offsets cheaply."""

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.text = text
        self.encoding = encoding
        self.starts: list[int]
        self.ends: list[int]  # offset of each line's terminator (or text end)
        if "\r" not in text:  # the usual case, split in C: a line ends at each "\n"
            lengths = list(map(len, text.split("\n")))
            self.starts = [0, *accumulate(map(operator.add, lengths[:-1], repeat(1)))]
            self.ends = list(map(operator.add, self.starts, lengths))
            return
        self.starts = [0]
        self.ends = []
        for match in _LINE_END.finditer(text):
            self.ends.append(match.start())
            self.starts.append(match.end())
        self.ends.append(len(text))

    def end(self, line: int) -> int:
        """The offset of a line's terminator (or of the text's end, for the last line)."""
        return self.ends[line]

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def line_text(self, line: int) -> str:
        return self.text[self.starts[line] : self.end(line)]

    def position(self, offset: int) -> types.Position:
        offset = min(max(offset, 0), len(self.text))
        line = self.line_of(offset)
        start = self.starts[line]
        column = min(offset, self.end(line)) - start
        segment = self.text[start : start + column]
        return types.Position(line=line, character=units(segment, self.encoding))

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(end))

    def offset(self, position: types.Position) -> int:
        if position.line >= len(self.starts):
            return len(self.text)
        line = max(position.line, 0)
        text = self.line_text(line)
        return self.starts[line] + code_points(text, position.character, self.encoding)


class LinesIndex(LineIndex):
    """A :class:`LineIndex` made from a text's lines (each with its terminator).

    Cheaper than scanning the text: the line starts are the running sum of the line
    lengths, and the list of line ends is computed only if something asks for all of it.
    """

    def __init__(self, lines: list[str], text: str, encoding: str = UTF16) -> None:
        self.text = text
        self.encoding = encoding
        self._lines = lines
        self.starts = [0, *accumulate(map(len, lines))][:-1]

    @functools.cached_property
    def ends(self) -> list[int]:  # type: ignore[override]
        contents = map(len, map(str.rstrip, self._lines, repeat("\r\n")))
        return list(map(operator.add, self.starts, contents))

    def end(self, line: int) -> int:
        return self.starts[line] + len(self._lines[line].rstrip("\r\n"))
