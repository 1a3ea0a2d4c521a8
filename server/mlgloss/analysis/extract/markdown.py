"""Markdown extractor (``.md``, ``.mdx``, ``.markdown``, Hugging Face doc-builder dialect).

Two passes keep it fast. A block scanner (:mod:`markdown_blocks`, which finds the blocks
markdown-it-py's CommonMark block parser finds) says which lines are paragraphs, headings,
table rows and HTML blocks; every other line (fenced and indented code, reference
definitions, front matter, rules) is masked. Then, a run of blocks at a time (about 64 K
characters: the kept text and the prose are never whole in memory together), one regex
pass over the kept text masks the inline syntax that is not prose: code spans, math,
autolinks, HTML tags and comments, MDX comments, link destinations and titles, doc-builder
directives (``[[autodoc]]``), entities; and a second pass masks URLs, paths, model IDs and
identifiers (:data:`masking.TOKEN_RE`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mlgloss.analysis.document import MASK, Extraction
from mlgloss.analysis.extract.markdown_blocks import HEADING, PARAGRAPH, TABLE_ROW, scan_blocks
from mlgloss.analysis.extract.masking import (
    Span,
    apply_masks_taking,
    keep_only,
    line_starts,
    mask_piece,
    token_spans,
)
from mlgloss.analysis.extract.stand_ins import beyond_bmp, join_narrowed

_RUN = 1 << 16
"""Characters of kept blocks read at a time (see :func:`_block_runs`)."""
_FRONT_MATTER_OPEN = re.compile(r"(---|\+\+\+)[ \t]*(?:\r\n|\r|\n)")

# Paragraphs that are not prose, matched at their start: a doc-builder directive
# (``[[autodoc]] peft.LoraConfig`` plus its member list), a BibTeX entry pasted as a
# paragraph (``@misc{key, title={…}, …}``: a citation), and outside every container an MDX
# ESM statement (``import X from "y"``, ``export const``).
_NOT_PROSE = re.compile(
    r"\[\[autodoc\]\]|@[A-Za-z]+\{[^,\s]*,"
    r"|(?P<esm>import\s+(?:[\w*{}\s,]+\s+from\s*)?[\"']"
    r"|export\s+(?:const|let|var|function|default|class)\b|export\s*[{*])"
)

_NO_BLANK = r"(?:[^\x00\n]|\n(?![ \t]*(?:\n|$)))"
# One pass over the kept text. Every construct starts with one of the characters of the
# leading class (so the regex engine can skip ahead fast); lookbehinds then pick the
# construct that starts with that character.
_INLINE = re.compile(
    r"[<{`$\\\]\[&](?:"
    # after "<": HTML comment (recorded), code-only elements, autolinks, tags, declarations
    r"(?<=<)(?:(?P<comment>!--[^\x00]*?-->)"
    r"|(?P<raw>(?i:(?P<rawtag>pre|script|style|textarea|code|svg|math))\b[^>\x00]*>"
    r"[^\x00]*?</(?i:(?P=rawtag))\s*>)"
    r"|(?P<autolink>(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>\x00]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>)"
    r"|(?P<tag>/?[A-Za-z][\w:.-]*(?:[\s/](?:[^<>\"'{}\x00\n]|\n(?![ \t]*\n)|\"[^\"\x00]*\""
    r"|'[^'\x00]*'|\{[^{}\x00]*\})*)?>|![A-Za-z][^>\x00]*>|\?[^\x00]*?\?>))"
    # after "{": MDX comment {/* … */} (recorded)
    r"|(?<=\{)(?P<mdxcomment>/\*[^\x00]*?\*/\})"
    # after "`": a code span of any backtick run length
    r"|(?<=`)(?P<code>(?P<ticks>`*)(?!`)" + _NO_BLANK + r"+?(?<!`)`(?P=ticks)(?!`))"
    # after "$": $$…$$ and $…$ (no space inside the dollars, no digit after: not "$5")
    r"|(?<=\$)(?P<math>\$[^\x00]+?\$\$"
    r"|(?<![\w$\\]\$)(?=[^\s$])(?:[^$\x00\n]|\n(?![ \t]*\n))*?[^\s\\$]\$(?![\w$]))"
    # after "\": \(…\), \[…\] and doc-builder's \\(…\\), \\[…\\]; other escapes are prose
    r"|(?<=\\)(?:(?P<texmath>\\?\(" + _NO_BLANK + r"+?\\\\?\)|\\?\[" + _NO_BLANK + r"+?\\\\?\])"
    r"|(?P<escape>[!-/:-@\[-`{-~]))"
    # after "]": a link's destination and title, or a full reference link's label
    r"|(?<=\])(?:(?P<dest>\((?:[ \t]*\n?[ \t]*<[^<>\n\x00]*>|[ \t]*\n?[ \t]*[^\s()\x00]*"
    r"(?:\([^\s()\x00]*\)[^\s()\x00]*)*)(?:\s+(?:\"[^\"\x00]*\"|'[^'\x00]*'|\([^()\x00]*\)))?"
    r"\s*\))|(?P<label>\[[^\]\x00\n]+\]))"
    # after "[": doc-builder directives and anchors ([[autodoc]], ## T[[id]]), call-outs
    r"|(?<=\[)(?P<directive>\[[^\[\]\x00\n]*\]\]|![A-Za-z]+\])"
    # after "&": character references (&nbsp; &#169;)
    r"|(?<=&)(?P<entity>#\d{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)"
    r")"
)


def front_matter_end(text: str) -> int:
    """Offset just past a YAML (``---``) or TOML (``+++``) front matter block, or 0."""
    m = _FRONT_MATTER_OPEN.match(text)
    if m is None:
        return 0
    fence = m.group(1)
    closers = (fence, "...") if fence == "---" else (fence,)
    pos = m.end()
    while pos < len(text):
        nl = _next_line_end(text, pos)
        if text[pos:nl].rstrip(" \t") in closers:
            return nl
        pos = _skip_newline(text, nl)
    return 0


def _next_line_end(text: str, pos: int) -> int:
    n = text.find("\n", pos)
    r = text.find("\r", pos, n if n >= 0 else len(text))
    if r >= 0:
        return r
    return n if n >= 0 else len(text)


def _skip_newline(text: str, pos: int) -> int:
    if text.startswith("\r\n", pos):
        return pos + 2
    if pos < len(text):
        return pos + 1
    return pos


def _heading_span(text: str, start: int, end: int, content: str) -> Span | None:
    """The span of a heading's text inside the lines ``text[start:end]``."""
    if "\n" in content:
        first = content.split("\n", 1)[0].strip()
        last = content.rsplit("\n", 1)[-1].strip()
    else:
        first = last = content.strip()
    if not first:
        return None
    at = text.find(first, start, end)
    if at < 0:
        return None
    last_at = text.rfind(last, at, end) if last else -1
    stop = last_at + len(last) if last_at >= 0 else at + len(first)
    return (at, stop)


