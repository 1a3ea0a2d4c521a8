"""Extractors: one per file kind, each finding the prose of a document.

Whatever the kind, the prose is stored at two bytes per character at most
(:mod:`stand_ins`), and copyright and licence text (:mod:`legal`), the words of lists of values
that hold an identifier (:func:`masking.value_list_spans`) and bullet lists of bare
lower-case words (:func:`masking.bare_word_list_spans`) are masked in the result.

Each extractor's module is imported the first time a document of its kind is read, so a
run over Markdown alone never pays for the Python tokenizer, the JSON decoder or the
configuration scanners.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from mlgloss.analysis.document import DocumentKind, Extraction
from mlgloss.analysis.extract.errors import ExtractionError
from mlgloss.analysis.extract.legal import legal_spans
from mlgloss.analysis.extract.masking import (
    apply_masks_taking,
    bare_word_list_spans,
    value_list_spans,
)
from mlgloss.analysis.extract.stand_ins import narrowed

__all__ = ["ExtractionError", "extract"]

Extractor = Callable[[str], Extraction]

_EXTRACTORS: dict[DocumentKind, Extractor] = {}


def _load(kind: DocumentKind) -> Extractor:
    """The extractor of ``kind``, its module imported now."""
    extractor: Extractor
    if kind is DocumentKind.MARKDOWN:
        from mlgloss.analysis.extract.markdown import extract_markdown as extractor
    elif kind is DocumentKind.NOTEBOOK:
        from mlgloss.analysis.extract.notebook import extract_notebook as extractor
    elif kind is DocumentKind.PYTHON:
        from mlgloss.analysis.extract.python import extract_python as extractor
    elif kind is DocumentKind.YAML:
        from mlgloss.analysis.extract.config_yaml import extract_yaml as extractor
    elif kind is DocumentKind.JSON:
        from mlgloss.analysis.extract.config_json import extract_json as extractor
    elif kind is DocumentKind.TOML:
        from mlgloss.analysis.extract.config_toml import extract_toml as extractor
    elif kind is DocumentKind.RST:
        from mlgloss.analysis.extract.rst import extract_rst as extractor
    elif kind is DocumentKind.PLAINTEXT:
        from mlgloss.analysis.extract.plaintext import extract_plaintext as extractor
    else:
        raise KeyError(kind)
    _EXTRACTORS[kind] = extractor
    return extractor


def extract(
    text: str, kind: DocumentKind, *, top_level_starts: list[int] | None = None
) -> Extraction:
    """The prose of ``text`` read as a document of ``kind``.

    ``top_level_starts``, for Markdown only, gets the offsets where a top-level block starts
    (see :func:`markdown_blocks.scan_blocks`). Raises :class:`ExtractionError` only for a
    notebook whose JSON cannot be read.
    """
    if top_level_starts is not None:
        if kind is not DocumentKind.MARKDOWN:
            raise ValueError(f"top-level block starts are Markdown's, not {kind.name}'s")
        from mlgloss.analysis.extract.markdown import extract_markdown

        extraction = extract_markdown(text, top_level_starts)
    else:
        extractor = _EXTRACTORS.get(kind)
        if extractor is None:
            extractor = _load(kind)
        extraction = extractor(text)
    prose = narrowed(extraction.prose)  # the extractors that join their prose did already
    if prose is not extraction.prose:
        extraction = replace(extraction, prose=prose)
    del prose
    masks = legal_spans(text, extraction.prose)
    masks.extend(value_list_spans(extraction.prose))
    masks.extend(bare_word_list_spans(extraction.prose))
    if not masks:
        return extraction
    # The extractor's prose is let go before the masked one is joined: one full copy of a
    # large document in memory at a time, not two.
    holder = [extraction.prose]
    extraction = replace(extraction, prose="")
    return replace(extraction, prose=apply_masks_taking(holder, masks))
