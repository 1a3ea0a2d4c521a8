"""The Markdown block scanner against markdown-it-py, whose block parser it replaces.

markdown-it-py (a test dependency only) is the reference: for every document, the scanner
must return the blocks its token stream describes, with the same line ranges, the same
paragraph and heading text, the same top-level flag and the same number of table cells.
Hand-written cases cover each construct and its edge cases; a property builds random
documents from realistic pieces (paragraphs, headings, fences, indented code, nested lists,
block quotes, HTML blocks, tables, reference definitions, blank lines, tabs, lazy lines).
The property runs 60 examples by default; ``MLGLOSS_HYPOTHESIS_PROFILE=long`` runs 2,000.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from functools import cache

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from mlgloss.analysis.document import Extraction
from mlgloss.analysis.extract import markdown
from mlgloss.analysis.extract.markdown import extract_markdown
from mlgloss.analysis.extract.markdown_blocks import (
    HEADING,
    HTML,
    PARAGRAPH,
    TABLE_ROW,
    Block,
    scan_blocks,
)
from mlgloss.analysis.extract.masking import apply_masks, keep_only, line_starts, token_spans

_LONG = os.environ.get("MLGLOSS_HYPOTHESIS_PROFILE", "ci") == "long"
PROFILE = settings(
    max_examples=2000 if _LONG else 60,
    derandomize=not _LONG,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
"""The hardening profiles (tests/hardening/conftest.py), chosen by the same variable."""


@cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"maxNesting": 100}).enable("table")
    parser.disable(["inline", "text_join"], ignoreInvalid=True)
    return parser


def reference_blocks(text: str, starts: list[int] | None = None) -> list[Block]:
    """The blocks markdown-it's token stream describes, in :data:`Block` form, with the
    offsets of ``starts`` (by default the text's line starts)."""
    if starts is None:
        starts = line_starts(text)
        starts.append(len(text))
    blocks: list[Block] = []
    previous = ""
    cells = 0
    row = (0, 0)
    for token in _parser().parse(text):
        if token.type == "tr_open":
            cells = 0
        elif token.type == "tr_close":
            blocks.append((TABLE_ROW, starts[row[0]], starts[row[1]], "", cells))
        elif token.type == "inline":
            assert token.map is not None
            start, end = starts[token.map[0]], starts[token.map[1]]
            if previous == "paragraph_open":
                blocks.append((PARAGRAPH, start, end, token.content, int(token.level == 1)))
            elif previous == "heading_open":
                blocks.append((HEADING, start, end, token.content, 0))
            else:
                assert previous in ("th_open", "td_open"), previous
                cells += 1
                row = (token.map[0], token.map[1])
        elif token.type == "html_block":
            assert token.map is not None
            blocks.append((HTML, starts[token.map[0]], starts[token.map[1]], "", 0))
        previous = token.type
    return blocks


def assert_same_blocks(text: str) -> None:
    try:
        expected = reference_blocks(text)
    except IndexError:
        # A deliberate divergence. markdown-it-py raises IndexError (it reads past the end of
        # the text) when the text ends, without a line break, in a block quote line holding
        # only ">" that continues an HTML block inside a list item; the extractor raised with
        # it. The scanner reads such a text as markdown-it reads it with a final line break.
        size = len(text)
        expected = [
            (kind, start, min(end, size), content, extra)
            for kind, start, end, content, extra in reference_blocks(text + "\n")
        ]
    assert scan_blocks(text) == expected, repr(text)


def test_where_markdown_it_fails_the_scanner_reads_on() -> None:
    text = "> - <!-- an unclosed comment\n>"
    with pytest.raises(IndexError):
        reference_blocks(text)
    assert scan_blocks(text) == [(HTML, 0, len(text), "", 0)]
    assert_same_blocks(text)


def reference_extraction(text: str) -> Extraction:
    """The extraction as the extractor made it on markdown-it's token stream: the kept
    blocks' inline syntax read one block at a time (a table row once per cell)."""
    starts = line_starts(text)
    starts.append(len(text))
    fm_end = markdown.front_matter_end(text)
    source = text
    if fm_end:
        source = "\n" * (len(line_starts(text[:fm_end])) - 1) + text[fm_end:]
    keep: list[tuple[int, int]] = []
    headings = []
    for kind, start, end, content, extra in reference_blocks(source, starts):
        if kind == PARAGRAPH:
            skip = markdown._NOT_PROSE.match(content)
            if skip is not None and (extra or skip.lastgroup != "esm"):
                continue
        elif kind == HEADING:
            span = markdown._heading_span(text, start, end, content)
            if span is not None:
                headings.append(span)
        keep.extend([(start, end)] * (extra if kind == TABLE_ROW else 1))
    candidate = keep_only(text, keep)
    masks = []
    comments = []
    for start, end in keep:
        for m in markdown._INLINE.finditer(candidate, start, end):
            if m.lastgroup == "escape":
                continue
            if m.lastgroup in ("dest", "label"):
                masks.append((m.start() + 1, m.end()))
            else:
                masks.append(m.span())
                if m.lastgroup in ("comment", "mdxcomment"):
                    comments.append(m.span())
    masks.extend(token_spans(candidate))
    prose = apply_masks(candidate, masks)
    return Extraction(prose=prose, headings=tuple(headings), comments=tuple(comments))


def assert_same_extraction(text: str) -> None:
    try:
        expected = reference_extraction(text)
    except IndexError:
        return  # markdown-it-py fails on the text: see assert_same_blocks
    assert extract_markdown(text) == expected, repr(text)


# --------------------------------------------------------------------------- hand-written

CASES: dict[str, str] = {
    # headings
    "atx": "# One\n## Two ##\n###### Six\n####### seven\n#no space\n#\n# closing #  \n",
    "atx-escaped-closing": "# foo \\#\n## bar#\n### baz \\##\n",
    "atx-interrupts-paragraph": "text\n# heading\nmore\n",
    "setext": "Title\n=====\n\nOther title\n---\n\nTwo\nlines\n===\n",
    "setext-vs-hr": "para\n---\n\n---\n\n- - -\n\npara\n- - -\n",
    "setext-indented-underline": "Foo\n    ===\n\nFoo\n   ===\n",
    "setext-lazy-underline": "> Foo\n---\n\n> Foo\n===\n",
    "setext-in-list": "- Foo\n  ---\n- Bar\n  ===\n",
    # fences
    "fence-backtick": "```python\ncode\n\n# not a heading\n```\nafter\n",
    "fence-tilde-long": "~~~~ info ```\n~~~\ncode\n~~~~~\nafter\n",
    "fence-backtick-in-info": "``` a`b\ncode\n```\n",
    "fence-unclosed": "```\ncode\n\nmore code\n",
    "fence-closer-indented": "```\ncode\n   ```\nx\n```\n    ```\nstill code\n",
    "fence-closer-text": "```\ncode\n``` not closing\n```\nafter\n",
    "fence-interrupts-paragraph": "text\n```\ncode\n```\n",
    "fence-in-list": "- item\n\n  ```\n  code\n  ```\n- next\n  ```\n  unclosed\nout of list\n",
    "fence-in-quote": "> ```\n> code\n> ```\n> after\n\n> ```\n> open\nlazy?\n",
    "fence-in-quote-unclosed": "> ```\n> code\n\noutside\n",
    # indented code
    "indented-code": "    code\n      more\n\n    after blank\ntext\n",
    "indented-no-interrupt": "para\n    not code\n\n    code\n",
    "indented-tab": "\tcode\n  \tcode\npara\n",
    "indented-in-list": "- item\n\n      code in item\n\n  para in item\n",
    # block quotes
    "quote": "> one\n> two\n\n> three\n>\n> four\n",
    "quote-lazy": "> para\nlazy line\n> more\n",
    "quote-nested": "> > > deep\n> > back\n> out\nlazy\n",
    "quote-terminated": "> para\n# heading\n> para\n---\n> x\n- item\n",
    "quote-blank-inside": "> a\n>\nb\n",
    "quote-tab": ">\tcode?\n>\t\tcode\n> \tx\n",
    "quote-in-list": "1. > quoted\n   > more\n   lazy\n2. next\n",
    "quote-list-inside": "> - a\n> - b\n>   more\n> 1. c\n",
    # lists
    "bullets": "- a\n- b\n\n- c\n+ d\n* e\n",
    "ordered": "1. a\n2. b\n3) c\n10. d\n1234567890. no\n",
    "ordered-interrupt": "para\n2. not a list\npara\n1. list\n",
    "bullet-empty-interrupt": "para\n-\npara\n- \n- x\n",
    "nested-lists": "- a\n  - b\n    - c\n      - d\n  - e\n- f\n",
    "list-indent-wide": "-     code in item\n-    four spaces\n-\n  empty first line\n",
    "list-empty-item-blank": "-\n\n  foo\n- bar\n",
    "list-lazy": "- item\nlazy continuation\n- next\n",
    "list-staircase": "- a\n - b\n  - c\n   - d\n    - e\n     - f\n",
    "list-after-blank-outdent": "- a\n\n b\n\nc\n",
    "list-hr-star": "* a\n* * *\n* b\n",
    "list-tabs": "-\tfoo\n\n\tbar\n\n1.\tbaz\n",
    "list-sublist-code": "1. a\n\n   ```\n   code\n   ```\n\n   - b\n\n         code\n",
    # HTML blocks
    "html-1": "<script>\nvar x;\n\n</script>\ntext\n<pre class='x'>\ncode\n</pre>\n",
    "html-2": "<!-- comment\n\nstill -->\ntext\n<!-- one line -->\n",
    "html-3": "<?php\n\necho 1;\n?>\ntext\n",
    "html-4": "<!DOCTYPE html>\ntext\n",
    "html-5": "<![CDATA[\n\nx\n]]>\ntext\n",
    "html-6": "<div>\n*text*\n\nafter\n</div>\n<table><tr><td>\nx\n",
    "html-7": "<custom-tag attr='x'>\ntext\n\n<a href=\"u\">\n",
    "html-7-no-interrupt": "para\n<custom-tag>\n\npara\n<div>\n",
    "html-inline-not-block": "<span>inline</span> text\n<b>bold\n",
    "html-in-list": "- <!-- a\n\n  b -->\n- <div>\n  x\n\n  y\n",
    "html-case": "<SCRIPT>\nx\n</Script>\n<![cdata[\n\n<![CDATA[\n\n]]>\n<DIV>\nx\n\n<!X>\n",
    "html-in-quote": "> <div>\n> x\n\n> <!--\n> y\nz\n",
    # reference definitions
    "reference": "[foo]: /url\n[bar]: /url 'title'\n[baz]:\n  /url\n  \"title\"\ntext\n",
    "reference-bad": "[foo]: /url 'title' junk\n[]: /x\n[a]: <b c>\n[x]:\n\ntext\n",
    "reference-multiline-title": "[foo]: /url '\ntitle\nline\n'\ntext\n",
    "reference-unsafe": "[a]: javascript:alert(1)\n[b]: data:image/png;x\n[c]: data:text/html\n",
    "reference-label-lines": "[foo\nbar]: /url\n[x\\]y]: /u\n",
    "reference-interrupted": "[foo]: /url\n# heading\n[bar]:\n- item\n",
    # thematic breaks
    "hr": "***\n---\n___\n * * *\n- - - -\n_ _\n**\n",
    # tables
    "table": "| a | b |\n|---|:-:|\n| 1 | 2 |\n| 3 |\n\nafter\n",
    "table-no-pipes": "a | b\n--- | ---\nc | d\n",
    "table-mismatch": "| a | b |\n|---|\n| c |\n",
    "table-interrupts-paragraph": "para\n| a | b |\n| - | - |\n",
    "table-ends": "| a |\n|---|\n| b |\n> quote\n| c |\n|---|\n| d |\n- item\n",
    "table-escaped-pipes": "| a \\| b | c |\n|---|---|\n| \\| | x \\|\n",
    "table-in-list": "- | a | b |\n  |---|---|\n  | c | d |\nlazy\n",
    "table-in-quote": "> | a |\n> |---|\n> | b |\nc\n",
    "table-delimiter-dash-space": "a | b\n- | -\n",
    "table-empty-middle": "| a | b |\n|---||---|\n",
    "table-autocompleted-cells": "|" + "a|" * 300 + "\n|" + "-|" * 300 + "\n" + "|x|\n" * 250,
    "table-code-row": "| a |\n|---|\n    | b |\n",
    # blank lines, tabs, line endings
    "blank-lines": "\n\n   \n\t\npara\n  \n\nend",
    "crlf": "# Title\r\n\r\npara\r\nmore\r\n\r\n```\r\ncode\r\n```\r\n> q\r\n",
    "cr-only": "para\rmore\r\r# heading\r",
    "nul": "para \x00 text\n# head\x00ing\n",
    "trailing-blank-line": "para\n   ",
    "empty": "",
    # filters of the extractor
    "directives": "[[autodoc]] peft.LoraConfig\n    - all\n\n@misc{key,\n  title={x}\n}\n",
    "mdx-esm": "import Foo from './foo'\n\nexport const x = 1\n\n- import y from 'z'\n",
}


@pytest.mark.parametrize("name", list(CASES))
def test_case_matches_markdown_it(name: str) -> None:
    assert_same_blocks(CASES[name])


def test_cases_find_the_blocks_they_are_about() -> None:
    """A sanity check of the reference itself on a few cases."""
    assert [b[0] for b in scan_blocks(CASES["table"])] == [TABLE_ROW] * 3 + [PARAGRAPH]
    text = CASES["fence-backtick"]
    after = text.index("after")
    assert [b[:3] for b in scan_blocks(text)] == [(PARAGRAPH, after, after + 6)]
    assert scan_blocks("a\r\n\r\nb\r\n") == [(PARAGRAPH, 0, 3, "a", 1), (PARAGRAPH, 5, 8, "b", 1)]
    assert scan_blocks("---\ntitle: x\n---\ntext\n", first_line=3) == [
        (PARAGRAPH, 17, 22, "text", 1)
    ]
    assert scan_blocks("Title\n=====\n") == [(HEADING, 0, 6, "Title", 0)]
    assert scan_blocks("- item\n") == [(PARAGRAPH, 0, 7, "item", 0)]
    assert scan_blocks("item") == [(PARAGRAPH, 0, 4, "item", 1)]


# --------------------------------------------------------------------------- deep nesting


@pytest.mark.parametrize("depth", [99, 100, 101, 150])
def test_the_nesting_limit_matches_markdown_it(depth: int) -> None:
    for text in (
        "> " * depth + "deep\n" + "> " * depth + "still\nlazy\n\nafter\n",
        "- " * depth + "deep\n\nafter\n",
        "".join("  " * i + "- item\n" for i in range(depth)) + "\nafter\n",
        "".join(">" * i + " text\n" for i in range(depth)) + "\nafter\n",
        "1. > " * (depth // 2) + "x\n" + "   > " * (depth // 2) + "y\nz\n",
    ):
        assert_same_blocks(text)


def test_deep_nesting_is_bounded_and_near_linear() -> None:
    """100,000 nested markers: past the limit nothing is read, and time stays linear."""
    for unit in ("> ", "- ", "1. ", "> - "):
        times = []
        for n in (25_000, 100_000):
            text = unit * n + "Lora\n" + (unit * n + "more\n") * 3
            start = time.process_time()
            blocks = scan_blocks(text)
            times.append(time.process_time() - start)
            assert blocks == []
        assert times[1] < 10 * times[0] + 0.5, (unit, times)
    text = "".join(">" * i + " x\n" for i in range(2000)) + "".join(
        " " * i + "- x\n" for i in range(2000)
    )
    start = time.process_time()
    scan_blocks(text)
    assert time.process_time() - start < 5


def test_markdown_it_is_not_imported_at_run_time() -> None:
    code = (
        "import sys\n"
        "from mlgloss.analysis.engine import analyze_document\n"
        "from mlgloss.analysis.document import DocumentKind\n"
        "from mlgloss.glossary.layers import load_glossary\n"
        "analyze_document('# Title\\n\\nSome LoRA text.\\n', DocumentKind.MARKDOWN,"
        " glossary=load_glossary())\n"
        "assert 'markdown_it' not in sys.modules, 'markdown_it imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --------------------------------------------------------------------------- property

_WORDS = st.sampled_from(
    ["LoRA", "adapter", "the", "model", "fine-tune", "a|b", "*x*", "`code`", "x_y", "1.", "#"]
)
_TEXT = st.lists(_WORDS, min_size=1, max_size=4).map(" ".join)
_INDENT = st.sampled_from(["", "", "", " ", "  ", "   ", "    ", "      ", "\t", " \t", "  \t "])

_LINE_PIECES = st.one_of(
    _TEXT,
    _TEXT.map(lambda t: "#" * 2 + " " + t),
    st.tuples(st.integers(1, 7), _TEXT, st.sampled_from(["", " #", " ##  ", "#"])).map(
        lambda p: "#" * p[0] + " " + p[1] + p[2]
    ),
    st.sampled_from(["#", "##", "#x", "####### x"]),
    st.sampled_from(["===", "---", "- - -", "***", "___", "=", "-", "--", " ==  ", "* *", "_ _ _"]),
    st.sampled_from(["```", "```python", "``` a`b", "````", "~~~", "~~~ x", "~~~~", "``"]),
    st.sampled_from(["```", "~~~", "```   ", "````"]),
    st.sampled_from(["- ", "* ", "+ ", "1. ", "2) ", "10. ", "1.", "-", "3."]).flatmap(
        lambda m: st.sampled_from(["", " ", "  ", "    ", "\t"]).flatmap(
            lambda sp: _TEXT.map(lambda t: m + sp + t) | st.just(m)
        )
    ),
    st.sampled_from([">", "> ", ">>", "> > ", ">\t", "> - ", "- > ", "1. > "]).flatmap(
        lambda q: _TEXT.map(lambda t: q + t) | st.just(q)
    ),
    st.sampled_from(
        [
            "<div>",
            "</div>",
            "<div class='x'>text",
            "<!-- comment",
            "-->",
            "<!-- one -->",
            "<?php",
            "?>",
            "<!DOCTYPE html>",
            "<![CDATA[",
            "]]>",
            "<script>",
            "</script>",
            "<pre>",
            "</pre>",
            "<style>x</style>",
            "<a href='x'>",
            "<custom-tag>",
            "</custom-tag>",
            "<span>inline</span> text",
            "<br/>",
            "<textarea>",
        ]
    ),
    st.sampled_from(
        [
            "| a | b |",
            "|---|---|",
            "| - | :-: |",
            "a | b",
            "--- | ---",
            ":-- | --:",
            "| c |",
            "| d | e | f |",
            "|---|",
            "| x \\| y | z |",
            "-|-",
            "- | -",
            "|",
            "||",
        ]
    ),
    st.sampled_from(
        [
            "[foo]: /url",
            "[foo]: /url 'title'",
            "[foo]:",
            "/url",
            "'title'",
            '[bar]: <a b> "t"',
            "[x]: /u junk",
            "[[autodoc]] peft.LoraConfig",
            "@misc{key,",
            "import Foo from './foo'",
            "export const x = 1",
            "[a\\]b]: /c",
            "[link](/x) text",
        ]
    ),
)
_LINE = st.tuples(_INDENT, _LINE_PIECES).map("".join)
_BLANK = st.sampled_from(["", "", "   ", "\t", ">", "> "])


_CELL = st.sampled_from(["a", " b ", "", "c \\| d", "`e|f`", ":-", "**g**", " "])
_TABLE_LINE = st.tuples(
    st.sampled_from(["", "|"]), st.lists(_CELL, min_size=1, max_size=4), st.sampled_from(["", "|"])
).map(lambda p: p[0] + "|".join(p[1]) + p[2])


@st.composite
def _table(draw: st.DrawFn) -> list[str]:
    """A header, a delimiter row with as many cells (or not quite), body rows of any width."""
    columns = draw(st.integers(1, 4))
    header = draw(st.lists(_CELL, min_size=columns, max_size=columns))
    cells = draw(st.sampled_from([columns, columns, columns, columns - 1, columns + 1]))
    delimiter = draw(
        st.lists(
            st.sampled_from(["---", ":--", "--:", ":-:", " - ", "-"]),
            min_size=cells,
            max_size=cells,
        )
    )
    edges = draw(st.sampled_from([("|", "|"), ("", ""), ("|", ""), ("", "|")]))
    rows = [edges[0] + "|".join(header) + edges[1], edges[0] + "|".join(delimiter) + edges[1]]
    rows += draw(st.lists(_TABLE_LINE, max_size=3))
    return rows


@st.composite
def _list_item(draw: st.DrawFn, depth: int = 0) -> list[str]:
    """A list item whose continuation lines are indented to its content (or not quite)."""
    marker = draw(st.sampled_from(["-", "*", "+", "1.", "2.", "1)"]))
    gap = draw(st.sampled_from([" ", " ", "  ", "   ", "    ", "     "]))
    width = len(marker) + len(gap)
    indent = " " * (width + draw(st.sampled_from([0, 0, 0, -1, 1, 4])))
    lines = [marker + gap + draw(st.one_of(_TEXT, _TEXT, _LINE_PIECES, _TABLE_LINE))]
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.integers(0, 5 if depth < 3 else 4))
        if kind == 0:
            lines.append(draw(_BLANK))
        elif kind == 1:
            lines.append(indent + draw(_LINE))
        elif kind == 2:
            lines.append(draw(_LINE))  # lazy or outdented
        elif kind == 3:
            fence = draw(st.sampled_from(["```", "~~~"]))
            lines += [indent + fence, indent + draw(_TEXT), draw(st.sampled_from([indent, ""]))]
            lines[-1] += fence
        elif kind == 4:
            lines += [indent + line for line in draw(_table())]
        else:
            lines += [indent + line for line in draw(_list_item(depth + 1))]
    return lines


_BLOCK_LINES = st.one_of(
    st.lists(_LINE, min_size=1, max_size=4),
    st.lists(_BLANK, min_size=1, max_size=2),
    _table(),
    _list_item(),
    st.tuples(st.sampled_from(["> ", ">", "> > ", "- > "]), st.lists(_LINE, max_size=4)).map(
        lambda p: [p[0] + line for line in p[1]]
    ),
)


@st.composite
def markdown_documents(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(_BLOCK_LINES, max_size=10))
    lines = [line for block in blocks for line in block]
    newline = draw(st.sampled_from(["\n", "\n", "\n", "\r\n"]))
    text = newline.join(lines)
    if draw(st.booleans()):
        text += newline
    return text


@PROFILE
@given(text=markdown_documents())
@example(text="- a\n  - b\n\n      code\n\n  c\nd\n")
def test_random_documents_match_markdown_it(text: str) -> None:
    assert_same_blocks(text)


@PROFILE
@given(text=st.text(alphabet="-*+>#`~|:= \t\n1.)<![]abc/", max_size=60))
def test_shapeless_text_matches_markdown_it(text: str) -> None:
    assert_same_blocks(text)


_INLINE_WORDS = st.sampled_from(
    [
        "LoRA",
        "text",
        "`code",
        "span`",
        "``",
        "<!--",
        "-->",
        "$x$",
        "$$",
        "[link](",
        "https://e.org/a)",
        "](b 'title')",
        "<pre>",
        "</pre>",
        "{/*",
        "*/}",
        "\\(",
        "\\)",
        "&amp;",
        "<https://x.org>",
        "<b>",
        "[[anchor]]",
        "a_b",
        "x.y",
        "\\`",
        "|",
    ]
)
_INLINE_LINE = st.tuples(
    st.sampled_from(["", "", "# ", "> ", "- ", "    ", "| "]),
    st.lists(_INLINE_WORDS, min_size=1, max_size=5).map(" ".join),
).map("".join)


@st.composite
def inline_documents(draw: st.DrawFn) -> str:
    lines = draw(st.lists(st.one_of(_INLINE_LINE, _LINE, _BLANK), max_size=12))
    text = "\n".join(lines)
    if draw(st.booleans()):
        text = "---\ntitle: x\n---\n" + text
    return text + draw(st.sampled_from(["", "\n"]))


@PROFILE
@given(text=inline_documents())
@example(text="a `b\n\nc` d\n# x <!--\ny -->\n| <!-- c --> | d |\n|---|---|\n")
def test_random_documents_extract_as_block_by_block(text: str) -> None:
    """The extractor reads all blocks in one regex pass; the result is the block-by-block one."""
    assert_same_extraction(text)