def _masked_lines(piece: str) -> str:
    """:func:`masking.mask_piece`, faster on the many lines of code between kept blocks."""
    if "\r" in piece:
        return mask_piece(piece)
    return "\n".join(map(MASK.__mul__, map(len, piece.split("\n"))))


def _keep_blocks(text: str, blocks: list[tuple[int, int, int]]) -> str:
    """:func:`masking.keep_only` for blocks in document order, which need no sorting."""
    pieces: list[str] = []
    pos = 0  # the end of what is copied or masked so far
    run = 0  # the start of the current run of kept text
    for start, end, _ in blocks:
        if start < pos:
            return keep_only(text, [(s, e) for s, e, _ in blocks])
        if start > pos and text.count("\n", pos, start) < start - pos:  # not just line breaks
            pieces.append(text[run:pos])
            pieces.append(_masked_lines(text[pos:start]))
            run = start
        pos = end
    pieces.append(text[run:pos])
    pieces.append(_masked_lines(text[pos:]))
    return join_narrowed(pieces, beyond_bmp(text))


def _inline_masks(
    candidate: str, blocks: list[tuple[int, int, int]]
) -> tuple[list[Span], list[Span]]:
    """The inline syntax in the kept blocks (see :data:`_INLINE`), and the comments in it.

    Inline syntax never crosses a block: each block is read as if on its own, so an
    unclosed "<!--" in a paragraph cannot mask the rest of the document (CommonMark ends
    inline HTML with its paragraph), and a block's prose depends on that block alone. For
    speed the regex runs over all the blocks at once; a match that runs past the end of its
    block is dropped and that block's rest read again on its own, which gives what reading
    each block on its own gives (the text between blocks is masked, so no match starts
    there). A block read ``times`` times (a table row, once per cell as markdown-it made
    an inline token per cell) records its comments that many times.
    """
    masks: list[Span] = []
    comments: list[Span] = []
    if not blocks:
        return masks, comments
    k = 0
    _, end, times = blocks[0]
    pending: list[Span] = []  # the comments of a block read more than once

    def record(m: re.Match[str]) -> None:
        group = m.lastgroup
        if group == "escape":
            return
        if group == "dest" or group == "label":
            masks.append((m.start() + 1, m.end()))  # keep the "]" of the link text
        else:
            masks.append(m.span())
            if group == "comment" or group == "mdxcomment":
                (comments if times == 1 else pending).append(m.span())

    pos, stop = blocks[0][0], blocks[-1][1]
    while True:
        crossing = None
        for m in _INLINE.finditer(candidate, pos, stop):
            at = m.start()
            while at >= end:
                if pending:
                    comments.extend(pending * times)
                    pending = []
                k += 1
                _, end, times = blocks[k]
            if m.end() > end:
                crossing = at
                break
            record(m)
        if crossing is None:
            break
        for m in _INLINE.finditer(candidate, crossing, end):
            record(m)
        pos = end
    if pending:
        comments.extend(pending * times)
    return masks, comments


