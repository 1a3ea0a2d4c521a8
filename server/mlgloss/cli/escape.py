"""Text for a terminal that a file name, a message or a glossary term cannot forge.

Paths, messages and terms come from the repository being checked: a file named
``"a.md:1:1: error[x] all is well\\n"``, or a glossary term holding ESC sequences, would
otherwise print lines that look like mlgloss's own, or recolour and erase them. Every
control character (C0 including TAB, CR and LF; DEL; C1) and every bidirectional
formatting character (the "Trojan Source" ones, which reorder what is shown) is written as
a Python-style escape (``\\x1b``, ``\\n``, ``\\u202e``); everything else is unchanged.
Only the text formats and stderr need this: JSON and SARIF escape through their encoders,
GitHub annotations through their own ``%`` escapes.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_one(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control and bidirectional formatting character escaped."""
    return _UNSAFE.sub(_escape_one, text) if _UNSAFE.search(text) else text
