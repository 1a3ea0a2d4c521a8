"""The ``config_tools`` setting's globs: which tool reads the files under one config's root.

Globs follow gitignore's shape: ``*`` and ``?`` stay within a path segment, ``**`` spans
segments, a glob without a ``/`` (other than a trailing one) matches a file's name at any
depth, a leading ``/`` anchors it at the root, and a trailing ``/`` (or a match of a
directory) takes in everything below. Matching is on ``/``-separated paths relative to the
root, so it is the same on every platform.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path


class InvalidGlob(ValueError):
    """A ``config_tools`` glob that cannot be read."""


def glob_pattern(glob: str) -> re.Pattern[str]:
    """The regular expression a relative path must fully match (raises :class:`InvalidGlob`)."""
    text = glob.strip()
    if not text or text in ("/", "!") or text.startswith("!") or text.endswith("\\"):
        raise InvalidGlob(glob)
    directory = text.endswith("/")
    text = text.strip("/") if text.startswith("/") else text.rstrip("/")
    anchored = glob.strip().startswith("/") or "/" in text
    out = []
    i = 0
    while i < len(text):
        if text.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif text.startswith("**", i):
            out.append(".*")
            i += 2
        elif text[i] == "*":
            out.append("[^/]*")
            i += 1
        elif text[i] == "?":
            out.append("[^/]")
            i += 1
        elif text[i] == "\\":
            out.append(re.escape(text[i + 1]))
            i += 2
        else:
            out.append(re.escape(text[i]))
            i += 1
    body = "".join(out)
    prefix = "" if anchored else "(?:.*/)?"
    suffix = "/.*" if directory else "(?:/.*)?"
    return re.compile(prefix + body + suffix, re.DOTALL)


@dataclass(frozen=True, slots=True)
class ToolGlobs:
    """The ``config_tools`` table of one config file: globs (relative to ``root``) → tool id."""

    root: Path
    patterns: tuple[tuple[str, str], ...] = ()
    _compiled: tuple[tuple[re.Pattern[str], str], ...] = field(
        init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        compiled = tuple((glob_pattern(glob), tool) for glob, tool in self.patterns)
        object.__setattr__(self, "_compiled", compiled)

    def tool_for(self, path: Path) -> str | None:
        """The tool the first glob matching ``path`` names; None when none matches."""
        if not path.is_relative_to(self.root):
            return None
        rel = path.relative_to(self.root).as_posix()
        for pattern, tool in self._compiled:
            if pattern.fullmatch(rel):
                return tool
        return None
