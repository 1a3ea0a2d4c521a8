"""Property tests for every extractor: any text in, an extraction of the same shape out.

For every kind, on shapeless hostile text and on realistic documents: no exception (a
notebook may only raise ExtractionError, and only when its JSON is broken), ``prose`` as
long as the text, every line break kept at its place, every other code point either kept
or masked, spans inside the text and keys naming exactly their text.
"""

from __future__ import annotations

import pytest
from hardening_support import DOCUMENTS, PROFILE, check_extraction, raw_text
from hypothesis import given, settings
from hypothesis import strategies as st

from mlgloss.analysis.document import DocumentKind
from mlgloss.analysis.extract import ExtractionError, extract

TEXT_KINDS = [k for k in DocumentKind if k is not DocumentKind.NOTEBOOK]


@pytest.mark.parametrize("kind", TEXT_KINDS, ids=str)
@settings(PROFILE)
@given(text=raw_text)
def test_any_text_extracts_with_its_shape(kind: DocumentKind, text: str) -> None:
    check_extraction(text, kind, extract(text, kind))


@pytest.mark.parametrize("kind", list(DocumentKind), ids=str)
@settings(PROFILE)
@given(data=st.data())
def test_documents_extract_with_their_shape(kind: DocumentKind, data: st.DataObject) -> None:
    text = data.draw(DOCUMENTS[kind], label="document")
    check_extraction(text, kind, extract(text, kind))


@settings(PROFILE)
@given(text=raw_text)
def test_any_text_as_a_notebook_is_read_or_refused_with_a_position(text: str) -> None:
    try:
        extraction = extract(text, DocumentKind.NOTEBOOK)
    except ExtractionError as err:
        assert err.message
        return
    check_extraction(text, DocumentKind.NOTEBOOK, extraction)


@settings(PROFILE)
@given(document=DOCUMENTS[DocumentKind.NOTEBOOK], cut=st.integers(min_value=1))
def test_a_truncated_notebook_is_refused_with_line_and_column(document: str, cut: int) -> None:
    text = document[: len(document) - 1 - cut % len(document)]
    with pytest.raises(ExtractionError) as caught:
        extract(text, DocumentKind.NOTEBOOK)
    assert caught.value.line is not None and caught.value.column is not None
    assert 1 <= caught.value.line <= text.count("\n") + text.count("\r") + 1
