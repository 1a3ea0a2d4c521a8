"""The quick indented JSON writer gives exactly the text of ``json.dumps(indent=2)``."""

from __future__ import annotations

import enum
import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from mlgloss.cli.formats.indented_json import dumps


class Level(enum.IntEnum):
    LOW = 1


def _standard(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


_leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
_values = st.recursive(
    _leaves,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=30,
)


@given(_values)
def test_same_text_as_json_dumps(value: Any) -> None:
    assert dumps(value) == _standard(value)


def test_odd_values_are_left_to_json() -> None:
    value = {
        "a": [Level.LOW, 1.5, (1, 2), {}, [], 'é\n\u2028"\\'],
        "b": {1: "int key", None: "null key"},
        "c": {"x": {2: [True]}},
    }
    assert dumps(value) == _standard(value)
