"""Definition text: whitespace normalisation and re-joining lines a scrape broke apart."""

from __future__ import annotations

from collections.abc import Iterable

_OPENERS = "([{"


def normalise_space(text: str) -> str:
    """Collapse every run of whitespace to one space and trim the ends."""
    return " ".join(text.split())


def join_broken_lines(pieces: Iterable[str]) -> str:
    """Join pieces of one paragraph that a scrape split onto several lines.

    Pieces are joined with a space, except after an opening bracket: a scrape that turned
    inline code into line breaks leaves ``(`` at the end of one line and
    ``do_sample=True)`` at the start of the next, which must read ``(do_sample=True)``.
    A piece that starts with punctuation keeps its space (``with .map()/.filter()``): the
    punctuation there is code, not the end of the sentence before it.
    """
    joined = ""
    for piece in pieces:
        part = normalise_space(piece)
        if not part:
            continue
        if not joined or joined[-1] in _OPENERS:
            joined += part
        else:
            joined += " " + part
    return joined
