"""Python extractor (``.py``, ``.pyi``): docstrings and comments are prose, code is not.

The tokenizer finds comments and string statements (docstrings of modules, classes and
functions, and attribute docstrings; a string standing alone as a statement is always
documentation). Ordinary string literals and all code are masked. A file that does not
tokenize (mid-edit, an unterminated string) goes through a line-based scanner instead,
which still finds its comments and triple-quoted docstrings. Inside docstrings the
structure of :mod:`docstring` is masked; comments that are tool directives (shebang,
``# type:``, ``# noqa``, ``# pragma`` ...) and what :mod:`comments` finds is not prose
(commented-out code and settings, lists of values) are masked but still recorded in
``Extraction.comments``.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterator

from mlgloss.analysis.document import Extraction
from mlgloss.analysis.extract.comments import comment_prose
from mlgloss.analysis.extract.docstring import docstring_spans, inline_spans
from mlgloss.analysis.extract.masking import Span, apply_masks, keep_only

# Comments that talk to tools, not to readers.
_DIRECTIVE_COMMENT = re.compile(
    r"#!|#\s*(?:type:|noqa\b|pragma\b|fmt:|pylint:|mypy:|ruff:|isort:|pyright:|flake8:"
    r"|nosec\b|-\*-|vim:|coding[:=])",
    re.IGNORECASE,
)
_STRING_START = re.compile(r"[rRbBuUfF]{0,2}(\"\"\"|'''|\"|')")
_TRIPLE_START = re.compile(r"[ \t]*[rRuU]?(\"\"\"|''')")
_FALLBACK = re.compile(r"#[^\r\n]*|(?<!\w)[rRbBuUfF]{0,2}(\"\"\"|'''|\"|')")
_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n")
_STATEMENT_START = frozenset(
    {tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING}
)
_SKIP = frozenset({tokenize.NL, tokenize.COMMENT})


class _Collector:
    def __init__(self, text: str) -> None:
        self.text = text
        self.keep: list[Span] = []
        self.masks: list[Span] = []
        self.comments: list[Span] = []

    def comment(self, start: int, end: int) -> None:
        text = self.text
        if start == 0 and text.startswith("#!"):
            return  # a shebang is not a comment anyone reads
        self.comments.append((start, end))
        if _DIRECTIVE_COMMENT.match(text, start, end):
            return
        body = start
        while body < end and text[body] == "#":
            body += 1
        not_prose = comment_prose(text, body, end)
        if not_prose is None:
            return  # commented-out code or settings, or a list of values
        self.keep.append((body, end))
        self.masks.extend(not_prose)
        self.masks.extend(inline_spans(text, body, end))

    def docstring(self, start: int, end: int) -> None:
        """A string statement at ``text[start:end]``, prefix and quotes included."""
        m = _STRING_START.match(self.text, start, end)
        if m is None or "b" in m.group(0).lower() or "f" in m.group(0).lower():
            return
        quote = len(m.group(1))
        body_start = m.end()
        body_end = end - quote if end - quote >= body_start else end
        self.keep.append((body_start, body_end))
        self.masks.extend(docstring_spans(self.text, body_start, body_end))

    def result(self) -> Extraction:
        prose = keep_only(self.text, self.keep)
        if self.masks:
            prose = apply_masks(prose, self.masks)
        return Extraction(prose=prose, comments=tuple(sorted(self.comments)))


def _offsets(text: str) -> list[int]:
    """Start offset of each line as ``io.StringIO.readline`` splits them (on "\\n")."""
    starts = [0]
    find = text.find
    pos = find("\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = find("\n", pos + 1)
    return starts


def _tokens(text: str) -> Iterator[tokenize.TokenInfo]:
    return tokenize.generate_tokens(io.StringIO(text).readline)


def _extract_tokenized(text: str) -> Extraction:
    """Extraction through :mod:`tokenize`; raises if the text does not tokenize cleanly."""
    starts = _offsets(text)
    out = _Collector(text)
    at_statement_start = True
    pending: list[Span] = []  # strings of the statement being read, while it may be one
    for tok in _tokens(text):
        ttype = tok.type
        if ttype == tokenize.ERRORTOKEN:
            raise SyntaxError("error token")
        if ttype == tokenize.COMMENT or ttype == tokenize.STRING:
            start = starts[tok.start[0] - 1] + tok.start[1]
            end = start + len(tok.string)
            if text[start:end] != tok.string:
                raise SyntaxError("token positions do not match the text")
            if ttype == tokenize.COMMENT:
                out.comment(start, end)
                continue
            if at_statement_start or pending:
                pending.append((start, end))
                at_statement_start = False
                continue
        elif ttype in _SKIP:
            continue
        if pending:
            if ttype in (tokenize.NEWLINE, tokenize.ENDMARKER):
                for start, end in pending:
                    out.docstring(start, end)
            pending = []
        at_statement_start = ttype in _STATEMENT_START
    return out.result()


def _string_end(text: str, body: int, quote: str) -> int:
    """Offset just past the closing ``quote`` of a string whose body starts at ``body``;
    -1 when the string is not closed (a single-quoted one closes at the end of its line)."""
    pos = body
    n = len(text)
    triple = len(quote) == 3
    while pos < n:
        ch = text[pos]
        if ch == "\\":
            pos += 2
            continue
        if not triple and ch in "\r\n":
            return -1
        if text.startswith(quote, pos):
            return pos + len(quote)
        pos += 1
    return -1


def _extract_scanned(text: str) -> Extraction:
    """Line-based fallback for text that does not tokenize: comments and docstrings only."""
    out = _Collector(text)
    pos = 0
    n = len(text)
    while pos < n:
        m = _FALLBACK.search(text, pos)
        if m is None:
            break
        if m.group(1) is None:
            out.comment(m.start(), m.end())
            pos = m.end()
            continue
        quote = m.group(1)
        end = _string_end(text, m.end(), quote)
        line_start = max(text.rfind("\n", 0, m.start()), text.rfind("\r", 0, m.start())) + 1
        is_doc = len(quote) == 3 and _TRIPLE_START.match(text, line_start) is not None
        if end < 0:
            if not is_doc:
                # an open one-line string ends with its line
                nl = text.find("\n", m.end())
                pos = n if nl < 0 else nl + 1
                continue
            # an open docstring (being typed): its text up to the first blank line
            blank = _BLANK_LINE.search(text, m.end())
            end = blank.start() if blank else n
            out.keep.append((m.end(), end))
            out.masks.extend(docstring_spans(text, m.end(), end))
            pos = end
            continue
        if is_doc:
            out.docstring(m.start(), end)
        pos = end
    return out.result()


def extract_python(text: str) -> Extraction:
    """The prose of a Python source file: its docstrings and comments."""
    try:
        return _extract_tokenized(text)
    except (SyntaxError, tokenize.TokenError, IndentationError, ValueError):
        return _extract_scanned(text)
