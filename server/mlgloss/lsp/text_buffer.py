"""Open documents as lists of lines, so an incremental edit costs the edit, not the document.

pygls' ``TextDocument`` applies each incremental ``didChange`` by splitting the whole text
into lines and writing every line into a new string: about 3 ms per keystroke on a
10,000-line file, paid in the one loop that also answers hover, so a burst of edits
queues every request behind it. :class:`LineBufferDocument` keeps the lines themselves
(each with its terminator) and replaces only the lines an edit touches; the whole text is
joined once per version, when something asks for it.

Lines end at ``\\n``, ``\\r\\n`` or ``\\r``, the terminators of the LSP specification (as
in :mod:`mlgloss.lsp.position_encoding`; pygls' ``str.splitlines`` would also split at U+2028 and
form feeds, which editors do not, and then misplace every later edit on that line).
Positions are read in the encoding negotiated at ``initialize``: ``character`` counts
UTF-16 code units unless the client chose UTF-8 or UTF-32, so an emoji before the cursor
counts two. A position past a line's end clamps to the end of that line; a line past the
document's end means the document's end.

:func:`use_line_buffers` swaps pygls' workspace for one that makes these documents; the
workspace API is unchanged, so everything else reads documents as before.
"""

from __future__ import annotations

import re
from typing import Any

from lsprotocol import types
from pygls.workspace import TextDocument, Workspace

from mlgloss.lsp.position_encoding import UTF16, LineIndex, LinesIndex, code_points

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def split_lines(text: str) -> list[str]:
    """``text`` as lines with their terminators; the last item has none (it may be ``""``)."""
    lines = _LINE.findall(text)
    if not lines or lines[-1][-1:] in ("\n", "\r"):
        lines.append("")
    return lines


def _content(line: str) -> str:
    """A line without its terminator."""
    if line.endswith("\r\n"):
        return line[:-2]
    if line.endswith(("\n", "\r")):
        return line[:-1]
    return line


class LineBuffer:
    """A text kept as its lines; :meth:`replace` edits a range given as LSP positions."""

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.encoding = encoding
        self.lines = split_lines(text)
        self._text: str | None = text
        self._index: LineIndex | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join(self.lines)
        return self._text

    def index(self) -> LineIndex:
        """The current text's :class:`LineIndex`, made from the lines (once per version)."""
        if self._index is None:
            self._index = LinesIndex(list(self.lines), self.text, self.encoding)
        return self._index

    def column(self, line: int, character: int) -> int:
        """The code-point column of ``character`` (client units) on ``line``, clamped."""
        return code_points(_content(self.lines[line]), character, self.encoding)

    def _point(self, position: types.Position) -> tuple[int, int]:
        """(line, code-point column) of a client position, clamped into the text."""
        last = len(self.lines) - 1
        if position.line > last:
            return last, len(self.lines[last])
        line = max(position.line, 0)
        return line, self.column(line, max(position.character, 0))

    def replace(self, start: types.Position, end: types.Position, new_text: str) -> None:
        """Replace the text between two positions (swapped if given backwards)."""
        first, first_col = self._point(start)
        last, last_col = self._point(end)
        if (last, last_col) < (first, first_col):
            first, first_col, last, last_col = last, last_col, first, first_col
        lines = self.lines
        joined = lines[first][:first_col] + new_text + lines[last][last_col:]
        lo, hi = first, last + 1
        # A "\r" that meets a "\n" across the edit becomes one "\r\n" terminator.
        if lo > 0 and lines[lo - 1].endswith("\r") and joined.startswith("\n"):
            lo -= 1
            joined = lines[lo] + joined
        if hi < len(lines) and joined.endswith("\r") and lines[hi].startswith("\n"):
            joined += lines[hi]
            hi += 1
        replacement = split_lines(joined)
        if hi < len(lines) and replacement[-1] == "":
            replacement.pop()  # the joined text ended with a terminator: lines[hi] follows
        lines[lo:hi] = replacement
        self._text = None
        self._index = None


class LineBufferDocument(TextDocument):
    """pygls' ``TextDocument`` with its text in a :class:`LineBuffer`."""

    def __init__(self, uri: str, source: str | None = None, **kwargs: Any) -> None:
        super().__init__(uri, source=source, **kwargs)
        self._source = None  # the buffer holds the text
        encoding = self.position_codec.encoding
        self.buffer = LineBuffer(source or "", str(getattr(encoding, "value", encoding)))

    def _apply_incremental_change(self, change: types.TextDocumentContentChangePartial) -> None:
        self.buffer.replace(change.range.start, change.range.end, change.text)

    def _apply_full_change(self, change: types.TextDocumentContentChangeEvent) -> None:
        self.buffer = LineBuffer(change.text, self.buffer.encoding)

    @property
    def source(self) -> str:
        return self.buffer.text

    @property
    def lines(self) -> list[str]:
        return self.buffer.lines


class LineBufferWorkspace(Workspace):
    """pygls' workspace, with documents held in :class:`LineBufferDocument`."""

    def _create_text_document(
        self,
        doc_uri: str,
        source: str | None = None,
        version: int | None = None,
        language_id: str | None = None,
    ) -> TextDocument:
        return LineBufferDocument(
            doc_uri,
            source=source,
            version=version,
            language_id=language_id,
            sync_kind=self._sync_kind,
            position_codec=self._position_codec,
        )


def use_line_buffers(protocol: Any) -> None:
    """Replace the workspace pygls made at ``initialize`` (still empty) with ours."""
    old: Workspace = protocol.workspace
    protocol._workspace = LineBufferWorkspace(
        old.root_uri,
        old._sync_kind,
        list(old.folders.values()),
        old.position_encoding,
    )
