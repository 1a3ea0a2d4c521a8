"""The JSON (and JSONC) config extractor: keys with their sections, comments, prose values.

One tokenizing regex, streamed with one token of look-ahead, never a parse: a broken or
half-typed file still yields its keys. ``//`` and ``/* */`` comments are prose.
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
from mlgloss.analysis.extract.masking import token_spans

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
    out = ConfigOut(text)
    # the key owning each open container ("" when none); the last key read at this level
    owners: list[str] = [""]
    # the parts of the section each open container adds: [key], [key, "[]"], ["[]"] or []
    parts: list[list[str]] = []
    path: list[str] = []
    section = ""  # section_of(path), kept up to date
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
                key_end = end - 1 if end - start > 1 and text[end - 1] == '"' else end
                out.key(start + 1, key_end, section)
                continue
            owner = current_key if after_colon else owners[-1]
            if is_prose_key(owner):
                inner_end = end - 1 if end - start > 1 and text[end - 1] == '"' else end
                out.value(start + 1, inner_end, BACKSLASH_ESCAPE)
            after_colon = False
        elif kind == "colon":
            after_colon = True
        elif kind == "open":
            added = [current_key] if after_colon and current_key else []
            if m.group() == "[":
                added.append("[]")
            parts.append(added)
            if added:
                path.extend(added)
                section = section_of(path) if len(path) <= MAX_SECTION_DEPTH else UNKNOWN_SECTION
            owners.append(current_key if after_colon else owners[-1])
            after_colon = False
            current_key = ""
        elif kind == "close":
            if len(owners) > 1:
                owners.pop()
            if parts and (removed := len(parts.pop())):
                del path[len(path) - removed :]
                section = section_of(path) if len(path) <= MAX_SECTION_DEPTH else UNKNOWN_SECTION
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
