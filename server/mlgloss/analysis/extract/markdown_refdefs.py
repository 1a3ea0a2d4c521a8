"""Recognises a Markdown link reference definition (``[label]: /url "title"``).

The block scanner (:mod:`markdown_blocks`) asks :func:`definition_end` whether the text at a
line that starts with ``[`` is a link reference definition, which is not prose, and where it
ends. The rules are markdown-it-py's (``rules_block/reference.py`` and its link destination
and title helpers), so that the scanner agrees with it: a definition may run over several
lines, its title may continue on the next line, and a destination that markdown-it would
refuse to link (``javascript:``, ``vbscript:``, ``file:``, ``data:`` other than images)
makes the lines a paragraph instead.
"""

from __future__ import annotations

import html.entities
import re
from collections.abc import Callable

MD_TRIM = "".join(
    chr(c)
    for c in sorted(
        {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, 0x202F, 0x205F, 0x3000, 0x2028, 0x2029}
        | set(range(0x2000, 0x200B))
    )
)
"""The characters markdown-it's ``mdTrim`` strips (JavaScript's ``trim`` set minus U+FEFF)."""

_ENTITIES = {name.rstrip(";"): chars for name, chars in html.entities.html5.items()}
_UNESCAPE = re.compile(
    r'\\([!"#$%&\'()*+,\-./:;<=>?@\[\\\]^_`{|}~])|&([a-z#][a-z0-9]{1,31});', re.IGNORECASE
)
_DECIMAL = re.compile(r"#([0-9]{1,8})")
_HEX = re.compile(r"#x([a-f0-9]{1,8})", re.IGNORECASE)
_BAD_PROTOCOL = re.compile(r"(?:vbscript|javascript|file|data):")
_GOOD_DATA = re.compile(r"data:image/(?:gif|png|jpeg|webp);")


def _valid_code(c: int) -> bool:
    return not (
        0xD800 <= c <= 0xDFFF
        or 0xFDD0 <= c <= 0xFDEF
        or (c & 0xFFFF) in (0xFFFF, 0xFFFE)
        or 0x00 <= c <= 0x08
        or c == 0x0B
        or 0x0E <= c <= 0x1F
        or 0x7F <= c <= 0x9F
        or c > 0x10FFFF
    )


def _unescape_one(m: re.Match[str]) -> str:
    if m.group(1):
        return m.group(1)
    name = m.group(2)
    if name in _ENTITIES:
        return _ENTITIES[name]
    num = _DECIMAL.fullmatch(name)
    code = int(num.group(1)) if num else None
    if num is None and (hexa := _HEX.fullmatch(name)):
        code = int(hexa.group(1), 16)
    if code is not None and _valid_code(code):
        return chr(code)
    return m.group()


def _unescape(s: str) -> str:
    """Backslash escapes and character references resolved, as markdown-it's ``unescapeAll``."""
    if "\\" not in s and "&" not in s:
        return s
    return _UNESCAPE.sub(_unescape_one, s)


def _linkable(url: str) -> bool:
    """Whether markdown-it would link to ``url`` (its ``validateLink(normalizeLink(url))``)."""
    lowered = url.strip().lower()
    return not _BAD_PROTOCOL.match(lowered) or bool(_GOOD_DATA.match(lowered))


def _destination(s: str, pos: int, end: int) -> tuple[bool, int, str]:
    """markdown-it's ``parseLinkDestination``: (ok, position after it, its text)."""
    start = pos
    if pos < end and s[pos] == "<":
        pos += 1
        while pos < end:
            ch = s[pos]
            if ch == "\n" or ch == "<":
                return False, 0, ""
            if ch == ">":
                return True, pos + 1, _unescape(s[start + 1 : pos])
            if ch == "\\" and pos + 1 < end:
                pos += 2
                continue
            pos += 1
        return False, 0, ""
    level = 0
    while pos < end:
        ch = s[pos]
        if ch == " " or ch < " " or ch == "\x7f":
            break
        if ch == "\\" and pos + 1 < end:
            if s[pos + 1] == " ":
                break
            pos += 2
            continue
        if ch == "(":
            level += 1
            if level > 32:
                return False, 0, ""
        if ch == ")":
            if level == 0:
                break
            level -= 1
        pos += 1
    if start == pos or level != 0:
        return False, 0, ""
    return True, pos, _unescape(s[start:pos])


