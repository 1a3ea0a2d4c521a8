"""Gitignore patterns (``.gitignore`` lines, ``include``/``exclude`` globs) matched in
polynomial time: git's wildmatch semantics without its backtracking.

A pattern is split at ``/`` into segments. Within a segment ``*`` matches any run of
characters, ``?`` one character, ``[...]`` one character of a class (``!``/``^`` negates,
ranges, ``[:alpha:]``-style classes, ``\\`` escapes); a ``**`` segment matches any number of
whole directories (at the end of a pattern: at least one, so ``a/**`` is everything *inside*
``a``). A pattern with a ``/`` before its end is anchored to its base directory, one without
matches a path's last component at any depth; a trailing ``/`` matches directories only;
``!`` negates, and the last matching pattern of a list decides.

Why it cannot blow up: a ``*`` (or ``**``) splits its segment (or its path) into chunks of
fixed width, one character (or component) per atom. The first chunk must match at the
start, the last at the end, and each chunk between is taken at its *leftmost* place after
the previous one: with fixed-width chunks the leftmost place is never worse than a later
one, so no choice is ever revisited. Each chunk is a regular expression without
quantifiers, so a search costs at most (text length x chunk length). Matching a path is
therefore O(len(pattern) x len(path)) in the worst case, whatever the number of stars.

A ``[`` without its closing ``]`` is taken literally (as fnmatch and pathspec do; git's own
wildmatch would never match such a pattern). A pattern ending in a lone ``\\`` is invalid.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_CLASSES = {
    "alnum": "a-zA-Z0-9",
    "alpha": "a-zA-Z",
    "blank": " \\t",
    "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9",
    "graph": "!-~",
    "lower": "a-z",
    "print": " -~",
    "punct": "!-/:-@\\[-`{-~",
    "space": " \\t\\n\\r\\f\\v",
    "upper": "A-Z",
    "xdigit": "0-9A-Fa-f",
}


class InvalidPattern(ValueError):
    """A pattern git would not accept (a lone trailing backslash, an unknown ``[:class:]``)."""


def _bracket(segment: str, i: int) -> tuple[str, int] | None:
    """The regex class for the ``[`` at ``segment[i]`` and the index past its ``]``; None
    when it is not closed (then the ``[`` is a literal)."""
    j = i + 1
    negate = j < len(segment) and segment[j] in "!^"
    if negate:
        j += 1
    parts: list[str] = []
    first = True
    while j < len(segment):
        c = segment[j]
        if c == "]" and not first:
            body = "".join(parts)
            if not body:  # only reversed ranges: nothing (or, negated, anything)
                return ("[^/]" if negate else "(?!)"), j + 1
            return (f"[^{body}/]" if negate else f"[{body}]"), j + 1
        first = False
        if c == "[" and segment.startswith("[:", j):
            end = segment.find(":]", j + 2)
            if end != -1:
                name = segment[j + 2 : end]
                if name not in _CLASSES:
                    raise InvalidPattern(f"unknown character class [:{name}:]")
                parts.append(_CLASSES[name])
                j = end + 2
                continue
        if c == "\\":
            j += 1
            if j >= len(segment):
                return None
            c = segment[j]
        if j + 2 < len(segment) and segment[j + 1] == "-" and segment[j + 2] != "]":
            high = segment[j + 2]
            k = j + 2
            if high == "\\" and k + 1 < len(segment):
                k += 1
                high = segment[k]
            if high >= c:
                parts.append(f"{re.escape(c)}-{re.escape(high)}")
            j = k + 1
            continue
        parts.append(re.escape(c))
        j += 1
    return None


@dataclass(frozen=True, slots=True)
class _Chunk:
    """A run of fixed-width atoms between two stars: width and compiled form."""

    width: int
    literal: str | None  # the chunk as plain text, when it has no wildcard
    regex: re.Pattern[str]


def _chunk(atoms: Sequence[str], literal: bool) -> _Chunk:
    source = "".join(atoms)
    plain = "".join(re.sub(r"\\(.)", r"\1", a) for a in atoms) if literal else None
    return _Chunk(len(atoms), plain, re.compile(source, re.DOTALL))


def _ends_with_star(segment: str) -> bool:
    """Whether the segment ends in an unescaped ``*``."""
    if not segment.endswith("*"):
        return False
    body = segment.rstrip("*")
    run = len(body) - len(body.rstrip("\\"))
    return run % 2 == 0


@dataclass(frozen=True, slots=True)
class Glob:
    """One segment (no ``/``): fixed-width chunks separated by ``*``."""

    chunks: tuple[_Chunk, ...]
    leading_star: bool
    trailing_star: bool

    @classmethod
    def compile(cls, segment: str) -> Glob:
        chunks: list[_Chunk] = []
        atoms: list[str] = []
        literal = True
        leading = False
        i = 0
        while i < len(segment):
            c = segment[i]
            if c == "*":
                while i < len(segment) and segment[i] == "*":
                    i += 1
                if not chunks and not atoms:
                    leading = True
                else:
                    chunks.append(_chunk(atoms, literal))
                atoms, literal = [], True
                continue
            if c == "?":
                atoms.append("[^/]")
                literal = False
            elif c == "[" and (bracket := _bracket(segment, i)) is not None:
                atoms.append(bracket[0])
                literal = False
                i = bracket[1]
                continue
            elif c == "\\":
                if i + 1 >= len(segment):
                    raise InvalidPattern("a pattern cannot end in a lone backslash")
                i += 1
                atoms.append(re.escape(segment[i]))
            else:
                atoms.append(re.escape(c))
            i += 1
        trailing = _ends_with_star(segment)
        if atoms or not trailing:
            chunks.append(_chunk(atoms, literal))
        return cls(tuple(chunks), leading, trailing)

    def matches(self, text: str) -> bool:
        chunks = self.chunks
        if not self.leading_star and not self.trailing_star and len(chunks) == 1:
            only = chunks[0]
            if only.literal is not None:
                return text == only.literal
            return len(text) == only.width and only.regex.fullmatch(text) is not None
        start, end = 0, len(text)
        middle = list(chunks)
        if not self.leading_star:
            first = middle.pop(0)
            if first.width > end or first.regex.match(text, 0, first.width) is None:
                return False
            start = first.width
        if not self.trailing_star and middle:
            last = middle.pop()
            if end - last.width < start:
                return False
            if last.regex.match(text, end - last.width, end) is None:
                return False
            end -= last.width
        for chunk in middle:
            found = chunk.regex.search(text, start, end)
            if found is None:
                return False
            start = found.end()
        return start <= end


_STARSTAR = None  # a `**` segment: any number of directories


@dataclass(frozen=True, slots=True)
class Pattern:
    """One gitignore line, compiled."""

    source: str
    negated: bool
    dir_only: bool
    anchored: bool
    segments: tuple[Glob | None, ...]  # None: a `**` segment

    def matches(self, parts: Sequence[str], is_dir: bool) -> bool:
        """Whether the path ``parts`` (components relative to the base) itself matches."""
        if self.dir_only and not is_dir:
            return False
        if not parts:
            return False
        if not self.anchored:
            glob = self.segments[0]
            return glob is None or glob.matches(parts[-1])
        return _match_segments(self.segments, parts)

    def matches_with_parents(self, parts: Sequence[str], is_dir: bool) -> bool:
        """Whether the path or one of its directories matches."""
        if self.matches(parts, is_dir):
            return True
        if not self.anchored:
            glob = self.segments[0]
            return any(glob is None or glob.matches(p) for p in parts[:-1])
        if None not in self.segments:  # fixed width: one directory can match
            width = len(self.segments)
            return width < len(parts) and self.matches(parts[:width], True)
        return any(self.matches(parts[:depth], True) for depth in range(1, len(parts)))


def _match_segments(segments: Sequence[Glob | None], parts: Sequence[str]) -> bool:
    """Greedy matching of segments over components; ``**`` segments are the stars."""
    chunks: list[list[Glob]] = [[]]
    for segment in segments:
        if segment is None:
            chunks.append([])
        else:
            chunks[-1].append(segment)
    leading = segments[0] is None
    trailing = segments[-1] is None
    start, end = 0, len(parts)

    def fits(chunk: list[Glob], at: int) -> bool:
        return all(g.matches(parts[at + k]) for k, g in enumerate(chunk))

    if len(chunks) == 1:
        return len(parts) == len(chunks[0]) and fits(chunks[0], 0)
    middle = chunks
    first = middle.pop(0)
    if not leading or first:
        if len(first) > end or not fits(first, 0):
            return False
        start = len(first)
    last = middle.pop()
    if trailing:
        end -= 1  # a trailing `**` matches at least one component
        if end < start:
            return False
    else:
        if end - len(last) < start or not fits(last, end - len(last)):
            return False
        end -= len(last)
    for chunk in middle:
        while start + len(chunk) <= end and not fits(chunk, start):
            start += 1
        if start + len(chunk) > end:
            return False
        start += len(chunk)
    return start <= end


def _strip_trailing_spaces(line: str) -> str:
    stripped = line.rstrip(" ")
    if stripped != line and stripped.endswith("\\"):
        # `\ ` keeps one escaped space (count the backslashes: an even run escapes itself).
        run = len(stripped) - len(stripped.rstrip("\\"))
        if run % 2 == 1:
            return stripped + " "
    return stripped


def compile_pattern(line: str) -> Pattern | None:
    """The pattern of one gitignore line; None for blank lines and comments."""
    line = line.rstrip("\r\n")
    if not line or line.startswith("#"):
        return None
    line = _strip_trailing_spaces(line)
    if not line:
        return None
    negated = line.startswith("!")
    body = line[1:] if negated else line
    if body.startswith(("\\!", "\\#")):
        body = body[1:]
    dir_only = body.endswith("/")
    body = body.rstrip("/") if dir_only else body
    if not body:
        return None
    anchored = "/" in body
    body = body.removeprefix("/")
    if not body:
        return None
    raw = body.split("/")
    segments: list[Glob | None] = []
    for segment in raw:
        if segment == "**":
            if segments and segments[-1] is None:
                continue  # `a/**/**/b` is `a/**/b`
            segments.append(_STARSTAR)
        elif segment == "":
            continue  # `a//b` is `a/b`
        else:
            segments.append(Glob.compile(segment))
    if not anchored and segments[0] is None:
        segments = [Glob.compile("*")]
    return Pattern(line, negated, dir_only, anchored, tuple(segments))


class PatternList:
    """The patterns of one ``.gitignore`` (or one ``include``/``exclude`` list)."""

    __slots__ = ("patterns",)

    def __init__(self, patterns: Iterable[Pattern]) -> None:
        self.patterns = tuple(patterns)

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> PatternList:
        """Raises :class:`InvalidPattern` for a line git would refuse."""
        return cls(p for p in map(compile_pattern, lines) if p is not None)

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def decide(self, parts: Sequence[str], is_dir: bool) -> bool | None:
        """True (matched), False (matched by a negation) or None, for the path itself.

        Its directories are not looked at: a walker asks about each directory before it
        enters it (:meth:`decide_with_parents` asks about them all).
        """
        for pattern in reversed(self.patterns):
            if pattern.matches(parts, is_dir):
                return not pattern.negated
        return None

    def decide_with_parents(self, parts: Sequence[str], is_dir: bool) -> bool | None:
        """Like :meth:`decide`, but a matched directory decides for everything in it, as in
        git: a file in an ignored directory is ignored whatever a later pattern says."""
        for depth in range(1, len(parts)):
            if self.decide(parts[:depth], True):
                return True
        return self.decide(parts, is_dir)

    def matches(self, parts: Sequence[str], is_dir: bool) -> bool:
        return bool(self.decide_with_parents(parts, is_dir))

    def matches_or_parent(self, parts: Sequence[str], is_dir: bool) -> bool:
        """Whether the last pattern that matches the path or one of its directories is not
        a negation (``include = ["docs/"]`` takes every file under ``docs``)."""
        for pattern in reversed(self.patterns):
            if pattern.matches_with_parents(parts, is_dir):
                return not pattern.negated
        return False
