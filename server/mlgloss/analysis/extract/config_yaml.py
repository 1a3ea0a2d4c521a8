"""The YAML config extractor: keys with their sections, comments, human-text values.

Read line by line, never parsed, so a broken file still yields its keys. A key's section
comes from indentation: the keys on the stack of open mappings above it, and ``[]`` for
each ``- `` list item between them. Keys of a nested flow collection get the unknown
section.
"""

from __future__ import annotations

import re

from mlgloss.analysis.document import Extraction
from mlgloss.analysis.extract.config_common import (
    BACKSLASH_ESCAPE,
    MAX_SECTION_DEPTH,
    UNKNOWN_SECTION,
    ConfigOut,
    is_prose_key,
)
from mlgloss.analysis.extract.masking import iter_lines

_YAML_SEQ = re.compile(r"-(?:[ \t]+|$)")
_YAML_KEY = re.compile(
    r"(?:\"(?P<dq>(?:[^\"\\\r\n]|\\.)*)\"|'(?P<sq>(?:[^'\r\n]|'')*)'"
    r"|(?P<plain>[^\s#'\"\[\]{},&*!|>%@`?-][^:#\r\n]*?|-[^\s:#][^:#\r\n]*?|\?[ \t]+[^:#\r\n]+?))"
    r"[ \t]*:(?=[ \t]|$)"
)
_YAML_COMMENT = re.compile(r"(?:^|(?<=[ \t]))#")
_YAML_BLOCK = re.compile(r"[|>][0-9+-]*[ \t]*(?:#.*)?$")
_YAML_FLOW_KEY = re.compile(
    r"(?<=[{,])[ \t]*(?:\"((?:[^\"\\]|\\.)*)\"|'([^']*)'|([^\s\"'{}\[\],:#][^{}\[\],:#]*?))"
    r"[ \t]*:(?=[ \t{\[\"']|$)"
)
_YAML_DQ = re.compile(r"\"((?:[^\"\\]|\\.)*)(\"?)")
_YAML_SQ = re.compile(r"'((?:[^']|'')*)('?)")


def extract_yaml(text: str) -> Extraction:
    out = ConfigOut(text)
    block_indent = -1  # inside a block scalar: lines indented more than this
    block_prose = False
    prose_parent = -1  # under a prose key with no inline value: its indentation
    quote_open: str | None = None  # a quoted scalar continuing onto this line
    quote_prose = False
    quote_indent = 0
    # Open mappings above the current line: (column, key, the section inside it), and
    # (column, "[]", ...) per list item.
    open_keys: list[tuple[int, str, str]] = []
    for a, line in iter_lines(text):
        b = a + len(line)
        stripped = line.lstrip(" \t")
        indent = len(line) - len(stripped)
        if (
            quote_open is not None
            and indent <= quote_indent
            and (stripped.startswith("#") or _YAML_KEY.match(line, indent))
        ):
            quote_open = None  # never closed: a broken line; read this one afresh
        if quote_open is not None:
            close = _find_quote_end(line, 0, quote_open)
            end = a + (close if close >= 0 else len(line))
            if quote_prose:
                out.value(a + indent, end, BACKSLASH_ESCAPE if quote_open == '"' else None)
            if close >= 0:
                quote_open = None
                _yaml_trailing_comment(out, line, a, close + 1)
            continue
        if block_indent >= 0:
            if not stripped or indent > block_indent:
                if block_prose and stripped:
                    out.value(a + indent, b)
                continue
            block_indent = -1
        if not stripped:
            continue
        if stripped.startswith("#"):
            out.comment(a + indent, b, 1)
            continue
        if indent == 0 and (stripped.rstrip() in ("---", "...") or line.startswith(("--- ", "%"))):
            continue
        if prose_parent >= 0 and indent <= prose_parent and not stripped.startswith("-"):
            prose_parent = -1
        pos = indent
        dashes: list[int] = []
        while line.startswith("-", pos):
            seq = _YAML_SEQ.match(line, pos)
            if seq is None:
                break
            dashes.append(pos)
            pos = seq.end()
        key_indent = pos
        if dashes:
            while open_keys and (
                open_keys[-1][0] > dashes[0]
                or (open_keys[-1][0] == dashes[0] and open_keys[-1][1] == "[]")
            ):
                open_keys.pop()
            for column in dashes:
                _push(open_keys, column, "[]")
        km = _YAML_KEY.match(line, pos)
        key_name: str | None = None
        if km is not None:
            group = (
                "dq"
                if km.group("dq") is not None
                else "sq"
                if km.group("sq") is not None
                else "plain"
            )
            ks, ke = km.span(group)
            if group == "plain" and line.startswith("?", ks):
                ks = ks + 1 + len(line[ks + 1 :]) - len(line[ks + 1 :].lstrip(" \t"))
            key_name = line[ks:ke]
            if not dashes:
                while open_keys and open_keys[-1][0] >= key_indent:
                    open_keys.pop()
            out.key(a + ks, a + ke, _section(open_keys))
            _push(open_keys, key_indent, key_name)
            pos = km.end()
            while pos < len(line) and line[pos] in " \t":
                pos += 1
            prose_key = is_prose_key(key_name)
        else:
            prose_key = prose_parent >= 0 and key_indent > prose_parent and pos > indent
        rest = line[pos:]
        if not rest:
            if key_name is not None and prose_key:
                prose_parent = indent
            continue
        if _YAML_BLOCK.match(rest):
            block_indent = indent if key_name is not None else key_indent - 1
            block_prose = prose_key
            _yaml_trailing_comment(out, line, a, pos + 1)
            continue
        first = rest[0]
        if first in "{[":
            section = _section(open_keys) if key_name else None
            _yaml_flow(out, line, a, pos, section)
            continue
        if first in "\"'":
            qm = (_YAML_DQ if first == '"' else _YAML_SQ).match(line, pos)
            assert qm is not None
            if prose_key:
                out.value(
                    a + qm.start(1), a + qm.end(1), BACKSLASH_ESCAPE if first == '"' else None
                )
            if qm.group(2):
                _yaml_trailing_comment(out, line, a, qm.end())
            else:
                quote_open = first
                quote_prose = prose_key
                quote_indent = indent
            continue
        cm = _YAML_COMMENT.search(line, pos)
        value_end = cm.start() if cm else len(line)
        if prose_key:
            out.value(a + pos, a + value_end)
        if cm:
            out.comment(a + cm.start(), b, 1)
    return out.result()


