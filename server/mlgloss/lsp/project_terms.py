"""The project's own terms in the editor: ``project-term`` hints and the command
``mlgloss.suggestProjectTerms``.

With ``suggest_terms = true`` in a project's configuration, each checked document gets a
Hint-severity diagnostic (code ``project-term``) on every spelling of a term the repository
writes several ways that is not the one it writes most (the terms ``mlgloss glossary
suggest`` would draft, from :mod:`mlgloss.analysis.project_terms`: the same walk, reading and
discovery). Its code action runs the command, which answers ``{"draft": YAML, "terms": n,
"files": n}`` for the folder named in its argument (``{"folder": uri}``; else the first
workspace folder); the VS Code extension opens the draft in an untitled YAML editor.

The discovery over a repository is computed on first need, in the analysis thread, and kept
per repository root; a file saved, created or deleted under a root drops what was kept for it,
and the command always discovers afresh. Off by default: nothing is read otherwise.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.uris import from_fs_path, to_fs_path

from mlgloss.analysis.config.model import ProjectConfig
from mlgloss.analysis.project_terms import (
    ProjectTerms,
    discover_project,
    read_documents,
)
from mlgloss.analysis.session import Session
from mlgloss.lsp.convert import SOURCE
from mlgloss.lsp.settings import plain

if TYPE_CHECKING:
    from mlgloss.glossary.lookup import Glossary
    from mlgloss.lsp.documents import Snapshot
    from mlgloss.lsp.position_encoding import LineIndex
    from mlgloss.lsp.server import MlglossServer

log = logging.getLogger("mlgloss.lsp")

COMMAND = "mlgloss.suggestProjectTerms"
HINT_CODE = "project-term"
HINT_LIMIT = 50  # hints for the terms the draft would hold (`glossary suggest`'s default)
ACTION_TITLE = "Open the draft project glossary (mlgloss: Suggest Project Terms)"


class ProjectTermsCache:
    """The discovered terms of each repository root, computed once and dropped on change."""

    def __init__(self) -> None:
        self._by_root: dict[str, ProjectTerms] = {}
        self._lock = threading.Lock()

    def get(self, session: Session, root: str) -> ProjectTerms:
        with self._lock:
            found = self._by_root.get(root)
        if found is None:
            found = discover(session, Path(root))
            with self._lock:
                self._by_root[root] = found
        return found

    def put(self, root: str, terms: ProjectTerms) -> None:
        with self._lock:
            self._by_root[root] = terms

    def changed(self, path: Path) -> None:
        """A file changed on disk: forget the roots that hold it."""
        with self._lock:
            for root in [r for r in self._by_root if path.is_relative_to(r)]:
                del self._by_root[root]

    def clear(self) -> None:
        with self._lock:
            self._by_root.clear()


def discover(session: Session, root: Path) -> ProjectTerms:
    """The project terms of the files under ``root`` (a broken configuration below it is
    logged and its files skipped, as the walk skips them)."""

    def skipped(error: Exception) -> None:
        log.warning("mlgloss: project terms: %s", error)

    documents = read_documents([str(root)], session, root, on_error=skipped, opened=True)
    return discover_project(session, documents, root)


def _root(session: Session, path: Path, config: ProjectConfig) -> str:
    repositories = session.repositories
    if repositories is not None:
        return repositories.root_for(path, config)
    return str(config.root) if config.root is not None else ""


def hints(
    ls: MlglossServer,
    snapshot: Snapshot,
    config: ProjectConfig,
    glossary: Glossary,
    lines: LineIndex,
) -> list[types.Diagnostic]:
    """The ``project-term`` hints of one document, when its project opts in."""
    if not config.suggest_terms or snapshot.notebook_uri is not None:
        return []
    if not snapshot.uri.startswith("file:"):
        return []  # an untitled buffer belongs to no repository
    root = _root(ls.session, snapshot.path, config)
    if not root:
        return []
    terms = ls.project_terms.get(ls.session, root)
    found = terms.minority_uses(
        str(snapshot.path), snapshot.text, snapshot.kind, glossary, config, HINT_LIMIT
    )
    folder = from_fs_path(root) or root
    return [
        types.Diagnostic(
            range=lines.range(hint.start, hint.end),
            message=hint.message,
            severity=types.DiagnosticSeverity.Hint,
            code=HINT_CODE,
            source=SOURCE,
            data={
                "version": snapshot.version,
                "rule": HINT_CODE,
                "start": hint.start,
                "end": hint.end,
                "text": hint.text,
                "fixes": [],
                "preferred": hint.preferred,
                "folder": folder,
            },
        )
        for hint in found
    ]


def action(diagnostic: types.Diagnostic) -> types.Command:
    """The code action of a ``project-term`` hint: the command, for its repository. A bare
    ``Command`` (which LSP allows as a code action): a ``CodeAction`` holding a command is
    read back as a ``Command`` by lsprotocol's clients anyway, its ``command`` garbled."""
    data = plain(diagnostic.data)
    folder = data.get("folder") if isinstance(data, dict) else None
    return types.Command(
        title=ACTION_TITLE,
        command=COMMAND,
        arguments=[{"folder": folder}] if folder else [],
    )


def _folder_from(ls: MlglossServer, arguments: Any) -> Path | None:
    raw = plain(arguments)
    if isinstance(raw, list) and raw and isinstance(raw[0], dict):
        uri = raw[0].get("folder")
        if isinstance(uri, str) and uri:
            path = to_fs_path(uri) if "://" in uri else uri
            if path:
                return Path(path)
    return ls.root_dir()


def register(ls: MlglossServer) -> None:
    # No annotation naming the server: pygls resolves the handler's type hints at run time.
    @ls.command(COMMAND)
    async def suggest_project_terms(ls: Any, *arguments: Any) -> dict[str, Any]:
        import asyncio

        folder = _folder_from(ls, list(arguments))
        if folder is None:
            return {"draft": "", "terms": 0, "files": 0, "error": "no workspace folder"}
        loop = asyncio.get_running_loop()
        terms = await loop.run_in_executor(ls.diagnostics.executor, discover, ls.session, folder)
        ls.project_terms.put(str(folder), terms)
        draft = terms.draft(limit=HINT_LIMIT)
        return {
            "draft": draft,
            "terms": min(len(terms.candidates), HINT_LIMIT),
            "files": terms.files,
        }
