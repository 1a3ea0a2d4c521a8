"""Config extractors: YAML, JSON and TOML training and tool configs.

Keys are identifiers, never prose: each is recorded in ``Extraction.keys`` with its exact
offsets (nested keys too). Comments (``#`` in YAML and TOML, ``//`` and ``/* */`` in
JSONC) are prose, except the code, settings and lists of values :mod:`comments` finds in
them, and recorded in ``Extraction.comments``. A string value is prose only
under a key that holds human text (:data:`PROSE_KEYS`) and only when it does not look like
a model ID, path, URL or identifier. Everything else is masked.

The scanners never parse: a half-typed or broken config still yields its keys and
comments. YAML is read line by line; JSON and TOML by one tokenizing regex each.
"""

from __future__ import annotations

import re

from mlgloss.analysis.document import ConfigKey, Extraction
from mlgloss.analysis.extract.comments import comment_prose
from mlgloss.analysis.extract.masking import (
    Span,
    apply_masks,
    iter_lines,
    keep_only,
    token_spans,
)
from mlgloss.analysis.limits import MAX_CONFIG_KEYS

PROSE_KEYS: frozenset[str] = frozenset(
    {
        "description",
        "desc",
        "notes",
        "note",
        "comment",
        "comments",
        "summary",
        "help",
        "title",
        "message",
        "doc",
        "docs",
        "docstring",
        "caption",
        "details",
        "explanation",
        "purpose",
        "remarks",
        "hint",
        "warning",
        "usage",
        "abstract",
    }
)
"""Keys whose string values are written for people (compared case-insensitively)."""

# A value that is one token with a path/identifier character is never prose.
_TOKEN_VALUE = re.compile(r"\S*[/_.:@\\]\S*|\S*\d\S*|[A-Za-z][a-z]+[A-Z]\w*")


def is_prose_key(name: str) -> bool:
    return name.strip().lower().replace("-", "_") in PROSE_KEYS


