"""Line starts: the quick split path for "\\n"-only texts agrees with the regex over any text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlgloss.cli.line_columns import LineIndex, line_starts
from mlgloss.cli.report import report_findings

_BREAK = re.compile(r"\r\n|\r|\n")


def _reference(text: str) -> list[int]:
    return [0, *(m.end() for m in _BREAK.finditer(text))]


@pytest.mark.parametrize(
    "text", ["", "a", "\n", "a\n", "\n\n", "a\nb", "a\r\nb\rc\nd", "\r", "\r\n", "é\n🤗\n"]
)
def test_line_starts_examples(text: str) -> None:
    assert line_starts(text) == _reference(text)


@given(st.text(alphabet=st.sampled_from(["a", "é", "🤗", "\n", "\r", "\u2028", " "])))
def test_line_starts_match_the_regex(text: str) -> None:
    assert line_starts(text) == _reference(text)
    index = LineIndex(text)
    for offset in range(len(text) + 1):
        line, column = index.line_col(offset)
        assert index.starts[line - 1] + column - 1 == offset


def test_no_findings_no_index() -> None:
    assert report_findings("a.md", "text\n", []) == []


def _bisected(text: str, offset: int) -> tuple[int, int]:
    starts = _reference(text)
    i = max(i for i, s in enumerate(starts) if s <= offset)
    return i + 1, offset - starts[i] + 1


def _line(text: str, line: int) -> str:
    starts = _reference(text)
    end = starts[line] if line < len(starts) else len(text)
    return text[starts[line - 1] : end].rstrip("\r\n")


@given(
    st.text(alphabet=st.sampled_from(["a", "é", "\n", "\r", "\u2028"]), max_size=40),
    st.lists(st.integers(min_value=0, max_value=45), max_size=12),
)
def test_lookups_in_any_order_match_bisection(text: str, offsets: list[int]) -> None:
    index = LineIndex(text)
    for offset in offsets:
        offset = min(offset, len(text))
        line, column = index.line_col(offset)
        assert (line, column) == _bisected(text, offset)
        assert index.line_text(line) == _line(text, line)
        if line > 1:
            assert index.line_text(line - 1) == _line(text, line - 1)
