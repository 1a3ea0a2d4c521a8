"""Masking inside docstrings and comments: the parts that are syntax, not prose.

A docstring mixes prose with reST/Google/NumPy structure. Masked here: field markers
(``:param x:``, ``:returns:``), section heads (``Args:``, ``Returns:``), the
``name (type):`` head of a Google argument line, NumPy underlines and ``x : int`` lines,
doctest lines (``>>>``, ``...``) with their output, fenced (```` ``` ````) and ``::``
literal blocks, indented code: the lines indented under an example's introduction
(``Example:``, ``Usage:``, ``… use:``) and any block indented beyond the paragraph before
it (outside an Args-like section), the entries of a ``References`` section, backticked
code (````x```` and ```x```), reST roles (``:class:`Foo```), directives (``.. note::``),
plus the URLs and identifiers of :mod:`masking`.
"""

from __future__ import annotations

import re

from mlgloss.analysis.extract.masking import Span, token_spans

_SECTION = re.compile(
    r"[ \t]*(?:Args|Arguments|Parameters|Params|Keyword Args|Keyword Arguments|Other Parameters"
    r"|Attributes|Returns?|Yields?|Raises|Exceptions?|Warns|Examples?|Notes?|References"
    r"|See Also|Methods|Todo|Warnings?|Tip|Usage)[ \t]*:?[ \t]*$"
)
# Sections whose entries start with a ``name (type):`` head.
_ENTRY_SECTIONS = re.compile(
    r"[ \t]*(?:Args|Arguments|Parameters|Params|Keyword Args|Keyword Arguments|Other Parameters"
    r"|Attributes|Raises|Exceptions?|Warns|Returns?|Yields?|Methods)[ \t]*:"
)
_ENTRY_HEAD = re.compile(r"[ \t]*\**[A-Za-z_][\w.]*(?:[ \t]*\(.*\))?[ \t]*:(?=\s|$)")
_UNDERLINE = re.compile(r"[ \t]*(?:-{3,}|={3,}|~{3,})[ \t]*$")
_NUMPY_ENTRY = re.compile(
    r"[ \t]*\**[A-Za-z_][\w.]*(?:[ \t]*,[ \t]*\**[A-Za-z_]\w*)*[ \t]+:(?:[ \t].*)?$"
)
_FIELD = re.compile(r"[ \t]*:[A-Za-z_][\w \t.,*()\[\]|]*:(?=\s|$)")
_DOCTEST = re.compile(r"[ \t]*(?:>>>|\.\.\.)(?:[ \t]|$)")
# A line of a printed PyTorch module: "(mlp): MistralMLP(", "(0-31): 32 x Layer(".
_MODULE_REPR = re.compile(r"[ \t]*\([\w.-]+\):[ \t]+[\w. ]+\(.*$|[ \t]*\)[ \t]*$")
_FENCE = re.compile(r"[ \t]*(```+|~~~+)")
_DIRECTIVE = re.compile(r"[ \t]*\.\.[ \t]+[\w:-]+::[^\n]*")
_INLINE = re.compile(
    r"(?::[\w:.+-]+:)?``[^`\n]+``"  # ``literal`` and :role:``x``
    r"|(?::[\w:.+-]+:)?`[^`\n]+`_{0,2}"  # `x`, :class:`Foo`, `link`_
)
_LINE = re.compile(r"[^\n]*\n?")
# A line that introduces a code example: "Example:", "Usage:", "To do it, use:".
_EXAMPLE_INTRO = re.compile(
    r"\b(?:examples?|usage|use|e\.g\.?|eg|follows|below|like this|run|commands?|code|snippet"
    r"|script|instance|with)[ \t]*::?[ \t]*$",
    re.IGNORECASE,
)
_REFERENCES = re.compile(r"[ \t]*(?:References|Citations?)[ \t]*:?[ \t]*$")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d+[.)])[ \t]")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _base_indent(text: str, start: int, end: int) -> int:
    """The indentation of the docstring's text: the least of its lines after the first."""
    indents = [_indent(line) for line in text[start:end].split("\n")[1:] if line.strip()]
    return min(indents) if indents else 0


