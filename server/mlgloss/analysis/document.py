"""Document kinds and what extraction makes of a document.

Every extractor returns an :class:`Extraction` whose ``prose`` string has exactly the
length of the document's text: prose code points are kept as they are, everything that
is not prose (code, URLs, link destinations, HTML, keys, notebook JSON syntax) is replaced
by :data:`MASK`. Newlines are kept wherever the document has one, so offsets, lines and
columns in ``prose`` are those of the original text and no offset mapping is ever needed.
Whitespace that separates prose in the reader's eyes but is syntax in the file (the JSON
between two lines of a notebook cell) may be written as a space or newline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePath

MASK = "\x00"
"""Stands in for a code point that is not prose; never part of a word or a whitespace run."""


class DocumentKind(StrEnum):
    MARKDOWN = "markdown"
    NOTEBOOK = "notebook"
    PYTHON = "python"
    YAML = "yaml"
    JSON = "json"
    TOML = "toml"
    RST = "rst"
    PLAINTEXT = "plaintext"

    @property
    def is_config(self) -> bool:
        return self in (DocumentKind.YAML, DocumentKind.JSON, DocumentKind.TOML)

    @property
    def is_prose_document(self) -> bool:
        """Documents written mainly as prose (acronym expansion is expected in them)."""
        return self in (
            DocumentKind.MARKDOWN,
            DocumentKind.NOTEBOOK,
            DocumentKind.RST,
            DocumentKind.PLAINTEXT,
        )


_SUFFIX_KINDS: dict[str, DocumentKind] = {
    ".md": DocumentKind.MARKDOWN,
    ".mdx": DocumentKind.MARKDOWN,
    ".markdown": DocumentKind.MARKDOWN,
    ".ipynb": DocumentKind.NOTEBOOK,
    ".py": DocumentKind.PYTHON,
    ".pyi": DocumentKind.PYTHON,
    ".yaml": DocumentKind.YAML,
    ".yml": DocumentKind.YAML,
    ".json": DocumentKind.JSON,
    ".toml": DocumentKind.TOML,
    ".rst": DocumentKind.RST,
    ".txt": DocumentKind.PLAINTEXT,
    ".text": DocumentKind.PLAINTEXT,
}

# LSP language identifiers that name a kind (VS Code's and Neovim's filetypes).
_LANGUAGE_KINDS: dict[str, DocumentKind] = {
    "markdown": DocumentKind.MARKDOWN,
    "mdx": DocumentKind.MARKDOWN,
    "python": DocumentKind.PYTHON,
    "yaml": DocumentKind.YAML,
    "json": DocumentKind.JSON,
    "jsonc": DocumentKind.JSON,
    "toml": DocumentKind.TOML,
    "restructuredtext": DocumentKind.RST,
    "rst": DocumentKind.RST,
    "plaintext": DocumentKind.PLAINTEXT,
    "text": DocumentKind.PLAINTEXT,
    "jupyter": DocumentKind.NOTEBOOK,
}


def kind_for_path(path: str | PurePath) -> DocumentKind | None:
    """The kind a file's name says it is, or None for files mlgloss does not read."""
    return _SUFFIX_KINDS.get(PurePath(path).suffix.lower())


def kind_for_language(language_id: str | None) -> DocumentKind | None:
    if not language_id:
        return None
    return _LANGUAGE_KINDS.get(language_id.lower())


def supported_suffixes() -> tuple[str, ...]:
    return tuple(_SUFFIX_KINDS)


@dataclass(frozen=True, slots=True)
class ConfigKey:
    """A key in a config file, with the offsets of its name in the document.

    ``section``: the dotted path of the mappings the key sits in, ``[]`` marking a list item
    (``""`` at the top level, ``zero_optimization``, ``datasets[]``); ``"?"`` when the
    extractor cannot tell.
    """

    start: int
    end: int
    name: str
    section: str = ""


@dataclass(frozen=True, slots=True)
class Cell:
    """A notebook cell: its index and the span of its source in the .ipynb text."""

    index: int
    start: int
    end: int
    kind: DocumentKind  # MARKDOWN or PYTHON


@dataclass(frozen=True, slots=True)
class Extraction:
    prose: str  # same length as the text; non-prose code points are MASK
    headings: tuple[tuple[int, int], ...] = ()  # spans of heading text (Title Case allowed)
    keys: tuple[ConfigKey, ...] = ()  # config keys (YAML, JSON, TOML)
    cells: tuple[Cell, ...] = ()  # notebook cells, in order
    comments: tuple[tuple[int, int], ...] = field(default=())  # comment spans (suppressions)

    def cell_at(self, offset: int) -> Cell | None:
        for cell in self.cells:
            if cell.start <= offset < cell.end:
                return cell
        return None