def _section(open_keys: list[tuple[int, str, str]]) -> str:
    return open_keys[-1][2] if open_keys else ""


def _push(open_keys: list[tuple[int, str, str]], column: int, name: str) -> None:
    """Open a mapping (or a list item, ``name`` ``[]``) at ``column``, with its section."""
    outer = _section(open_keys)
    if len(open_keys) >= MAX_SECTION_DEPTH or outer == UNKNOWN_SECTION:
        inner = UNKNOWN_SECTION
    elif name == "[]":
        inner = outer + "[]"
    else:
        inner = f"{outer}.{name}" if outer else name
    open_keys.append((column, name, inner))


def _find_quote_end(line: str, pos: int, quote: str) -> int:
    """Index of the closing quote in ``line`` from ``pos``, or -1."""
    i = pos
    n = len(line)
    while i < n:
        ch = line[i]
        if quote == '"' and ch == "\\":
            i += 2
            continue
        if ch == quote:
            if quote == "'" and line.startswith("''", i):
                i += 2
                continue
            return i
        i += 1
    return -1


def _yaml_trailing_comment(out: ConfigOut, line: str, a: int, pos: int) -> None:
    cm = _YAML_COMMENT.search(line, pos)
    if cm is not None:
        out.comment(a + cm.start(), a + len(line), 1)


def _yaml_flow(out: ConfigOut, line: str, a: int, pos: int, section: str | None) -> None:
    """Keys of a flow collection (``{r: 8, lora_alpha: 16}``) and a trailing comment.

    ``section``: that of the mapping a ``{`` right after a key opens; its own keys are in
    it, deeper ones (and those of a flow collection that is a list item) are unknown.
    """
    i = pos
    n = len(line)
    while i < n:  # to the trailing comment, past quoted strings
        ch = line[i]
        if ch in "\"'":
            close = _find_quote_end(line, i + 1, ch)
            i = n if close < 0 else close + 1
            continue
        if ch == "#" and line[i - 1] in " \t":
            out.comment(a + i, a + n, 1)
            break
        i += 1
    segment = line[pos:i]
    mapping = section is not None and segment.startswith("{")
    depth = 0
    scanned = 0
    for km in _YAML_FLOW_KEY.finditer(segment):
        group = 1 if km.group(1) is not None else 2 if km.group(2) is not None else 3
        depth, scanned = _flow_depth(segment, scanned, km.start(), depth), km.start()
        key_section = section if mapping and depth == 1 and section is not None else UNKNOWN_SECTION
        out.key(a + pos + km.start(group), a + pos + km.end(group), key_section)


def _flow_depth(segment: str, start: int, end: int, depth: int) -> int:
    """``depth`` (open flow collections at ``start``) updated over ``segment[start:end]``."""
    i = start
    while i < end:
        ch = segment[i]
        if ch in "\"'":
            close = _find_quote_end(segment, i + 1, ch)
            i = end if close < 0 else close + 1
            continue
        if ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
        i += 1
    return depth
