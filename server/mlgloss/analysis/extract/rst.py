"""reStructuredText extractor (``.rst``).

Read line by line. Masked: literal blocks (after ``::``), section adornments, directive
markers and arguments (``.. image:: path``; the title of an admonition-like directive is
prose), directive options (``:maxdepth: 2``), the bodies of code-like directives,
comments (``..``, recorded in ``Extraction.comments``), hyperlink targets and substitution
definitions, doctest blocks, field names, table borders; inline: literals (````x````),
roles (``:class:`Foo```), interpreted text, link URIs (``<https://…>``), substitution
references, plus the URLs and identifiers of :mod:`masking`. Section titles are recorded
as headings.
"""

from __future__ import annotations

import re

from mlgloss.analysis.document import Extraction
from mlgloss.analysis.extract.masking import Span, apply_masks, iter_lines, token_spans

_ADORNMENT = re.compile(r"([!-/:-@\[-`{-~])\1{2,}[ \t]*$")
_EXPLICIT = re.compile(r"\.\.(?:[ \t]+|$)")
_DIRECTIVE = re.compile(r"\.\.[ \t]+(?:\|[^|]+\|[ \t]+)?([\w:+-]+)::(?:[ \t]+|$)")
_TARGET = re.compile(r"\.\.[ \t]+(?:_[^:]*:|__:)")
_FOOTNOTE = re.compile(r"\.\.[ \t]+\[[^\]]+\][ \t]*")
_OPTION = re.compile(r"[ \t]*:[\w -]+:(?:[ \t].*)?$")
_FIELD = re.compile(r"[ \t]*:[^:\s][^:]*:(?=[ \t]|$)")
_DOCTEST = re.compile(r"[ \t]*>>>")
_TABLE_BORDER = re.compile(r"[ \t]*[+|=-][-+=| \t]*$")
# Directives whose argument is a title written for readers.
_PROSE_ARGUMENT = frozenset(
    {
        "note",
        "warning",
        "tip",
        "hint",
        "important",
        "caution",
        "danger",
        "attention",
        "error",
        "admonition",
        "seealso",
        "topic",
        "rubric",
        "sidebar",
        "deprecated",
        "versionadded",
        "versionchanged",
        "todo",
        "table",
        "figure",
        "container",
    }
)
# Directives whose body is prose (the rest have code, options or paths in their bodies).
_PROSE_BODY = _PROSE_ARGUMENT | frozenset(
    {
        "only",
        "centered",
        "glossary",
        "epigraph",
        "highlights",
        "pull-quote",
        "compound",
        "list-table",
    }
)
_INLINE = re.compile(
    r"``[^`]+?``"  # inline literal
    r"|:[\w:.+-]+:`[^`]+`"  # role
    r"|(?<=`)[^`<]*?(<[^<>`]+>)(?=`__?)"  # the URI of `text <uri>`_
    r"|(?<![\w`])`[^`<]+`(?![_`])"  # interpreted text (default role)
    r"|\|[^|\s][^|]*\|_{0,2}"  # substitution reference
    r"|\[[#*\w-]*\]_"  # footnote / citation reference
)


def extract_rst(text: str) -> Extraction:
    masks: list[Span] = []
    comments: list[Span] = []
    headings: list[Span] = []
    lines = list(iter_lines(text))
    block_indent = -1  # inside a masked block: lines indented more than this
    block_comment: list[int] | None = None  # [start, end] of a comment being read
    literal_next = False  # the previous paragraph ended with "::"
    prose_block = -1  # inside a prose directive body: its indentation
    doctest = False
    for i, (a, line) in enumerate(lines):
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" \t"))
        b = a + len(line)
        if block_indent >= 0:
            if not stripped or indent > block_indent:
                if stripped:
                    masks.append((a, b))
                    if block_comment is not None:
                        block_comment[1] = b
                continue
            block_indent = -1
            if block_comment is not None:
                comments.append((block_comment[0], block_comment[1]))
                block_comment = None
        if not stripped:
            doctest = False
            continue
        if literal_next:
            literal_next = False
            if indent > 0 or stripped[0] in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~":
                masks.append((a, b))
                block_indent = max(indent - 1, 0) if indent > 0 else 0
                continue
        if doctest or _DOCTEST.match(line):
            doctest = True
            masks.append((a, b))
            continue
        if _ADORNMENT.match(stripped) and indent == 0:
            masks.append((a, b))
            if i > 0 and lines[i - 1][1].strip() and not _ADORNMENT.match(lines[i - 1][1].strip()):
                ta, tl = lines[i - 1]
                t_start = ta + len(tl) - len(tl.lstrip())
                headings.append((t_start, ta + len(tl.rstrip())))
            continue
        if _EXPLICIT.match(stripped):
            d = _DIRECTIVE.match(stripped)
            start = a + indent
            if d is not None:
                name = d.group(1).lower()
                arg_start = start + d.end()
                if name in _PROSE_ARGUMENT:
                    masks.append((start, arg_start))
                    masks.extend(_inline(text, arg_start, b))
                else:
                    masks.append((start, b))
                if name in _PROSE_BODY:
                    prose_block = indent
                    _mask_options(lines, i + 1, indent, masks)
                else:
                    block_indent = indent
                continue
            if _TARGET.match(stripped):
                masks.append((start, b))
                block_indent = indent
                continue
            f = _FOOTNOTE.match(stripped)
            if f is not None:
                masks.append((start, start + f.end()))
                masks.extend(_inline(text, start + f.end(), b))
                continue
            # a comment: this line and the lines indented under it
            masks.append((start, b))
            block_comment = [start, b]
            block_indent = indent
            continue
        if prose_block >= 0 and indent <= prose_block:
            prose_block = -1
        if _TABLE_BORDER.match(line) and not stripped.isalnum():
            masks.append((a, b))
            continue
        f = _FIELD.match(line)
        if f is not None:
            masks.append((a, a + f.end()))
        masks.extend(_inline(text, a + indent, b))
        if stripped.endswith("::"):
            masks.append((b - 2, b) if stripped != "::" else (a, b))
            literal_next = True
    if block_comment is not None:
        comments.append((block_comment[0], block_comment[1]))
    return Extraction(
        prose=apply_masks(text, masks), headings=tuple(headings), comments=tuple(comments)
    )


def _mask_options(lines: list[tuple[int, str]], first: int, indent: int, masks: list[Span]) -> None:
    """Mask the ``:option: value`` lines right under a directive."""
    for a, line in lines[first:]:
        if not _OPTION.match(line) or len(line) - len(line.lstrip()) <= indent:
            return
        masks.append((a, a + len(line)))


def _inline(text: str, start: int, end: int) -> list[Span]:
    spans: list[Span] = []
    for m in _INLINE.finditer(text, start, end):
        spans.append(m.span(1) if m.group(1) is not None else m.span())
    spans.extend(token_spans(text, start, end))
    return spans
