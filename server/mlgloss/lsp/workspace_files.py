"""The files of the workspace folders that are not open, for ``workspace/diagnostic`` and
``textDocument/references``: the core walker and reader (:mod:`mlgloss.files`), stepped
one file at a time in the analysis thread so the event loop never waits on the disk.

What the CLI would skip is skipped here too (``.gitignore``, ``include``/``exclude``,
``max_file_size``, FIFOs and devices, links out of the folder), and nothing is kept between
steps but the walk's position: each file is read, handed to ``use`` and dropped. At most
:data:`MAX_FILES` files are visited per request, so a huge folder cannot hold a request
for ever.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from pygls.uris import from_fs_path

from mlgloss.analysis.config.model import ProjectConfig
from mlgloss.analysis.document import DocumentKind
from mlgloss.analysis.errors import ConfigError
from mlgloss.errors import MlglossError
from mlgloss.files.reading import NotText, Unreadable, read_text
from mlgloss.files.walk import Candidate, Walker

if TYPE_CHECKING:
    from mlgloss.lsp.server import MlglossServer

MAX_FILES = 5000
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class WorkspaceFile:
    """One workspace file, read: URI, path, kind and text."""

    uri: str
    path: Path
    kind: DocumentKind
    text: str


def _resolver(ls: MlglossServer) -> Callable[[str], ProjectConfig | ConfigError]:
    def resolve(directory: str) -> ProjectConfig | ConfigError:
        try:
            return ls.session.config_for(directory)
        except ConfigError as exc:
            return exc
        except MlglossError as exc:  # a glossary path problem surfaces as a config error
            return ConfigError(exc.message, str(exc.file) if exc.file else None)

    return resolve


def _files(
    ls: MlglossServer, folders: Iterable[Path], skip: frozenset[str]
) -> Iterator[Candidate | str]:
    """Candidates (or, for an open document, its URI) in walk order; run in the thread."""
    visited = 0
    for folder in folders:
        walker = Walker(_resolver(ls), cwd=folder)
        for item in walker.walk_directory(os.path.abspath(folder), opened=True):
            if not isinstance(item, Candidate):
                continue
            visited += 1
            if visited > MAX_FILES:
                return
            uri = from_fs_path(str(item.path)) or str(item.path)
            yield uri if uri in skip else item


def _read(candidate: Candidate) -> WorkspaceFile | None:
    try:
        _, decoded = read_text(candidate.path, candidate.config.max_file_size)
    except (Unreadable, NotText):
        return None
    uri = from_fs_path(str(candidate.path)) or str(candidate.path)
    return WorkspaceFile(uri, candidate.path, candidate.kind, decoded.text)


@dataclass(frozen=True, slots=True)
class OpenDocument:
    """A workspace file the editor has open: use its buffer, not the disk."""

    uri: str


_DONE = object()


async def each_file(
    ls: MlglossServer, use: Callable[[WorkspaceFile], T]
) -> AsyncIterator[T | OpenDocument]:
    """``use(file)`` for each unopened workspace file, computed in the analysis thread one
    file per step (walk to it, read it, use it, drop it); an open document is yielded as an
    :class:`OpenDocument` for the caller to take from the editor's buffer."""
    loop = asyncio.get_running_loop()
    skip = frozenset(ls.workspace.text_documents)
    files = _files(ls, ls.folder_paths(), skip)

    def step() -> object:
        for item in files:
            if isinstance(item, str):
                return OpenDocument(item)
            read = _read(item)
            if read is not None:
                return (use(read),)
        return _DONE

    while True:
        got = await loop.run_in_executor(ls.diagnostics.executor, step)
        if got is _DONE:
            return
        if isinstance(got, OpenDocument):
            yield got
        else:
            assert isinstance(got, tuple)
            yield got[0]
