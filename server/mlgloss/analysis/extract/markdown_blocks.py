"""Which lines of a Markdown document are prose blocks: a CommonMark block scanner.

:func:`scan_blocks` reads a document the way markdown-it-py's block parser does (CommonMark
with GFM tables and raw HTML, ``maxNesting`` 100) and returns only what the Markdown
extractor needs: the lines of paragraphs, headings, table rows and HTML blocks, in document
order, with a paragraph's and a heading's text. Code (fenced and indented), link reference
definitions, thematic breaks and anything nested deeper than the limit are not returned, so
the extractor masks them.

It follows markdown-it's algorithm rule for rule, quirks included, so that both find the same
blocks (the tests compare them on hand-written and random documents): containers (block
quotes, list items) re-scan their lines with adjusted line starts and indents, and a
paragraph ends where a block that may interrupt it starts. It is several times faster
because it makes no tokens, picks the rules to try from a line's first character, and skips
over code fences, HTML blocks and blank lines with regex searches.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import accumulate, repeat
from operator import add, sub
from typing import Final

from mlgloss.analysis.extract.markdown_refdefs import MD_TRIM, definition_end
from mlgloss.analysis.extract.masking import line_starts

MAX_NESTING: Final = 100
"""markdown-it's ``maxNesting`` as the extractor sets it: deeper containers are not read."""

PARAGRAPH: Final = 0
HEADING: Final = 1
TABLE_ROW: Final = 2
HTML: Final = 3

Block = tuple[int, int, int, str, int]
"""``(kind, start, end, text, extra)``: ``start`` and ``end`` are the offsets in the text of
the block's first line and of the line after its last. ``text`` is a paragraph's or a
heading's content as markdown-it gives it (``""`` for other kinds); ``extra`` is 1 for a
paragraph outside every container and the number of cells of a table row."""

_MAX_AUTOCOMPLETED_CELLS: Final = 0x10000

# Who asked a rule whether a line ends their block (markdown-it's ``parentType``).
_ROOT, _PARAGRAPH, _LIST, _BLOCKQUOTE, _TABLE, _REFERENCE = range(6)

_BLOCK_NAMES = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|"
    "details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|"
    "h1|h2|h3|h4|h5|h6|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|"
    "noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|"
    "thead|title|tr|track|ul"
)
_ATTRIBUTE = (
    r"(?:\s+[a-zA-Z_:][a-zA-Z0-9:._-]*(?:\s*=\s*(?:[^\"'=<>`\x00-\x20]+|'[^']*'|\"[^\"]*\"))?)"
)
_OPEN_CLOSE_TAG = (
    r"^(?:<[A-Za-z][A-Za-z0-9\-]*" + _ATTRIBUTE + r"*\s*\/?>|<\/[A-Za-z][A-Za-z0-9\-]*\s*>)"
)
# The seven CommonMark HTML block kinds: start, end, and whether it may interrupt a paragraph.
_HTML_KINDS: Final = (
    (
        re.compile(r"^<(?a:(script|pre|style|textarea))(?=(\s|>|$))", re.IGNORECASE),
        re.compile(r"<\/(?a:(script|pre|style|textarea))>", re.IGNORECASE),
        True,
    ),
    (re.compile(r"^<!--"), re.compile(r"-->"), True),
    (re.compile(r"^<\?"), re.compile(r"\?>"), True),
    (re.compile(r"^<![A-Za-z]"), re.compile(r">"), True),
    (re.compile(r"^<!\[CDATA\["), re.compile(r"\]\]>"), True),
    (
        re.compile(r"^</?(?a:(" + _BLOCK_NAMES + r"))(?=(\s|/?>|$))", re.IGNORECASE),
        re.compile(r"^$"),
        True,
    ),
    (re.compile(_OPEN_CLOSE_TAG + r"\s*$"), re.compile(r"^$"), False),
)