class _Out:
    """What a scanner collects: kept spans, masks inside them, keys and comments."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.keep: list[Span] = []
        self.masks: list[Span] = []
        self.keys: list[ConfigKey] = []
        self.comments: list[Span] = []

    def key(self, start: int, end: int) -> None:
        if end > start and len(self.keys) < MAX_CONFIG_KEYS:
            self.keys.append(ConfigKey(start, end, self.text[start:end]))

    def comment(self, start: int, end: int, marker: int) -> None:
        """A comment at ``text[start:end]`` whose first ``marker`` characters are syntax."""
        self.comments.append((start, end))
        not_prose = comment_prose(self.text, start + marker, end)
        if not_prose is None:
            return  # commented-out settings or code, or a list of values
        self.keep.append((start + marker, end))
        self.masks.extend(not_prose)
        self.masks.extend(token_spans(self.text, start + marker, end))

    def value(self, start: int, end: int, escapes: re.Pattern[str] | None = None) -> None:
        """A string value under a prose key, its quotes already excluded."""
        text = self.text
        stripped = text[start:end].strip()
        if not stripped or _TOKEN_VALUE.fullmatch(stripped):
            return
        self.keep.append((start, end))
        self.masks.extend(token_spans(text, start, end))
        if escapes is not None:
            self.masks.extend(m.span() for m in escapes.finditer(text, start, end))

    def result(self) -> Extraction:
        prose = keep_only(self.text, self.keep)
        if self.masks:
            prose = apply_masks(prose, self.masks)
        return Extraction(
            prose=prose,
            keys=tuple(sorted(self.keys, key=lambda k: k.start)),
            comments=tuple(self.comments),
        )


_BACKSLASH_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|.)", re.S)

# --------------------------------------------------------------------------- YAML

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
    out = _Out(text)
    block_indent = -1  # inside a block scalar: lines indented more than this
    block_prose = False
    prose_parent = -1  # under a prose key with no inline value: its indentation
    quote_open: str | None = None  # a quoted scalar continuing onto this line
    quote_prose = False
    quote_indent = 0
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
                out.value(a + indent, end, _BACKSLASH_ESCAPE if quote_open == '"' else None)
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
        while True:
            seq = _YAML_SEQ.match(line, pos)
            if seq is None:
                break
            pos = seq.end()
        key_indent = pos
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
            out.key(a + ks, a + ke)
            key_name = line[ks:ke]
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
            _yaml_flow(out, line, a, pos)
            continue
        if first in "\"'":
            qm = (_YAML_DQ if first == '"' else _YAML_SQ).match(line, pos)
            assert qm is not None
            if prose_key:
                out.value(
                    a + qm.start(1), a + qm.end(1), _BACKSLASH_ESCAPE if first == '"' else None
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


def _yaml_trailing_comment(out: _Out, line: str, a: int, pos: int) -> None:
    cm = _YAML_COMMENT.search(line, pos)
    if cm is not None:
        out.comment(a + cm.start(), a + len(line), 1)


def _yaml_flow(out: _Out, line: str, a: int, pos: int) -> None:
    """Keys of a flow collection (``{r: 8, lora_alpha: 16}``) and a trailing comment."""
    i = pos
    n = len(line)
    depth = 0
    while i < n:
        ch = line[i]
        if ch in "\"'":
            close = _find_quote_end(line, i + 1, ch)
            i = n if close < 0 else close + 1
            continue
        if ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
        elif ch == "#" and line[i - 1] in " \t":
            out.comment(a + i, a + n, 1)
            break
        i += 1
    segment = line[pos:i]
    for km in _YAML_FLOW_KEY.finditer(segment):
        group = 1 if km.group(1) is not None else 2 if km.group(2) is not None else 3
        out.key(a + pos + km.start(group), a + pos + km.end(group))


# --------------------------------------------------------------------------- JSON

_JSON_TOKEN = re.compile(
    r"(?P<string>\"(?:[^\"\\\r\n]|\\.)*(?:\"|(?=[\r\n])|$))"
    r"|(?P<line_comment>//[^\r\n]*)"
    r"|(?P<block_comment>/\*[\s\S]*?(?:\*/|$))"
    r"|(?P<colon>:)"
    r"|(?P<open>[{\[])"
    r"|(?P<close>[}\]])"
    r"|(?P<comma>,)"
)
_SPACE = re.compile(r"[ \t\r\n]*")


def extract_json(text: str) -> Extraction:
    out = _Out(text)
    # the key owning each open container ("" when none); the last key read at this level
    owners: list[str] = [""]
    current_key = ""
    after_colon = False
    tokens = _JSON_TOKEN.finditer(text)  # streamed with one token of look-ahead: a 50 MB
    nxt = next(tokens, None)  # minified file must not become millions of match objects
    while nxt is not None:
        m, nxt = nxt, next(tokens, None)
        kind = m.lastgroup
        if kind == "string":
            start, end = m.span()
            gap_ok = nxt is not None and not text[end : nxt.start()].strip()
            if nxt is not None and nxt.lastgroup == "colon" and gap_ok:
                current_key = text[start + 1 : end - 1] if text[end - 1] == '"' else ""
                out.key(start + 1, end - 1 if end - start > 1 and text[end - 1] == '"' else end)
                continue
            owner = current_key if after_colon else owners[-1]
            if is_prose_key(owner):
                inner_end = end - 1 if end - start > 1 and text[end - 1] == '"' else end
                out.value(start + 1, inner_end, _BACKSLASH_ESCAPE)
            after_colon = False
        elif kind == "colon":
            after_colon = True
        elif kind == "open":
            owners.append(current_key if after_colon else owners[-1])
            after_colon = False
            current_key = ""
        elif kind == "close":
            if len(owners) > 1:
                owners.pop()
            after_colon = False
        elif kind == "comma":
            after_colon = False
        elif kind == "line_comment":
            out.comment(m.start(), m.end(), 2)
        else:
            end = m.end() - 2 if m.group().endswith("*/") and m.end() - m.start() >= 4 else m.end()
            out.comments.append(m.span())
            out.keep.append((m.start() + 2, end))
            out.masks.extend(token_spans(text, m.start() + 2, end))
    return out.result()


# --------------------------------------------------------------------------- TOML

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
    out = _Out(text)
    stack: list[tuple[str, str]] = []  # open "[" / "{" and the key owning each
    key_parts: list[Span] = []  # parts of the key being read
    expect_key = True  # at the start of a line (top level) or in an inline table
    header = 0  # inside a [table] / [[array]] header: bracket depth
    current_key = ""
    line_start = True
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
                        for ks, ke in key_parts:
                            out.key(ks, ke)
                        key_parts = []
                        expect_key = False
                elif ch == "[":
                    header += 1
                continue
            if ch == "[" and at_line_start and not stack:
                header = 1
                key_parts = []
                continue
            if ch == "=" and expect_key:
                for ks, ke in key_parts:
                    out.key(ks, ke)
                if key_parts:
                    ks, ke = key_parts[-1]
                    current_key = text[ks:ke]
                key_parts = []
                expect_key = False
            elif ch in "[{":
                stack.append((ch, current_key))
                expect_key = ch == "{"
            elif ch in "]}":
                if stack:
                    stack.pop()
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
            escapes = _BACKSLASH_ESCAPE if kind in ("basic", "mlbasic") else None
            out.value(start + quote, max(body_end, start + quote), escapes)
    return out.result()
