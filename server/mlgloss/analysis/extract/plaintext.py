"""Plain-text extractor (``.txt``): everything is prose except URLs, e-mail addresses,
paths, model IDs and identifiers (see :func:`masking.token_spans`)."""

from __future__ import annotations

from mlgloss.analysis.document import Extraction
from mlgloss.analysis.extract.masking import apply_masks, token_spans


def extract_plaintext(text: str) -> Extraction:
    return Extraction(prose=apply_masks(text, token_spans(text)))