def extract_markdown(text: str, top_level_starts: list[int] | None = None) -> Extraction:
    """The prose of a Markdown document; see the module docstring for what is masked.

    ``top_level_starts``, if given, gets the offsets where a top-level block starts (see
    :func:`markdown_blocks.scan_blocks`).
    """
    fm_end = front_matter_end(text)
    # the front matter's lines are read as blank lines
    first_line = len(line_starts(text[:fm_end])) if fm_end else 0
    blocks: list[tuple[int, int, int]] = []  # kept: start, end, times read
    headings: list[Span] = []
    for kind, start, end, content, extra in scan_blocks(text, first_line, top_level_starts):
        if kind == PARAGRAPH:
            skip = _NOT_PROSE.match(content)
            if skip is not None and (extra or skip.lastgroup != "esm"):
                continue
        elif kind == HEADING:
            span = _heading_span(text, start, end, content)
            if span is not None:
                headings.append(span)
        elif kind == TABLE_ROW:
            blocks.append((start, end, extra))
            continue
        blocks.append((start, end, 1))

    comments: list[Span] = []
    pieces = [
        _run_prose(text, start, end, run, comments) for start, end, run in _block_runs(text, blocks)
    ]
    del blocks
    # Each run's prose is narrowed already (masking.apply_masks_taking).
    prose = "".join(pieces) if pieces else _masked_lines(text)
    return Extraction(prose=prose, headings=tuple(headings), comments=tuple(comments))


def _block_runs(
    text: str, blocks: list[tuple[int, int, int]]
) -> Iterator[tuple[int, int, list[tuple[int, int, int]]]]:
    """The kept blocks in runs of about :data:`_RUN` characters, each with the span of text
    it is read in; the spans part the whole text.

    A run ends just after the line break that ends its last block, which reaches furthest.
    Inline syntax never crosses a block, tokens never hold a line break, and every
    look-behind or look-ahead of the inline and token patterns reads one character, which
    at a run's start would be that line break: read on its own, each run finds what reading
    the whole candidate finds, and the candidate is never whole in memory beside the prose
    (a test reads documents in runs of 1 to 200 characters against the whole).
    """
    run: list[tuple[int, int, int]] = []
    run_start = 0
    reach = 0  # the furthest end of the run's blocks
    for block in blocks:
        start = block[0]
        if (
            run
            and start - run[0][0] >= _RUN
            and start > reach == run[-1][1]
            and text[reach] == "\n"
        ):
            yield run_start, reach + 1, run
            run, run_start = [], reach + 1
        run.append(block)
        reach = max(reach, block[1])
    if run:
        yield run_start, len(text), run


def _run_prose(
    text: str, start: int, end: int, run: list[tuple[int, int, int]], comments: list[Span]
) -> str:
    """The prose of ``text[start:end]``, which holds the blocks of ``run``; their comments
    are added to ``comments``."""
    shifted = [(s - start, e - start, times) for s, e, times in run]
    candidate = [_keep_blocks(text[start:end], shifted)]  # a holder: freed before the join
    masks, found = _inline_masks(candidate[0], shifted)
    comments.extend((s + start, e + start) for s, e in found)
    masks.extend(token_spans(candidate[0]))
    return apply_masks_taking(candidate, masks)
