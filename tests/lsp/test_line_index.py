"""LineIndex finds the line starts and ends the LSP line terminators give, on any text."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from mlgloss.lsp.position_encoding import LineIndex

pieces = st.lists(st.sampled_from(["a", "bc", "\n", "\r\n", "\r", "\n\n", "\u00e9", "\u2028"]))


@given(text=st.one_of(st.text(), pieces.map("".join)))
def test_line_starts_and_ends_are_those_of_the_terminators(text: str) -> None:
    terminators = list(re.finditer(r"\r\n|\r|\n", text))
    index = LineIndex(text)
    assert index.starts == [0, *(m.end() for m in terminators)]
    assert index.ends == [*(m.start() for m in terminators), len(text)]
