"""Normalising one term across a repository: the edits that write every use the
repository's way, for the server's one ``WorkspaceEdit``.

Only the files the index says write the term another way are read (``read``: the editor's
buffer for an open document, else the disk). Each is analysed with the repository's counts
exactly as for its diagnostics, and the edits are the ``inconsistent`` fixes of that term,
chosen by :func:`mlgloss.analysis.fixes.chosen_fixes` as ``mlgloss check --fix
--unsafe-fixes --select inconsistent`` would choose them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mlgloss.analysis.document import kind_for_path
from mlgloss.analysis.findings import TextEdit
from mlgloss.analysis.fixes import chosen_fixes
from mlgloss.analysis.session import Session
from mlgloss.analysis.term_counts import TermCounts, target
from mlgloss.errors import MlglossError


@dataclass(frozen=True, slots=True)
class FileEdits:
    path: str
    text: str  # the text the edits apply to
    edits: tuple[TextEdit, ...]


def files_to_normalise(counts: TermCounts, entry_id: str) -> list[str]:
    """The files that write the entry otherwise than the repository's target spelling."""
    spellings = counts.spellings(entry_id)
    if len(spellings) < 2:
        return []
    files = counts.files_using(entry_id)
    preferred = next((c.preferred.get(entry_id) for c in files.values()), None)
    name = any(entry_id in c.names for c in files.values())
    settled = target(spellings, preferred, name)
    if settled is None:
        return []
    key = settled[0]
    return sorted(
        path for path, keys in files.items() if any(k != key for k in keys.uses[entry_id])
    )


def repository_edits(
    session: Session,
    counts: TermCounts,
    entry_id: str,
    read: Callable[[str], str | None],
) -> list[FileEdits]:
    """Per file, the edits that write ``entry_id`` the repository's way."""
    out: list[FileEdits] = []
    for path in files_to_normalise(counts, entry_id):
        text = read(path)
        kind = kind_for_path(path)
        if text is None or kind is None:
            continue
        try:
            config = session.config_for(path)
            from mlgloss.analysis.engine import analyze_document

            analysis = analyze_document(
                text,
                kind,
                glossary=session.glossary_for(config),
                config=config,
                path=path,
                repository=counts,
            )
        except MlglossError:
            continue
        mine = [f for f in analysis.findings if f.rule == "inconsistent" and f.entry_id == entry_id]
        edits = tuple(e for fix in chosen_fixes(mine, unsafe=True) for e in fix.edits)
        if edits:
            out.append(FileEdits(path, text, edits))
    return out


def read_disk(path: str) -> str | None:
    from mlgloss.files.reading import NotText, Unreadable, read_text

    try:
        return read_text(Path(path), 16 * 1024 * 1024)[1].text
    except (Unreadable, NotText, OSError):
        return None