class _Title:
    """markdown-it's ``parseLinkTitle`` state: a title that may continue on the next line."""

    __slots__ = ("can_continue", "marker", "ok", "pos", "text")

    def __init__(self) -> None:
        self.ok = False
        self.can_continue = False
        self.pos = 0
        self.text = ""
        self.marker = ""


def _title(s: str, start: int, end: int, prev: _Title | None) -> _Title:
    pos = start
    state = _Title()
    if prev is not None:
        state.text = prev.text
        state.marker = prev.marker
    else:
        if pos >= end:
            return state
        marker = s[pos]
        if marker not in ('"', "'", "("):
            return state
        start += 1
        pos += 1
        state.marker = ")" if marker == "(" else marker
    while pos < end:
        ch = s[pos]
        if ch == state.marker:
            state.pos = pos + 1
            state.text += _unescape(s[start:pos])
            state.ok = True
            return state
        if ch == "(" and state.marker == ")":
            return state
        if ch == "\\" and pos + 1 < end:
            pos += 1
        pos += 1
    state.can_continue = True
    state.text += _unescape(s[start:pos])
    return state


def definition_end(first: str, line: int, next_line: Callable[[int], str | None]) -> int:
    """The line after the definition that starts with ``first``, or -1 if there is none.

    ``first`` is the text of line ``line`` from its ``[`` to its line break (included);
    ``next_line(n)`` is the text of line ``n`` (from its first non-blank character, line break
    included) when the definition may go on there, else None.
    """
    s = first
    end = len(s)
    nxt = line + 1
    label_end = -1
    pos = 1
    while pos < end:
        ch = s[pos]
        if ch == "[":
            return -1
        if ch == "]":
            label_end = pos
            break
        if ch == "\n":
            if (more := next_line(nxt)) is not None:
                s += more
                end = len(s)
                nxt += 1
        elif ch == "\\":
            pos += 1
            if pos < end and s[pos] == "\n" and (more := next_line(nxt)) is not None:
                s += more
                end = len(s)
                nxt += 1
        pos += 1
    if label_end < 0 or s[label_end + 1 : label_end + 2] != ":":
        return -1

    def skip_blanks(pos: int) -> int:
        nonlocal s, end, nxt
        while pos < end:
            ch = s[pos]
            if ch == "\n":
                if (more := next_line(nxt)) is not None:
                    s += more
                    end = len(s)
                    nxt += 1
            elif ch != " " and ch != "\t":
                break
            pos += 1
        return pos

    pos = skip_blanks(label_end + 2)
    ok, pos, url = _destination(s, pos, end)
    if not ok or not _linkable(url):
        return -1
    dest_end, dest_line = pos, nxt
    start = pos
    pos = skip_blanks(pos)
    title = _title(s, pos, end, None)
    while title.can_continue:
        if (more := next_line(nxt)) is None:
            break
        s += more
        pos = end
        end = len(s)
        nxt += 1
        title = _title(s, pos, end, title)
    text = ""
    if pos < end and start != pos and title.ok:
        text = title.text
        pos = title.pos
    else:
        pos, nxt = dest_end, dest_line
    while pos < end and s[pos] in " \t":
        pos += 1
    if pos < end and s[pos] != "\n" and text:
        pos, nxt = dest_end, dest_line
        while pos < end and s[pos] in " \t":
            pos += 1
    if pos < end and s[pos] != "\n":
        return -1
    if not s[1:label_end].strip(MD_TRIM):
        return -1
    return nxt
