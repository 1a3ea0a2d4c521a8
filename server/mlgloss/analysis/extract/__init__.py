"""Extractors: one per file kind, each finding the prose of a document."""

from __future__ import annotations

from collections.abc import Callable

from mlgloss.analysis.document import DocumentKind, Extraction
from mlgloss.analysis.extract.configs import extract_json, extract_toml, extract_yaml
from mlgloss.analysis.extract.errors import ExtractionError
from mlgloss.analysis.extract.markdown import extract_markdown
from mlgloss.analysis.extract.notebook import extract_notebook
from mlgloss.analysis.extract.plaintext import extract_plaintext
from mlgloss.analysis.extract.python import extract_python
from mlgloss.analysis.extract.rst import extract_rst

__all__ = ["ExtractionError", "extract"]

_EXTRACTORS: dict[DocumentKind, Callable[[str], Extraction]] = {
    DocumentKind.MARKDOWN: extract_markdown,
    DocumentKind.NOTEBOOK: extract_notebook,
    DocumentKind.PYTHON: extract_python,
    DocumentKind.YAML: extract_yaml,
    DocumentKind.JSON: extract_json,
    DocumentKind.TOML: extract_toml,
    DocumentKind.RST: extract_rst,
    DocumentKind.PLAINTEXT: extract_plaintext,
}


def extract(text: str, kind: DocumentKind) -> Extraction:
    """The prose of ``text`` read as a document of ``kind``.

    Raises :class:`ExtractionError` only for a notebook whose JSON cannot be read.
    """
    return _EXTRACTORS[kind](text)