_HR = re.compile(r"\*(?:[ \t]*\*){2,}[ \t]*|-(?:[ \t]*-){2,}[ \t]*|_(?:[ \t]*_){2,}[ \t]*")
_BULLET = re.compile(r"[-*+](?![^ \t])")
_ORDERED = re.compile(r"[0-9]{1,9}[.)](?![^ \t])")
_DELIMITER_REST = re.compile(r"[-:| \t]*")
_DELIMITER_CELL = re.compile(r":?-+:?")
_SPACES = re.compile(r"[ \t]*")
# The first characters of the blocks that may interrupt a paragraph (a table aside).
_INTERRUPTERS = frozenset("`~>*-_+0123456789<#")
# The rules (after table and code) to try on a line, by its first character.
_FENCE, _QUOTE, _BREAK_OR_LIST, _LIST_ITEM, _DEFINITION, _HTML_BLOCK, _ATX = range(7)
_RULES = {
    "`": _FENCE,
    "~": _FENCE,
    ">": _QUOTE,
    "*": _BREAK_OR_LIST,
    "-": _BREAK_OR_LIST,
    "_": _BREAK_OR_LIST,
    "+": _LIST_ITEM,
    **dict.fromkeys("0123456789", _LIST_ITEM),
    "[": _DEFINITION,
    "<": _HTML_BLOCK,
    "#": _ATX,
}


def _normalize(text: str) -> str:
    """``text`` as markdown-it reads it: line breaks made ``\\n``, NUL made U+FFFD.

    Offsets move when a ``\\r\\n`` becomes ``\\n``, line numbers do not: the scanner
    works in lines and gives its blocks the offsets of their lines in ``text``.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
    return text


@lru_cache(maxsize=256)
def _fence_end(marker: str, length: int, indent: int) -> re.Pattern[str]:
    """The lines that may close a fence of ``length`` ``marker`` characters, and in a
    container indented by ``indent``, the lines that may end the container (and the fence)."""
    closer = r"[ \t]*" + re.escape(marker) + "{" + str(length) + r",}[ \t]*$"
    if indent:
        return re.compile(r"^(?:" + closer + r"| {0," + str(indent - 1) + r"}[^ \n])", re.M)
    return re.compile("^" + closer, re.M)


@lru_cache(maxsize=64)
def _html_end(kind: int, indent: int) -> re.Pattern[str]:
    """The lines that may end an HTML block of ``kind``: those holding its end (a blank
    line for kinds 6 and 7), and in a container indented by ``indent`` outdented lines."""
    end = r"^[ \t]*$" if kind >= 5 else _HTML_KINDS[kind][1].pattern
    if indent:
        end += r"|^ {0," + str(indent - 1) + r"}[^ \n]"
    return re.compile(end, re.M | (re.IGNORECASE if kind == 0 else 0))


def _cell_count(row: str) -> int:
    """How many cells markdown-it's ``escapedSplit`` makes of a trimmed, non-empty row."""
    pipes = row.count("|") - row.count("\\|")
    count = pipes + 1
    if row[0] == "|":
        count -= 1
    if count and row[-1] == "|" and row[-2:] != "\\|":
        count -= 1
    return count


