"""Code-point offsets to 1-based lines and columns, as every ``mlgloss check`` format reports them.

A line ends at ``\\r\\n``, ``\\n`` or a lone ``\\r`` (as in LSP and most editors); other
Unicode separators (``\\u2028``, form feed) do not end a line. Columns count code points
(Python ``str`` indices) from 1, so ``é`` and ``🤗`` are one column each.
"""

from __future__ import annotations

import bisect
import operator
import re
from itertools import accumulate, count

_BREAK = re.compile(r"\r\n|\r|\n")


def line_starts(text: str) -> list[int]:
    """The offset at which each line begins."""
    if "\r" in text:
        return [0, *(m.end() for m in _BREAK.finditer(text))]
    # Only "\n" ends lines here: line k + 1 starts after the first k + 1 lines and their
    # k + 1 line breaks (split, accumulate and map all iterate in C).
    starts = [0, *map(operator.add, accumulate(map(len, text.split("\n"))), count(1))]
    starts.pop()
    return starts


class LineIndex:
    """Line numbers of one text's offsets, and the text of its lines.

    Most texts end lines with ``\\n`` only and get a few lookups, in order: for those the
    line breaks between the previous offset and the next are counted (in C), instead of
    indexing every line of the file. Other texts get a list of line starts and bisection.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None
        self._counting = "\r" not in text
        # The last offset looked up, the number of "\n" before it, and its line's start.
        self._at = self._breaks = self._line_start = 0

    @property
    def starts(self) -> list[int]:
        """The offset at which each line begins."""
        if self._starts is None:
            self._starts = line_starts(self.text)
        return self._starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a code-point offset."""
        if not self._counting:
            i = bisect.bisect_right(self.starts, offset) - 1
            return i + 1, offset - self.starts[i] + 1
        text, at = self.text, self._at
        if offset >= at:
            breaks = self._breaks + text.count("\n", at, offset)
        else:
            breaks = self._breaks - text.count("\n", offset, at)
        if breaks != self._breaks:
            self._line_start = text.rfind("\n", 0, offset) + 1
        self._at, self._breaks = offset, breaks
        return breaks + 1, offset - self._line_start + 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line break."""
        if self._counting and line == self._breaks + 1:  # the line last looked up
            start = self._line_start
            end = self.text.find("\n", start)
            return self.text[start : end if end >= 0 else len(self.text)]
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")
