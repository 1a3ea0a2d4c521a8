"""Where a key sits in TOML text (1-based line and column), so that every configuration
error names its file, line and key; TOML syntax errors in the same form."""

from __future__ import annotations

import bisect
import re
from pathlib import Path
from typing import TYPE_CHECKING

from mlgloss.analysis.errors import ConfigError

if TYPE_CHECKING:
    import tomllib


def key_name(key: tuple[str, ...]) -> str:
    out = ""
    for part in key:
        if part.isdigit():
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r"\"(?:[^\"\\]|\\.)*\"|'[^']*'"
_DOTTED = rf"(?:{_BARE}|{_QUOTED})(?:\s*\.\s*(?:{_BARE}|{_QUOTED}))*"
_HEADER = re.compile(rf"^\s*\[\[?\s*(?P<key>{_DOTTED})\s*\]\]?")
_ASSIGN = re.compile(rf"^\s*(?P<key>{_DOTTED})\s*=")
_PART = re.compile(rf"{_BARE}|{_QUOTED}")


def _split_key(dotted: str) -> tuple[str, ...]:
    return tuple(p.strip("\"'") for p in _PART.findall(dotted))


def locate(text: str, target: tuple[str, ...], needle: str | None) -> tuple[int, int]:
    """1-based (line, column) of the key ``target`` in TOML ``text``, found line by line.

    Falls back to the nearest enclosing key (an inline table); ``needle``, a string value,
    moves the position onto that value when it appears after the key.
    """
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    table: tuple[str, ...] = ()
    found: tuple[int, int] | None = None  # (line index, column index)
    best: tuple[int, int, int] | None = None  # (depth, line index, column index)
    for i, line in enumerate(lines):
        if m := _HEADER.match(line):
            table = _split_key(m["key"])
            path = table
        elif m := _ASSIGN.match(line):
            path = (*table, *_split_key(m["key"]))
        else:
            continue
        depth = len(path)
        if path[: len(target)] == target:
            found = (i, m.start("key"))
            break
        if target[:depth] == path and (best is None or depth > best[0]):
            best = (depth, i, m.start("key"))
    if found is None and best is not None:
        # The key sits inside an inline table opened on that line: look for it after.
        found = (best[1], best[2])
        pattern = re.compile(rf"(?<![\w-])[\"']?{re.escape(target[-1])}[\"']?\s*=")
        if m2 := pattern.search(text, starts[best[1]] + best[2]):
            found = _line_col(starts, m2.start())
    if found is None:
        return (1, 1) if not text.strip() else _fallback(text)
    if needle is not None:
        at = text.find(needle, starts[found[0]] + found[1])
        if at != -1:
            found = _line_col(starts, at - 1 if at > 0 and text[at - 1] in "\"'" else at)
    return found[0] + 1, found[1] + 1


def _line_col(starts: list[int], offset: int) -> tuple[int, int]:
    i = bisect.bisect_right(starts, offset) - 1
    return i, offset - starts[i]


def _fallback(text: str) -> tuple[int, int]:
    m = re.search(r"^\s*\[\s*tool\s*\.\s*mlgloss\s*\]", text, re.MULTILINE)
    return (text.count("\n", 0, m.start()) + 1, 1) if m else (1, 1)


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_END = re.compile(r"\s*\(at end of document\)$")


def toml_error(path: Path, text: str, exc: tomllib.TOMLDecodeError) -> ConfigError:
    message = str(exc)
    line: int | None = None
    column: int | None = None
    if m := _TOML_POSITION.search(message):
        line, column = int(m[1]), int(m[2])
        message = message[: m.start()]
    elif m := _TOML_END.search(message):
        message = message[: m.start()]
        last = text.split("\n")[-1]
        line, column = text.count("\n") + 1, len(last) + 1
    return ConfigError(f"invalid TOML: {message}", str(path), line, column)
