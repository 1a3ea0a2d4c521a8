"""Document sync: ``textDocument/didOpen|didChange|didSave|didClose`` and
``notebookDocument/didOpen|didChange|didSave|didClose``.

pygls keeps the text (incremental sync) and the notebooks' cells; these handlers only
tell the diagnostics scheduler what changed. :func:`snapshot` freezes what an analysis
needs: text, version, the file path whose configuration applies, and the kind. A notebook
cell is analysed as its own document of its language (Markdown cells as Markdown, Python
cells as Python) with the notebook's path, so its project configuration applies and its
diagnostics are published to the cell's URI.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from lsprotocol import types
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument

from mlgloss.analysis.document import DocumentKind, kind_for_language, kind_for_path
from mlgloss.lsp.position_encoding import LineIndex
from mlgloss.lsp.text_buffer import LineBufferDocument

if TYPE_CHECKING:
    from mlgloss.lsp.server import MlglossServer

CELL_KINDS = (DocumentKind.MARKDOWN, DocumentKind.PYTHON)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One version of one document, as an analysis sees it."""

    uri: str
    path: Path  # the file whose project configuration applies
    kind: DocumentKind
    version: int | None
    text: str
    notebook_uri: str | None = None


def path_of(uri: str, fallback_dir: Path | None = None) -> Path | None:
    """The file system path of a URI; untitled buffers get a name in ``fallback_dir``."""
    path = to_fs_path(uri)
    if path and uri.startswith("file:"):
        return Path(path)
    if fallback_dir is not None:
        return fallback_dir / "untitled.md"
    return None


def open_document(ls: MlglossServer, uri: str) -> TextDocument | None:
    """The open document at ``uri``, or None. pygls keys documents by the *unquoted* URI
    (code-server's cell URIs carry a percent-encoded fragment), so look them up that way."""
    document: TextDocument | None = ls.workspace.text_documents.get(unquote(uri))
    return document


def snapshot(ls: MlglossServer, uri: str) -> Snapshot | None:
    """The open document at ``uri`` (a file or a notebook cell), or None if not ours."""
    document = open_document(ls, uri)
    if document is None:
        return None
    notebook = ls.workspace.get_notebook_document(cell_uri=uri)
    if notebook is not None:
        path = path_of(notebook.uri, ls.root_dir())
        kind = kind_for_language(document.language_id)
        if path is None or kind not in CELL_KINDS:
            return None
        return Snapshot(uri, path, kind, document.version, document.source, notebook.uri)
    path = path_of(uri, ls.root_dir())
    if path is None:
        return None
    kind = kind_for_language(document.language_id) or kind_for_path(path)
    if kind is None:
        return None
    if kind is DocumentKind.NOTEBOOK and not str(path).endswith(".ipynb"):
        return None
    return Snapshot(uri, path, kind, document.version, document.source)


def line_index(ls: MlglossServer, snap: Snapshot) -> LineIndex:
    """The line index of a snapshot: the open document's own while its text is the same."""
    document = open_document(ls, snap.uri)
    if isinstance(document, LineBufferDocument) and document.source is snap.text:
        return document.buffer.index()
    return LineIndex(snap.text, ls.encoding)


def cell_uris(ls: MlglossServer, notebook_uri: str) -> list[str]:
    notebook = ls.workspace.get_notebook_document(notebook_uri=notebook_uri)
    return [cell.document for cell in notebook.cells] if notebook else []


def register(ls: MlglossServer) -> None:
    @ls.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: MlglossServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.diagnostics.schedule(params.text_document.uri, immediate=True)

    @ls.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: MlglossServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.diagnostics.schedule(params.text_document.uri)

    @ls.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: MlglossServer, params: types.DidSaveTextDocumentParams) -> None:
        # A saved configuration or glossary changes what every document is checked with,
        # also for clients that cannot watch files.
        path = path_of(params.text_document.uri)
        if path is not None:
            ls.watcher.files_changed([path])

    @ls.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: MlglossServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.diagnostics.forget(params.text_document.uri)
        path = path_of(params.text_document.uri)
        if path is not None:  # unsaved edits are gone: the repository counts the disk again
            ls.diagnostics.recount([path])

    @ls.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)
    def notebook_open(ls: MlglossServer, params: types.DidOpenNotebookDocumentParams) -> None:
        for cell in params.cell_text_documents:
            ls.diagnostics.schedule(cell.uri, immediate=True)

    @ls.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
    def notebook_change(ls: MlglossServer, params: types.DidChangeNotebookDocumentParams) -> None:
        cells = params.change.cells
        if cells is None:
            return
        if cells.structure is not None:
            for closed in cells.structure.did_close or []:
                ls.diagnostics.forget(closed.uri)
            for opened in cells.structure.did_open or []:
                ls.diagnostics.schedule(opened.uri, immediate=True)
        for data in cells.data or []:
            ls.diagnostics.schedule(data.document)
        for text in cells.text_content or []:
            ls.diagnostics.schedule(text.document.uri)

    @ls.feature(types.NOTEBOOK_DOCUMENT_DID_SAVE)
    def notebook_save(ls: MlglossServer, params: types.DidSaveNotebookDocumentParams) -> None:
        return None

    @ls.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
    def notebook_close(ls: MlglossServer, params: types.DidCloseNotebookDocumentParams) -> None:
        for cell in params.cell_text_documents:
            ls.diagnostics.forget(cell.uri)
