"""Code-point offsets to 1-based lines and columns, as every ``mlgloss check`` format reports them.

A line ends at ``\\r\\n``, ``\\n`` or a lone ``\\r`` (as in LSP and most editors); other
Unicode separators (``\\u2028``, form feed) do not end a line. Columns count code points
(Python ``str`` indices) from 1, so ``é`` and ``🤗`` are one column each.
"""

from __future__ import annotations

import bisect
import re

_BREAK = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Line starts of one text, for converting offsets both ways."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(m.end() for m in _BREAK.finditer(text))]

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a code-point offset."""
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line break."""
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")