class _Scanner:
    """markdown-it's ``StateBlock`` and block rules, reduced to what decides prose."""

    def __init__(self, text: str) -> None:
        self.src = src = _normalize(text)
        lines = src.split("\n")
        if not lines[-1].strip(" \t"):
            lines.pop()  # the final line break's empty tail, or a last line of blanks
        lens = list(map(len, lines))
        n = len(lines)
        # markdown-it's bMarks, eMarks, tShift, sCount and bsCount, with its fake last line
        self.b: list[int] = list(accumulate(map((1).__add__, lens), initial=0))
        self.b[n] = len(src)
        self.e: list[int] = list(map(add, self.b, lens))
        self.e.append(len(src))
        self.ts: list[int] = list(map(sub, lens, map(len, map(str.lstrip, lines, repeat(" \t")))))
        self.ts.append(0)
        self.sc: list[int] = self.ts.copy()
        self.bs: list[int] = [0] * (n + 1)
        self.tabs = "\t" in src
        if self.tabs:
            for i, line in enumerate(lines):
                shift = self.ts[i]
                if shift and "\t" in line[:shift]:
                    col = 0
                    for ch in line[:shift]:
                        col += 4 - col % 4 if ch == "\t" else 1
                    self.sc[i] = col
        self.line_max = n
        if "\r\n" in text:
            self.starts = line_starts(text)  # the given text's, not the normalized one's
            self.starts.append(len(text))
        else:
            self.starts = self.b.copy()
            self.starts[n] = min(self.e[n - 1] + 1, len(src)) if n else 0
        self.blk_indent = 0
        self.line = 0
        self.list_indent = -1
        self.parent = _ROOT
        self.level = 0
        self.quoted = 0
        self.blocks: list[Block] = []
        self.top_level_starts: list[int] | None = None  # filled when asked (scan_blocks)

    # ------------------------------------------------------------------ helpers

    def is_empty(self, line: int) -> bool:
        return self.b[line] + self.ts[line] >= self.e[line]

    def get_lines(self, begin: int, end: int, indent: int) -> str:
        """markdown-it's ``getLines(begin, end, indent, keepLastLF=False)``."""
        src, b, e, ts, bs = self.src, self.b, self.e, self.ts, self.bs
        if begin >= end:
            return ""
        if not self.quoted:
            if indent == 0:
                return src[b[begin] : e[end - 1]]
            if not self.tabs:  # then exactly min(indent, tShift) characters are indent
                parts = [src[b[i] + min(indent, ts[i]) : e[i] + 1] for i in range(begin, end - 1)]
                parts.append(src[b[end - 1] + min(indent, ts[end - 1]) : e[end - 1]])
                return "".join(parts)
        parts = []
        for line in range(begin, end):
            line_indent = 0
            first = line_start = b[line]
            last = e[line] + 1 if line + 1 < end else e[line]
            while first < last and line_indent < indent:
                ch = src[first]
                if ch == "\t":
                    line_indent += 4 - (line_indent + bs[line]) % 4
                elif ch == " " or first - line_start < ts[line]:
                    line_indent += 1
                else:
                    break
                first += 1
            if line_indent > indent:
                parts.append(" " * (line_indent - indent) + src[first:last])
            else:
                parts.append(src[first:last])
        return "".join(parts)

    # ------------------------------------------------------------------ driver

    def tokenize(self, start_line: int, end_line: int) -> None:
        """markdown-it's ``ParserBlock.tokenize``: the blocks of lines [start, end).

        At each block's first line it runs the first rule that matches, in markdown-it's
        order: table, code, then (by the line's first character) fence, block quote,
        thematic break, list, reference definition, HTML block, ATX heading, and at last
        setext heading or paragraph.
        """
        src, b, e, ts, sc = self.src, self.b, self.e, self.ts, self.sc
        # constant during the call: the rules that change them put them back
        line_max, blk, too_deep = self.line_max, self.blk_indent, self.level >= MAX_NESTING
        line = start_line
        while line < end_line:
            while line < line_max and b[line] + ts[line] >= e[line]:
                line += 1  # skip blank lines
            self.line = line
            if line >= end_line:
                break
            if sc[line] < blk:
                break  # the end of a container
            if self.level == 0 and self.top_level_starts is not None:
                self.top_level_starts.append(self.starts[line])
            if too_deep:
                self.line = end_line
                break
            following = line + 1
            pos = b[following] + ts[following] if following < end_line else 0
            if (
                following < end_line
                and pos < e[following]
                and src[pos] in "|-:"
                and self.table(line, end_line, False)
            ):
                pass
            elif sc[line] - blk >= 4:
                self.code(line, end_line)
            else:
                ch = src[b[line] + ts[line]]
                rule = _RULES.get(ch)
                if rule is None:
                    matched = False
                elif rule == _FENCE:
                    matched = self.fence(line, end_line, False)
                elif rule == _QUOTE:
                    self.blockquote(line, end_line)
                    matched = True
                elif rule == _BREAK_OR_LIST:
                    matched = self.hr(line, False) or (
                        ch != "_" and self.list_block(line, end_line, False)
                    )
                elif rule == _LIST_ITEM:
                    matched = self.list_block(line, end_line, False)
                elif rule == _DEFINITION:
                    matched = self.reference(line)
                elif rule == _HTML_BLOCK:
                    matched = self.html_block(line, end_line, False)
                else:
                    matched = self.heading(line, False)
                if not matched:
                    self.text_block(line, end_line)
            line = self.line
            if line < end_line and b[line] + ts[line] >= e[line]:
                line += 1
                self.line = line

    def interrupts(self, line: int, end_line: int, ending: int) -> bool:
        """Whether a block starting at ``line`` ends the block that asks (its terminators).

        ``ending`` is _PARAGRAPH for paragraphs and reference definitions (every rule but
        code and reference), _BLOCKQUOTE for block quotes and tables (the same but table),
        _LIST for lists (fence, block quote, thematic break).
        """
        pos = self.b[line] + self.ts[line]
        if pos >= self.e[line] or self.sc[line] - self.blk_indent >= 4:
            return False
        ch = self.src[pos]
        if ending == _PARAGRAPH and self.table(line, end_line, True):
            return True
        if ch == "`" or ch == "~":
            return self.fence(line, end_line, True)
        if ch == ">":
            return True
        if ch == "*" or ch == "-" or ch == "_":
            if self.hr(line, True):
                return True
            return ch != "_" and ending != _LIST and self.list_block(line, end_line, True)
        if ending == _LIST:
            return False
        if ch == "+" or "0" <= ch <= "9":
            return self.list_block(line, end_line, True)
        if ch == "<":
            return self.html_block(line, end_line, True)
        if ch == "#":
            return self.heading(line, True)
        return False

    # ------------------------------------------------------------------ rules

    def table(self, start_line: int, end_line: int, silent: bool) -> bool:
        if start_line + 2 > end_line:
            return False
        src, b, e, ts, sc = self.src, self.b, self.e, self.ts, self.sc
        blk = self.blk_indent
        next_line = start_line + 1
        if sc[next_line] < blk or sc[next_line] - blk >= 4:
            return False
        pos = b[next_line] + ts[next_line]
        end = e[next_line]
        if pos + 1 >= end:
            return False
        first = src[pos]
        if first != "|" and first != "-" and first != ":":
            return False
        second = src[pos + 1]
        if second not in "|-: \t" or (first == "-" and (second == " " or second == "\t")):
            return False
        if _DELIMITER_REST.fullmatch(src, pos + 2, end) is None:
            return False
        columns = src[pos:end].split("|")
        aligns = 0
        last = len(columns) - 1
        for i, column in enumerate(columns):
            cell = column.strip(MD_TRIM)
            if not cell:
                if i == 0 or i == last:
                    continue
                return False
            if _DELIMITER_CELL.fullmatch(cell) is None:
                return False
            aligns += 1
        header = src[b[start_line] + ts[start_line] : e[start_line]].strip(MD_TRIM)
        if "|" not in header or sc[start_line] - blk >= 4:
            return False
        count = _cell_count(header)
        if count == 0 or count != aligns:
            return False
        if silent:
            return True

        old_parent = self.parent
        self.parent = _TABLE
        blocks, starts = self.blocks, self.starts
        blocks.append((TABLE_ROW, starts[start_line], starts[start_line + 1], "", count))
        autocompleted = 0
        next_line = start_line + 2
        while next_line < end_line:
            if sc[next_line] < blk:
                break
            if self.interrupts(next_line, end_line, _BLOCKQUOTE):
                break
            row = src[b[next_line] + ts[next_line] : e[next_line]].strip(MD_TRIM)
            if not row or sc[next_line] - blk >= 4:
                break
            autocompleted += count - _cell_count(row)
            if autocompleted > _MAX_AUTOCOMPLETED_CELLS:
                break
            blocks.append((TABLE_ROW, starts[next_line], starts[next_line + 1], "", count))
            next_line += 1
        self.parent = old_parent
        self.line = next_line
        return True

    def code(self, start_line: int, end_line: int) -> None:
        last = next_line = start_line + 1
        sc, blk = self.sc, self.blk_indent
        while next_line < end_line:
            if self.is_empty(next_line):
                next_line += 1
            elif sc[next_line] - blk >= 4:
                next_line += 1
                last = next_line
            else:
                break
        self.line = last

    def fence(self, start_line: int, end_line: int, silent: bool) -> bool:
        src, b, e, ts, sc = self.src, self.b, self.e, self.ts, self.sc
        pos = b[start_line] + ts[start_line]
        end = e[start_line]
        if pos + 3 > end:
            return False
        marker = src[pos]
        mem = pos
        while pos < end and src[pos] == marker:
            pos += 1
        length = pos - mem
        if length < 3:
            return False
        if marker == "`" and "`" in src[pos:end]:
            return False
        if silent:
            return True

        blk = self.blk_indent
        size = len(src)
        next_line = start_line
        closed = False
        find = None if self.quoted else _fence_end(marker, length, blk).search
        while True:
            next_line += 1
            if find is not None:  # jump to the next line that may end the fence
                found = find(src, b[next_line], b[end_line])
                next_line = end_line if found is None else bisect_left(b, found.start())
            if next_line >= end_line:
                next_line = end_line
                break
            pos = mem = b[next_line] + ts[next_line]
            end = e[next_line]
            if (pos < end and sc[next_line] < blk) or pos >= size:
                break  # outdented: the container ends, and the fence with it
            if src[pos] != marker or sc[next_line] - blk >= 4:
                continue
            while pos < end and src[pos] == marker:
                pos += 1
            if pos - mem < length or _SPACES.match(src, pos, end).end() < end:  # type: ignore[union-attr]
                continue
            closed = True
            break
        self.line = next_line + (1 if closed else 0)
        return True

    def blockquote(self, start_line: int, end_line: int) -> None:
        src, b, e, ts, sc, bs = self.src, self.b, self.e, self.ts, self.sc, self.bs
        size = len(src)
        old_line_max = self.line_max
        blk = self.blk_indent
        old_b: list[int] = []
        old_ts: list[int] = []
        old_sc: list[int] = []
        old_bs: list[int] = []
        old_parent = self.parent
        self.parent = _BLOCKQUOTE
        last_line_empty = False
        next_line = start_line
        while next_line < end_line:
            pos = b[next_line] + ts[next_line]
            end = e[next_line]
            if next_line > start_line:
                if pos >= end:
                    break  # a blank line ends the quote
                if src[pos] != ">" or sc[next_line] < blk:
                    if last_line_empty:
                        break
                    if self.interrupts(next_line, end_line, _BLOCKQUOTE):
                        self.line_max = next_line
                        if blk != 0:
                            old_b.append(b[next_line])
                            old_bs.append(bs[next_line])
                            old_ts.append(ts[next_line])
                            old_sc.append(sc[next_line])
                            sc[next_line] -= blk
                        break
                    old_b.append(b[next_line])
                    old_bs.append(bs[next_line])
                    old_ts.append(ts[next_line])
                    old_sc.append(sc[next_line])
                    sc[next_line] = -1  # a lazy continuation line
                    next_line += 1
                    continue
            # a quoted line: step over ">" and one optional space
            pos += 1
            initial = offset = sc[next_line] + 1
            after = src[pos] if pos < size else ""
            adjust_tab = False
            space_after = False
            if after == " ":
                pos += 1
                initial += 1
                offset += 1
                space_after = True
            elif after == "\t":
                space_after = True
                if (bs[next_line] + offset) % 4 == 3:
                    pos += 1
                    initial += 1
                    offset += 1
                else:
                    adjust_tab = True
            old_b.append(b[next_line])
            b[next_line] = pos
            while pos < end:
                ch = src[pos]
                if ch == "\t":
                    offset += 4 - (offset + bs[next_line] + (1 if adjust_tab else 0)) % 4
                elif ch == " ":
                    offset += 1
                else:
                    break
                pos += 1
            last_line_empty = pos >= end
            old_bs.append(bs[next_line])
            bs[next_line] = sc[next_line] + 1 + (1 if space_after else 0)
            old_sc.append(sc[next_line])
            sc[next_line] = offset - initial
            old_ts.append(ts[next_line])
            ts[next_line] = pos - b[next_line]
            next_line += 1

        self.blk_indent = 0
        self.level += 1
        self.quoted += 1
        self.tokenize(start_line, next_line)
        self.quoted -= 1
        self.level -= 1
        self.line_max = old_line_max
        self.parent = old_parent
        for i in range(len(old_ts)):
            line = start_line + i
            b[line] = old_b[i]
            ts[line] = old_ts[i]
            sc[line] = old_sc[i]
            bs[line] = old_bs[i]
        self.blk_indent = blk

    def hr(self, line: int, silent: bool) -> bool:
        if _HR.fullmatch(self.src, self.b[line] + self.ts[line], self.e[line]) is None:
            return False
        if not silent:
            self.line = line + 1
        return True

    def marker_end(self, line: int, ordered: bool) -> int:
        """Where a list marker at ``line`` ends, or -1 (markdown-it's ``skip*ListMarker``)."""
        m = (_ORDERED if ordered else _BULLET).match(
            self.src, self.b[line] + self.ts[line], self.e[line]
        )
        return -1 if m is None else m.end()

    def list_block(self, start_line: int, end_line: int, silent: bool) -> bool:
        src, b, e, ts, sc, bs = self.src, self.b, self.e, self.ts, self.sc, self.bs
        if (
            self.list_indent >= 0
            and sc[start_line] - self.list_indent >= 4
            and sc[start_line] < self.blk_indent
        ):
            return False
        interrupting = silent and self.parent == _PARAGRAPH and sc[start_line] >= self.blk_indent
        start = b[start_line] + ts[start_line]
        ordered = "0" <= src[start] <= "9"  # else a bullet: the markers share no character
        found = (_ORDERED if ordered else _BULLET).match(src, start, e[start_line])
        if found is None:
            return False
        pos_after = found.end()
        if ordered and interrupting and int(src[start : pos_after - 1]) != 1:
            return False
        if interrupting and _SPACES.match(src, pos_after).end() >= e[start_line]:  # type: ignore[union-attr]
            return False
        marker = src[pos_after - 1]
        if silent:
            return True

        old_parent = self.parent
        self.parent = _LIST
        self.level += 1
        next_line = start_line
        while next_line < end_line:
            pos = pos_after
            end = e[next_line]
            initial = offset = sc[next_line] + pos_after - (b[start_line] + ts[start_line])
            while pos < end:
                ch = src[pos]
                if ch == "\t":
                    offset += 4 - (offset + bs[next_line]) % 4
                elif ch == " ":
                    offset += 1
                else:
                    break
                pos += 1
            content_start = pos
            indent_after = 1 if content_start >= end else offset - initial
            if indent_after > 4:
                indent_after = 1
            indent = initial + indent_after

            old_ts = ts[start_line]
            old_sc = sc[start_line]
            old_list_indent = self.list_indent
            self.list_indent = self.blk_indent
            self.blk_indent = indent
            ts[start_line] = content_start - b[start_line]
            sc[start_line] = offset
            if content_start >= end and self.is_empty(start_line + 1):
                self.line = min(self.line + 2, end_line)
            else:
                self.level += 1
                self.tokenize(start_line, end_line)
                self.level -= 1
            self.blk_indent = self.list_indent
            self.list_indent = old_list_indent
            ts[start_line] = old_ts
            sc[start_line] = old_sc

            next_line = start_line = self.line
            if next_line >= end_line:
                break
            if sc[next_line] < self.blk_indent or sc[next_line] - self.blk_indent >= 4:
                break
            if self.interrupts(next_line, end_line, _LIST):
                break
            pos_after = self.marker_end(next_line, ordered)
            if pos_after < 0 or src[pos_after - 1] != marker:
                break
        self.level -= 1
        self.line = next_line
        self.parent = old_parent
        return True

    def reference(self, start_line: int) -> bool:
        src, b, e, ts = self.src, self.b, self.e, self.ts
        pos = b[start_line] + ts[start_line]
        end = definition_end(src[pos : e[start_line] + 1], start_line, self.reference_line)
        if end < 0:
            return False
        self.line = end
        return True

    def reference_line(self, line: int) -> str | None:
        """markdown-it's ``getNextLine`` for reference definitions."""
        if line >= self.line_max or self.is_empty(line):
            return None
        sc = self.sc
        if sc[line] - self.blk_indent < 4 and sc[line] >= 0:
            old_parent = self.parent
            self.parent = _REFERENCE
            ends = self.interrupts(line, self.line_max, _PARAGRAPH)
            self.parent = old_parent
            if ends:
                return None
        return self.src[self.b[line] + self.ts[line] : self.e[line] + 1]

    def html_block(self, start_line: int, end_line: int, silent: bool) -> bool:
        src, b, e, ts, sc = self.src, self.b, self.e, self.ts, self.sc
        text = src[b[start_line] + ts[start_line] : e[start_line]]
        for kind, (opener, closer, interrupts) in enumerate(_HTML_KINDS):  # noqa: B007
            if opener.search(text):
                break
        else:
            return False
        if silent:
            return interrupts
        ends_on_blank = kind >= 5
        blk = self.blk_indent
        next_line = start_line + 1
        if not closer.search(text):
            find = None if self.quoted else _html_end(kind, blk).search
            while next_line < end_line:
                if find is not None:  # jump to the next line that may end the block
                    found = find(src, b[next_line], b[end_line])
                    if found is None:
                        next_line = end_line
                        break
                    at = found.start()
                    next_line = bisect_right(b, at) - 1
                    if next_line >= end_line or at > e[next_line]:
                        next_line = end_line  # found past the lines: in a dropped blank tail
                        break
                if sc[next_line] < blk and (ends_on_blank or not self.is_empty(next_line)):
                    break
                text = src[b[next_line] + ts[next_line] : e[next_line]]
                if closer.search(text):
                    if text:
                        next_line += 1
                    break
                next_line += 1
        self.line = next_line
        self.blocks.append((HTML, self.starts[start_line], self.starts[next_line], "", 0))
        return True

    def heading(self, line: int, silent: bool) -> bool:
        src = self.src
        pos = self.b[line] + self.ts[line]
        end = self.e[line]
        level = 1
        pos += 1
        while pos < end and src[pos] == "#" and level <= 6:
            level += 1
            pos += 1
        if level > 6 or (pos < end and src[pos] != " " and src[pos] != "\t"):
            return False
        if silent:
            return True
        stop = end
        while stop > pos and src[stop - 1] in " \t":
            stop -= 1
        hashes = stop
        while hashes > pos and src[hashes - 1] == "#":
            hashes -= 1
        if hashes > pos and src[hashes - 1] in " \t":
            stop = hashes
        self.line = line + 1
        content = src[pos:stop].strip(MD_TRIM)
        self.blocks.append((HEADING, self.starts[line], self.starts[line + 1], content, 0))
        return True

    def text_block(self, start_line: int, end_line: int) -> None:
        """markdown-it's last two rules: lheading (a setext heading), else paragraph."""
        old_parent = self.parent
        self.parent = _PARAGRAPH  # lheading sets it and, when it fails, leaves it so
        next_line, level = self.text_lines(start_line, end_line, True)
        if not level and end_line != self.line_max:
            # paragraph reads up to the end of all lines, lheading up to the block's end
            next_line, _ = self.text_lines(start_line, self.line_max, False)
        content = self.get_lines(start_line, next_line, self.blk_indent).strip(MD_TRIM)
        starts = self.starts
        if level:
            self.line = next_line + 1
            self.blocks.append((HEADING, starts[start_line], starts[next_line], content, 0))
            self.parent = old_parent
        else:
            self.line = next_line
            top = int(self.level == 0)
            self.blocks.append((PARAGRAPH, starts[start_line], starts[next_line], content, top))

    def text_lines(self, start_line: int, end_line: int, underline: bool) -> tuple[int, int]:
        """Where the text starting at ``start_line`` ends, and its setext heading level.

        markdown-it's paragraph loop, or with ``underline`` its lheading loop, which also
        stops at an underline (level 1 for ``=``, 2 for ``-``; 0 when there is none).
        """
        src, b, e, ts, sc = self.src, self.b, self.e, self.ts, self.sc
        blk = self.blk_indent
        next_line = start_line + 1
        while next_line < end_line:
            pos = b[next_line] + ts[next_line]
            end = e[next_line]
            if pos >= end:
                break
            indent = sc[next_line]
            if indent - blk > 3:
                next_line += 1
                continue  # a lazy line, whatever it holds
            ch = src[pos]
            if underline and indent >= blk and (ch == "-" or ch == "="):
                while pos < end and src[pos] == ch:
                    pos += 1
                if _SPACES.match(src, pos, end).end() >= end:  # type: ignore[union-attr]
                    return next_line, 1 if ch == "=" else 2
            if indent < 0:
                next_line += 1
                continue
            if ch in _INTERRUPTERS:
                if self.interrupts(next_line, end_line, _PARAGRAPH):
                    break
            elif next_line + 1 < end_line:
                pos = b[next_line + 1] + ts[next_line + 1]
                if (
                    pos < e[next_line + 1]
                    and src[pos] in "|-:"
                    and self.table(next_line, end_line, True)
                ):
                    break
            next_line += 1
        return next_line, 0


def scan_blocks(
    text: str, first_line: int = 0, top_level_starts: list[int] | None = None
) -> list[Block]:
    """The prose blocks of a Markdown document, in document order (see the module doc).

    Lines before ``first_line`` (front matter) are read as blank lines. ``top_level_starts``,
    if given, gets the offset of the first line of every top-level block (of any kind, code
    included), in order: markdown-it keeps no state from one top-level block to the next, so
    the blocks from such a line on are those of the text from that line on, read alone.
    """
    scanner = _Scanner(text)
    scanner.top_level_starts = top_level_starts
    scanner.tokenize(first_line, scanner.line_max)
    return scanner.blocks
