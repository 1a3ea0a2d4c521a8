"""The TOML config extractor: keys with their sections, comments, human-text values.

One tokenizing regex, never a parse: a broken file still yields its keys. A key's section
is its table (``[a.b]``; ``[[a.b]]`` items are ``a.b[]``), the dotted parts before it and
the inline tables and arrays it sits in.
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
    section_of,
)
from mlgloss.analysis.extract.masking import Span

_TOML_TOKEN = re.compile(
    r"(?P<newline>\r\n|\r|\n)"
    r"|(?P<comment>#[^\r\n]*)"
    r"|(?P<mlbasic>\"\"\"(?:[^\\]|\\[\s\S])*?(?:\"\"\"\"{0,2}|$))"
    r"|(?P<mlliteral>'''[\s\S]*?(?:''''{0,2}|$))"
    r"|(?P<basic>\"(?:[^\"\\\r\n]|\\.)*(?:\"|(?=[\r\n])|$))"
    r"|(?P<literal>'[^'\r\n]*(?:'|(?=[\r\n])|$))"
    r"|(?P<bare>[A-Za-z0-9_-]+)"
    r"|(?P<punct>[=.,\[\]{}])"
)


def extract_toml(text: str) -> Extraction:
    out = ConfigOut(text)
    stack: list[tuple[str, str]] = []  # open "[" / "{" and the key owning each
    key_parts: list[Span] = []  # parts of the key being read
    array_table = False  # the header being read is [[...]]
    expect_key = True  # at the start of a line (top level) or in an inline table
    header = 0  # inside a [table] / [[array]] header: bracket depth
    current_key = ""
    line_start = True
    table: list[str] = []  # the [table] the lines are in ("[]" after an [[array]] name)
    inline: list[list[str]] = []  # per open "[" / "{": the section parts it adds
    assigned: list[str] = []  # the dotted key whose value is being read

    def record(parts: list[Span], base: list[str]) -> list[str]:
        names: list[str] = []
        for ks, ke in parts:
            deep = len(base) + len(names) > MAX_SECTION_DEPTH
            out.key(ks, ke, UNKNOWN_SECTION if deep else section_of(base + names))
            names.append(text[ks:ke])
        return names

    def inline_path() -> list[str]:
        if len(inline) > MAX_SECTION_DEPTH:
            return [UNKNOWN_SECTION] * (MAX_SECTION_DEPTH + 1)  # past the depth: unknown
        return [p for part in inline for p in part]

    for m in _TOML_TOKEN.finditer(text):
        kind = m.lastgroup
        start, end = m.span()
        if kind == "newline":
            if not stack:
                expect_key = True
                key_parts = []
            line_start = True
            header = 0
            continue
        if kind == "comment":
            out.comment(start, end, 1)
            continue
        at_line_start = line_start
        line_start = False
        if kind == "punct":
            ch = m.group()
            if header:
                if ch == "]":
                    header -= 1
                    if header == 0:
                        table = record(key_parts, [])
                        if array_table:
                            table.append("[]")
                        key_parts = []
                        expect_key = False
                elif ch == "[":
                    header += 1
                    array_table = True
                continue
            if ch == "[" and at_line_start and not stack:
                header = 1
                array_table = False
                key_parts = []
                continue
            if ch == "=" and expect_key:
                assigned = record(key_parts, table + inline_path())
                if key_parts:
                    ks, ke = key_parts[-1]
                    current_key = text[ks:ke]
                key_parts = []
                expect_key = False
            elif ch in "[{":
                in_array = bool(stack) and stack[-1][0] == "["
                added = [] if in_array else assigned
                assigned = []
                inline.append([*added, "[]"] if ch == "[" else added)
                stack.append((ch, current_key))
                expect_key = ch == "{"
            elif ch in "]}":
                if stack:
                    stack.pop()
                    inline.pop()
                expect_key = False
            elif ch == "," and stack and stack[-1][0] == "{":
                expect_key = True
            continue
        if kind in ("bare", "basic", "literal") and (expect_key or header):
            if kind == "bare":
                key_parts.append((start, end))
            else:
                close = end - 1 if end - start > 1 and text[end - 1] in "\"'" else end
                key_parts.append((start + 1, close))
            continue
        if kind in ("basic", "literal", "mlbasic", "mlliteral"):
            owner = current_key if not stack or stack[-1][0] == "{" else stack[-1][1]
            if not is_prose_key(owner):
                continue
            quote = 3 if kind.startswith("ml") else 1
            body_end = (
                end - quote if text[end - 1 : end] in "\"'" and end - start >= 2 * quote else end
            )
            escapes = BACKSLASH_ESCAPE if kind in ("basic", "mlbasic") else None
            out.value(start + quote, max(body_end, start + quote), escapes)
    return out.result()