def docstring_spans(text: str, start: int, end: int) -> list[Span]:
    """Spans of ``text[start:end]`` (a docstring's content) that are not prose."""
    masks: list[Span] = []
    base_indent = _base_indent(text, start, end)
    code_indent = -1  # inside indented code: lines indented more than this
    example_intro = -1  # the line before introduced an example: its indentation
    last_indent = -1  # the indentation of the last line read
    previous_paragraph = -1  # of the last line of the paragraph before the last blank line
    after_blank = False
    first_line = True
    fence: str | None = None
    literal_indent = -1  # inside a "::" literal block: lines indented more than this
    after_literal_marker = -1
    entry_indent = -1  # inside an Args-like section: its heading's indentation
    doctest = False
    for m in _LINE.finditer(text, start, end):
        a, b = m.span()
        if a == b:
            break
        line = text[a:b].rstrip("\r\n")
        stripped = line.strip()
        line_end = a + len(line)
        if fence is not None:
            masks.append((a, line_end))
            if stripped.startswith(fence):
                fence = None
            continue
        if not stripped:
            doctest = False
            if not after_blank:
                previous_paragraph = last_indent
            after_blank = True
            continue
        indent = base_indent if first_line else _indent(line)
        first_line = False
        last_indent = indent
        blank_before, after_blank = after_blank, False
        if code_indent >= 0:
            if indent > code_indent:
                masks.append((a, line_end))
                continue
            code_indent = -1
        intro, example_intro = example_intro, -1
        if intro >= 0 and indent > intro and not _DOCTEST.match(line):
            code_indent = intro
            masks.append((a, line_end))
            continue
        if (
            blank_before
            and entry_indent < 0
            and literal_indent < 0
            and after_literal_marker < 0
            and previous_paragraph >= 0
            and indent > previous_paragraph
            and not _LIST_ITEM.match(line)
            and not _DOCTEST.match(line)
        ):
            code_indent = previous_paragraph
            masks.append((a, line_end))
            continue
        if literal_indent >= 0:
            if indent > literal_indent:
                masks.append((a, line_end))
                continue
            literal_indent = -1
        if after_literal_marker >= 0:
            if indent > after_literal_marker:
                masks.append((a, line_end))
                literal_indent = after_literal_marker
                after_literal_marker = -1
                continue
            after_literal_marker = -1
        fm = _FENCE.match(line)
        if fm:
            fence = fm.group(1)
            masks.append((a, line_end))
            continue
        if stripped[0] in "()" and _MODULE_REPR.match(line):
            masks.append((a, line_end))
            continue
        if _DOCTEST.match(line):
            doctest = True
            masks.append((a, line_end))
            continue
        if doctest:  # output of the example above, up to a blank line
            masks.append((a, line_end))
            continue
        if _DIRECTIVE.match(line):
            masks.append((a, line_end))
            after_literal_marker = indent
            continue
        if _UNDERLINE.match(line) or _SECTION.match(line):
            masks.append((a, line_end))
            entry_indent = indent if _ENTRY_SECTIONS.match(line) or _UNDERLINE.match(line) else -1
            if _REFERENCES.match(line):
                code_indent = indent  # the entries below are citations
            elif _EXAMPLE_INTRO.search(line):
                example_intro = indent
            continue
        if entry_indent >= 0 and indent <= entry_indent and not _NUMPY_ENTRY.match(line):
            entry_indent = -1
        if _NUMPY_ENTRY.match(line):
            masks.append((a, line_end))
            continue
        fm2 = _FIELD.match(line)
        if fm2:
            masks.append((a, a + fm2.end()))
        elif entry_indent >= 0:
            head = _ENTRY_HEAD.match(line)
            if head:
                masks.append((a, a + head.end()))
        if stripped.endswith("::"):
            masks.append((line_end - 2, line_end))
            after_literal_marker = indent
        elif entry_indent < 0 and stripped.endswith(":") and _EXAMPLE_INTRO.search(line):
            example_intro = indent
    masks.extend(inline_spans(text, start, end))
    return masks


# A parenthesised list of three or more lower-case words: values a parameter takes or a
# function returns ("The device name (cuda, mps, or cpu)"), not the writer's words for them.
_VALUE_LIST = re.compile(
    r"\((?:[a-z][\w.-]*[ \t]*,[ \t]*){2,}(?:(?:or|and)[ \t]+)?[a-z][\w.-]*[ \t]*\)"
)


# A statement written inline: a name assigned a call's result, arguments and all ("gpu =
# ao.reload(cpu, device)", "out = model(x)").
_ASSIGNED_CALL = re.compile(r"(?<![\w.=<>!])[A-Za-z_]\w*[ \t]*=[ \t]*[A-Za-z_][\w.]*\([^()\n]*\)")


def inline_spans(text: str, start: int, end: int) -> list[Span]:
    """Backticked code, roles, URLs and identifiers in ``text[start:end]``, lists of values
    in parentheses, and the name a statement written inline assigns to."""
    spans = [m.span() for m in _INLINE.finditer(text, start, end)]
    spans.extend(token_spans(text, start, end))
    if "(" in text[start:end]:
        spans.extend(m.span() for m in _VALUE_LIST.finditer(text, start, end))
        spans.extend(m.span() for m in _ASSIGNED_CALL.finditer(text, start, end))
    return spans
