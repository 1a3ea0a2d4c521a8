"""Notebook extraction: cells read as Markdown or Python, prose mapped to raw .ipynb offsets."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract_helpers import check_invariant, kept, masked
from mlgloss.analysis.document import MASK, DocumentKind
from mlgloss.analysis.extract import ExtractionError, extract
from mlgloss.analysis.extract.notebook import extract_notebook

NOTEBOOK = {
    "cells": [
        {
            "cell_type": "markdown",
            "metadata": {},
            "source": [
                "# Fine-tuning with LoRA\n",
                "\n",
                'Use the "low\n',
                'rank" adapter from `nvidia/X-Lora` café\n',
                "see https://hf.co/x",
            ],
        },
        {
            "cell_type": "code",
            "execution_count": 1,
            "metadata": {},
            "outputs": [{"name": "stdout", "text": ["lora alpha output\n"]}],
            "source": [
                "%pip install peft\n",
                "# load the low-rank adapter\n",
                'model = load("lora alpha")',
            ],
        },
        {"cell_type": "raw", "metadata": {}, "source": "raw text about LoRA"},
    ],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3 LoRA"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}


def _text(ensure_ascii: bool = True) -> str:
    return json.dumps(NOTEBOOK, indent=1, ensure_ascii=ensure_ascii)


def test_markdown_cell_prose_in_raw_coordinates() -> None:
    text = _text()
    e = extract_notebook(text)
    check_invariant(text, e, whitespace_ok=True)
    assert kept(text, e, "Fine-tuning with LoRA")
    assert kept(text, e, "Use the ")
    assert masked(text, e, "`nvidia/X-Lora`")
    assert masked(text, e, "https://hf.co/x")
    assert masked(text, e, '\\"')
    assert masked(text, e, "\\u00e9")  # é written as an escape
    start = text.index("Fine-tuning with LoRA")
    assert e.headings == ((start, start + len("Fine-tuning with LoRA")),)


def test_escapes_and_json_between_lines_become_whitespace() -> None:
    text = _text()
    e = extract_notebook(text)
    start = text.index("low\\n")
    end = text.index("rank", start) + 4
    prose = e.prose[start:end]
    assert prose.startswith("low") and prose.endswith("rank")
    middle = prose[3:-4]
    assert middle.strip(" \n") == ""  # "\n",\n    " is whitespace: "low" and "rank" still meet
    assert "\n" in middle and MASK not in middle


def test_code_cell_comment_kept_code_outputs_metadata_masked() -> None:
    text = _text()
    e = extract_notebook(text)
    assert kept(text, e, " load the low-rank adapter")
    assert masked(text, e, "%pip install peft")
    assert masked(text, e, "lora alpha", 0)  # output
    assert masked(text, e, 'load(\\"lora alpha\\")')
    assert masked(text, e, "raw text about LoRA")
    assert masked(text, e, "Python 3 LoRA")
    comment = text.index("# load the low-rank adapter")
    assert (comment, comment + len("# load the low-rank adapter")) in e.comments


def test_cells_recorded_with_raw_spans() -> None:
    text = _text()
    e = extract(text, DocumentKind.NOTEBOOK)
    assert [(c.index, c.kind) for c in e.cells] == [
        (0, DocumentKind.MARKDOWN),
        (1, DocumentKind.PYTHON),
    ]
    first = e.cells[0]
    assert text[first.start] == "[" and text[first.end - 1] == "]"
    assert "Fine-tuning" in text[first.start : first.end]
    assert e.cell_at(text.index("load the low-rank")) == e.cells[1]


def test_non_ascii_written_as_is() -> None:
    text = _text(ensure_ascii=False)
    e = extract_notebook(text)
    assert kept(text, e, " adapter from ")
    assert kept(text, e, " café")


def test_source_as_single_string() -> None:
    nb = {"cells": [{"cell_type": "markdown", "source": "LoRA and QLoRA\n\n`r`"}], "nbformat": 4}
    text = json.dumps(nb)
    e = extract_notebook(text)
    check_invariant(text, e, whitespace_ok=True)
    assert kept(text, e, "LoRA and QLoRA")
    assert masked(text, e, "`r`")


def test_broken_json_raises_with_position() -> None:
    text = _text()[:150]
    with pytest.raises(ExtractionError) as info:
        extract_notebook(text)
    assert info.value.line is not None and info.value.column is not None
    with pytest.raises(ExtractionError):
        extract_notebook('{"cells": 3}')


_SOURCE_LINE = st.text(
    alphabet=st.sampled_from([*list('ab #`$<>/_"\\\t\n\r\x00'), "é", "😀"]),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["markdown", "code", "raw"]), st.lists(_SOURCE_LINE, max_size=4)),
        max_size=4,
    ),
    st.booleans(),
    st.sampled_from([None, 1, 2]),
)
def test_property_any_cells(
    cells: list[tuple[str, list[str]]], ascii_only: bool, indent: int | None
) -> None:
    nb = {"cells": [{"cell_type": t, "metadata": {}, "source": s} for t, s in cells], "nbformat": 4}
    text = json.dumps(nb, ensure_ascii=ascii_only, indent=indent)
    e = extract_notebook(text)
    check_invariant(text, e, whitespace_ok=True)
    assert len(e.cells) == sum(1 for t, _ in cells if t != "raw")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=100))
def test_property_any_text_is_read_or_refused(text: str) -> None:
    try:
        e = extract_notebook(text)
    except ExtractionError:
        return
    check_invariant(text, e, whitespace_ok=True)
