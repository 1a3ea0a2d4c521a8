"""The line buffer that holds open documents: every edit gives the text a plain string edit
gives, with positions read in the negotiated encoding (emoji and astral characters count
two UTF-16 units, four UTF-8 units), line ends exactly as LSP defines them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types

from mlgloss.lsp.position_encoding import UTF8, UTF16, UTF32, LineIndex
from mlgloss.lsp.text_buffer import LineBuffer, split_lines

PIECES = [
    "a",
    "bc",
    " ",
    "é",
    "😀",
    "\U0001d518",
    "中",
    "\n",
    "\r\n",
    "\r",
    "\u2028",
    "\x0c",
    "LoRA",
]
texts = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


def reference_edit(
    text: str, start: types.Position, end: types.Position, new: str, enc: str
) -> str:
    """The edit done on a plain string, through offsets (the specification's reading)."""
    lines = LineIndex(text, enc)
    a, b = sorted((lines.offset(start), lines.offset(end)))
    return text[:a] + new + text[b:]


positions = st.builds(types.Position, line=st.integers(0, 8), character=st.integers(0, 12))


@settings(max_examples=400, deadline=None)
@given(
    text=texts,
    edits=st.lists(st.tuples(positions, positions, texts), min_size=1, max_size=6),
    encoding=st.sampled_from([UTF16, UTF8, UTF32]),
)
def test_edits_match_string_edits(
    text: str, edits: list[tuple[types.Position, types.Position, str]], encoding: str
) -> None:
    buffer = LineBuffer(text, encoding)
    expected = text
    for start, end, new in edits:
        expected = reference_edit(expected, start, end, new, encoding)
        buffer.replace(start, end, new)
        assert buffer.text == expected
        assert buffer.lines == split_lines(expected)


def test_utf16_columns_count_astral_characters_twice() -> None:
    buffer = LineBuffer("x😀y LoRa\nnext\n")
    # "x" 1 unit, "😀" 2 units, "y" 1, " " 1: "LoRa" starts at UTF-16 column 5.
    buffer.replace(types.Position(line=0, character=5), types.Position(line=0, character=9), "LoRA")
    assert buffer.text == "x😀y LoRA\nnext\n"
    # A column inside the surrogate pair rounds to the character's end, never splits it.
    buffer.replace(types.Position(line=0, character=2), types.Position(line=0, character=2), "!")
    assert buffer.text == "x😀!y LoRA\nnext\n"


def test_utf8_columns_count_bytes() -> None:
    buffer = LineBuffer("é😀z\n", UTF8)
    buffer.replace(types.Position(line=0, character=6), types.Position(line=0, character=7), "Z")
    assert buffer.text == "é😀Z\n"


def test_line_ends_are_lsp_line_ends() -> None:
    # U+2028 and form feed are not line ends for LSP (str.splitlines would split there).
    buffer = LineBuffer("a\u2028b\x0cc\nsecond")
    buffer.replace(types.Position(line=1, character=0), types.Position(line=1, character=6), "2")
    assert buffer.text == "a\u2028b\x0cc\n2"


def test_cr_meeting_lf_becomes_one_line_end() -> None:
    buffer = LineBuffer("one\rX\ntwo")
    buffer.replace(types.Position(line=1, character=0), types.Position(line=1, character=1), "")
    assert buffer.lines == ["one\r\n", "two"]
    buffer.replace(types.Position(line=1, character=3), types.Position(line=1, character=3), "\r")
    buffer.replace(types.Position(line=2, character=0), types.Position(line=2, character=0), "\n")
    assert buffer.lines == ["one\r\n", "two\r\n", ""]


def test_past_the_end_positions_clamp() -> None:
    buffer = LineBuffer("ab\ncd")
    buffer.replace(types.Position(line=0, character=99), types.Position(line=0, character=99), "!")
    buffer.replace(types.Position(line=9, character=0), types.Position(line=9, character=0), "?")
    assert buffer.text == "ab!\ncd?"
