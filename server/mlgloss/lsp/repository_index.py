"""The server's workspace index of the spellings each repository writes (``inconsistent``).

In repository scope the first document of a repository that needs the counts has the
repository read from disk once (:func:`mlgloss.analysis.repository_scan.scan_repository`,
in the analysis thread) before its findings, which compare every use with it. In document
scope the counts only settle which way a document that mixes spellings is pointed, so no
document waits for them: the repository is read a slice at a time between documents
(:meth:`mlgloss.lsp.diagnostics.Diagnostics.read_pending_repositories`), documents are
checked without the counts meanwhile, and the open documents are checked again when it is
read. After that each analysis of an open document replaces that document's counts only, a
file closed or changed on disk is counted again from disk alone, and nothing else is re-read.
When an edit changes which spelling a repository writes most, the other open documents
are checked again (their findings depend on it); a change of counts alone does not.
"""

from __future__ import annotations

from collections.abc import Container
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.uris import from_fs_path

from mlgloss.analysis.config.model import ProjectConfig
from mlgloss.analysis.repository_scan import count_file, scan_repository
from mlgloss.analysis.session import Session
from mlgloss.analysis.term_counts import (
    FileCounts,
    TermCounts,
    counts_spellings,
    reads_counts,
    repository_scope,
)
from mlgloss.lsp import documents

if TYPE_CHECKING:
    from mlgloss.lsp.server import MlglossServer
    from mlgloss.lsp.terms import View


def counts_for(
    session: Session, path: Path, config: ProjectConfig, open_paths: Container[str] = ()
) -> TermCounts | None:
    """The counts a document is compared with (reading its repository on first need)."""
    repositories = session.repositories
    if repositories is None or not counts_spellings(config):
        return None
    root = repositories.root_for(path, config)
    if not reads_counts(root, config):
        return None
    counts = repositories.counts(root)
    if root and root not in repositories.scanned:
        if not repository_scope(config):
            repositories.pending.add(root)  # read between documents; until then, none
            return None
        repositories.scanned.add(root)
        scan_repository(session, Path(root), counts, skip=open_paths)
    return counts


def record(counts: TermCounts, path: Path, found: FileCounts | None) -> bool:
    """Store one document's counts; True when a repository's target spelling changed, or
    whether it writes a name its own way (:meth:`TermCounts.house_name_spelling`)."""
    before = counts.targets()
    names = counts.name_entries(str(path)) | frozenset(found.name_spellings if found else ())
    houses = counts.house_names(names)
    if not counts.set_file(str(path), found):
        return False
    return counts.targets() != before or counts.house_names(names) != houses


def recount_from_disk(session: Session, path: Path) -> bool:
    """A file closed or changed on disk: count it as it is there; True if a target changed."""
    repositories = session.repositories
    if repositories is None:
        return False
    try:
        config = session.config_for(path)
    except Exception:  # a broken configuration is reported by the diagnostics
        return False
    counts = repositories.get(repositories.root_for(path, config))
    if counts is None or (str(path) not in counts and not path.is_file()):
        return False
    return record(counts, path, count_file(session, path) if path.is_file() else None)


def normalise_action(
    ls: MlglossServer, v: View, diagnostic: types.Diagnostic, entry_id: str
) -> types.CodeAction | None:
    """ "Write 'X' everywhere in this repository": one WorkspaceEdit over every file that
    writes the term another way (open documents from their buffers, the others from disk)."""
    from mlgloss.analysis.normalise import read_disk, repository_edits
    from mlgloss.lsp.position_encoding import LineIndex

    session = ls.session
    repositories = session.repositories
    if v.result is None or repositories is None or not repository_scope(v.result.config):
        return None
    counts = repositories.get(repositories.root_for(v.snapshot.path, v.result.config))
    if counts is None:
        return None
    buffers: dict[str, str] = {}
    for uri, document in list(ls.workspace.text_documents.items()):
        path = documents.path_of(uri)
        if path is not None:
            buffers[str(path)] = document.source

    def read(path: str) -> str | None:
        return buffers[path] if path in buffers else read_disk(path)

    files = repository_edits(session, counts, entry_id, read)
    if not files:
        return None
    changes: dict[str, list[types.TextEdit]] = {}
    targets: set[str] = set()
    for file in files:
        lines = LineIndex(file.text, ls.encoding)
        file_uri = from_fs_path(file.path) or file.path
        changes[file_uri] = [
            types.TextEdit(range=lines.range(e.start, e.end), new_text=e.new_text)
            for e in file.edits
        ]
        targets.update(e.new_text.lower() for e in file.edits)
    written = min(targets, key=len) if len(targets) > 1 else next(iter(targets))
    n = len(files)
    return types.CodeAction(
        title=f"Write '{written}' everywhere in this repository ({n} file{'s' if n > 1 else ''})",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=types.WorkspaceEdit(changes=changes),
    )
