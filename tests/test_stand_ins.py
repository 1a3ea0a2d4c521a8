"""The prose's stand-ins for characters beyond the BMP (analysis/extract/stand_ins.py).

Two promises: a document with an emoji in it has prose stored at two bytes per character,
and the stand-ins change nothing a user sees. The second is checked as a difference: the
same documents analysed by the real engine with the stand-ins and with every character
kept as written give equal findings (messages and fixes included).
"""

from __future__ import annotations

import json
import sys
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlgloss.analysis.document import DocumentKind
from mlgloss.analysis.engine import analyze_document
from mlgloss.analysis.extract import extract, stand_ins
from mlgloss.glossary.layers import load_glossary
from mlgloss.glossary.lookup import Glossary

# Characters beyond the BMP of every kind the rules could tell apart: pictographs, a skin
# tone, a joined emoji, supplementary ideographs, mathematical letters and digits (the
# capitals have no stand-in), a letter with a lower case, combining marks, tags,
# private use, an unassigned code point.
ASTRAL = [
    "\U0001f600", "\U0001f917", "\U0001f44d\U0001f3fb", "\U0001f9d1\u200d\U0001f4bb",
    "\U00020000", "\U0002a6d6", "\U0001d431", "\U0001d400", "\U0001d7cf", "\U00010400",
    "\U00010428", "\U0001d165", "\U000e0061", "\U000f0000", "\U0003fffd", "\U00010330",
]  # fmt: skip
PIECES = [
    "We fine-tune with Lora adapters. ",
    "Pretraining and pre-training differ. ",
    "Chinchila and Transfomer laws. ",
    "DPO and GRPO work; ",
    "\U0001f917 Transformers ",
    "LoRA",
    "Lo",
    "RA",
    "Pytorch ",
    "huggingface",
    "```\ncode = 1\n```\n",
    "\n\n",
    "# Pre-Training With Pytorch\n",
    "- item with QLora\n",
    "[A Paper](https://arxiv.org/abs/1) ",
    '"Quoted Title" ',
    "\u4e2d\u6587\u53e5\u5b50\u4f7f\u7528 ",
    "\u2019s ",
    " ",
    "-",
    "(",
    ")",
    ".",
]
KINDS = [DocumentKind.MARKDOWN, DocumentKind.PYTHON, DocumentKind.YAML, DocumentKind.PLAINTEXT]
_GLOSSARY: list[Glossary] = []


def glossary() -> Glossary:
    if not _GLOSSARY:
        _GLOSSARY.append(load_glossary())
    return _GLOSSARY[0]


class _AsWritten(dict[int, int]):
    """A translate table that keeps every character: the prose as it was before stand-ins."""

    full = False

    def __missing__(self, code: int) -> int:
        return code


def _as_source(text: str, kind: DocumentKind) -> str:
    """``text`` as a document of ``kind``: prose in a docstring, a comment, a notebook cell."""
    if kind is DocumentKind.PYTHON:
        return '"""' + text.replace('"', "'").replace("\\", "/") + '"""\n'
    if kind is DocumentKind.YAML:
        lines = text.replace("\r", "").split("\n")
        return "".join(f"# {line}\n" for line in lines) + "key: value\n"
    if kind is DocumentKind.NOTEBOOK:
        cell = {"cell_type": "markdown", "metadata": {}, "source": text.splitlines(True)}
        return json.dumps(
            {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5},
            ensure_ascii=False,
        )
    return text


def _width(text: str) -> int:
    """Bytes per character CPython stores ``text`` at."""
    return 4 if any(ord(c) > 0xFFFF for c in text) else 2 if any(ord(c) > 0xFF for c in text) else 1


documents = st.lists(st.sampled_from(PIECES + ASTRAL), min_size=1, max_size=24).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=documents, kind=st.sampled_from([*KINDS, DocumentKind.NOTEBOOK]))
def test_stand_ins_change_no_finding(body: str, kind: DocumentKind) -> None:
    text = _as_source(body, kind)
    narrow = analyze_document(text, kind, glossary=glossary())
    table = stand_ins._TABLE
    stand_ins._TABLE = _AsWritten()
    try:
        wide = analyze_document(text, kind, glossary=glossary())
    finally:
        stand_ins._TABLE = table
    assert narrow.findings == wide.findings
    assert len(narrow.extraction.prose) == len(wide.extraction.prose) == len(text)
    masked = [i for i, c in enumerate(wide.extraction.prose) if c == "\x00"]
    assert masked == [i for i, c in enumerate(narrow.extraction.prose) if c == "\x00"]


@pytest.mark.parametrize("kind", [*KINDS, DocumentKind.NOTEBOOK])
def test_an_emoji_leaves_the_prose_at_two_bytes_per_character(kind: DocumentKind) -> None:
    body = "\U0001f600 We fine-tune with Lora on \U00020000 text \u2013 the \U0001d431 way.\n" * 50
    text = _as_source(body, kind)
    prose = extract(text, kind).prose
    assert _width(text) == 4
    assert _width(prose) == 2
    assert sys.getsizeof(prose) < 2.1 * len(prose) + 100
    assert "Lora" in prose


def test_each_stand_in_answers_as_its_character() -> None:
    for char in ASTRAL:
        for one in char:
            other = stand_ins.stand_in(one)
            if other == one:  # no stand-in: the character stays
                assert one in "\U0001d400\U0001d165" or ord(one) < 0x10000
                continue
            assert ord(other) < 0x10000
            assert unicodedata.category(other) == unicodedata.category(one)
            assert other.isalnum() == one.isalnum() and other.isupper() == one.isupper()
            assert (other.lower() == other) == (one.lower() == one)
            assert not other.isascii() and ord(other) >= 0x2C00


def test_dense_and_sparse_pieces_give_the_same_stand_ins() -> None:
    sparse = "a" * 10_000 + "\U0001f600" + "b" * 10_000
    dense = "\U0001f600x" * 5_000
    assert stand_ins.narrowed(sparse) == sparse.replace(
        "\U0001f600", stand_ins.stand_in("\U0001f600")
    )
    assert stand_ins.narrowed(dense) == dense.replace(
        "\U0001f600", stand_ins.stand_in("\U0001f600")
    )
    assert stand_ins.narrowed("plain") == "plain"


def test_a_full_table_leaves_the_prose_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    """A text of more distinct characters beyond the BMP than the table holds: the first
    ones get stand-ins, then the prose stays as wide as written, and the findings are the
    same as with no stand-ins at all."""
    monkeypatch.setattr(stand_ins, "MAX_DISTINCT", 3)
    monkeypatch.setattr(stand_ins, "_TABLE", stand_ins._StandIns())
    many = "".join(chr(0x1F600 + i) for i in range(10))  # emoji: one stand-in for all
    piece = stand_ins.narrowed("LoRA " + many)
    assert piece[5:8] == stand_ins.stand_in(many[0]) * 3
    assert piece[8:] == many[3:]  # the table is full: as written
    assert stand_ins.narrowed(many) == many
    text = "We fine-tune with Lora. " + many + " Lora and LoRA.\n"
    table = stand_ins._TABLE
    narrow = analyze_document(text, DocumentKind.MARKDOWN, glossary=glossary())
    monkeypatch.setattr(stand_ins, "_TABLE", _AsWritten())
    wide = analyze_document(text, DocumentKind.MARKDOWN, glossary=glossary())
    assert narrow.findings == wide.findings and narrow.findings
    assert table.full
