"""The project's own terms, discovered: one code path for ``mlgloss glossary suggest`` and
the language server (its ``project-term`` hints and the ``mlgloss.suggestProjectTerms``
command).

:func:`read_documents` walks and reads the files ``mlgloss check`` would check (the same
walker, configuration and size limit); :func:`discover_project` runs the two passes of
:class:`~mlgloss.analysis.term_discovery.Discovery` over them, each file with its own
configuration's glossary; :meth:`ProjectTerms.draft` writes the draft glossary and
:meth:`ProjectTerms.minority_uses` finds, in one document, the spellings of a discovered
term that the repository writes less often (where the server puts its hints).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from mlgloss.analysis.config.model import ProjectConfig
from mlgloss.analysis.document import DocumentKind
from mlgloss.analysis.session import Session
from mlgloss.analysis.term_discovery import Candidate, Discovery, Located, draft_glossary
from mlgloss.errors import MlglossError
from mlgloss.files.reading import NotText, Unreadable, read_text
from mlgloss.files.walk import Candidate as WalkedFile
from mlgloss.files.walk import Walker
from mlgloss.glossary.lookup import Glossary

Document = tuple[str, str, DocumentKind]  # path, text, kind

PROBE = "__mlgloss_probe__"  # a file name under the root, to resolve its configuration


def read_documents(
    paths: Iterable[str],
    session: Session,
    cwd: Path,
    on_error: Callable[[MlglossError], None] | None = None,
    opened: bool = False,
) -> list[Document]:
    """The files ``mlgloss check`` would check under ``paths``, read. A configuration error
    is raised (or, with ``on_error``, handed to it and the walk goes on); unreadable and
    binary files are skipped. ``opened``: the paths are an editor's workspace folders
    (:meth:`~mlgloss.files.walk.Walker.walk_directory`)."""
    walker = Walker(session.resolver.resolve_directory, cwd)
    out: list[Document] = []
    for item in walker.walk(list(paths) or ["."], opened=opened):
        if not isinstance(item, WalkedFile):
            if isinstance(item, MlglossError):
                if on_error is None:
                    raise item
                on_error(item)
            continue
        try:
            _, decoded = read_text(item.path, item.config.max_file_size)
        except (Unreadable, NotText):
            continue
        out.append((str(item.path), decoded.text, item.kind))
    return out


@dataclass
class Hint:
    """A minority spelling of a discovered term in one document (offsets in its text)."""

    start: int
    end: int
    text: str
    candidate: Candidate

    @property
    def preferred(self) -> str:
        return self.candidate.spellings[0].text

    @property
    def message(self) -> str:
        top = self.candidate.spellings[0]
        files = "1 file" if len(top.files) == 1 else f"{len(top.files)} files"
        uses = "once" if top.uses == 1 else f"{top.uses} times"
        return (
            f"'{self.text}' here; this repository writes '{top.text}' {uses} in {files}, "
            "a term the glossary does not know (mlgloss: Suggest Project Terms drafts it)"
        )


@dataclass
class ProjectTerms:
    """The discovered terms of one set of files, and what is needed to place hints."""

    discovery: Discovery
    candidates: list[Candidate]
    glossary: Glossary
    files: int

    def draft(self, limit: int | None = None) -> str:
        """The draft project glossary (YAML), the ``limit`` most widespread terms."""
        return draft_glossary(self.candidates, limit=limit, reserved=self.glossary.entries)

    def minority_uses(
        self,
        path: str,
        text: str,
        kind: DocumentKind,
        glossary: Glossary,
        config: ProjectConfig,
        limit: int | None = None,
    ) -> list[Hint]:
        """The uses in this document of a spelling of a discovered term (among the first
        ``limit``) other than the one the repository writes most."""
        chosen = self.candidates if limit is None else self.candidates[:limit]
        by_spelling: dict[str, Candidate] = {}
        for candidate in chosen:
            for spelling in candidate.spellings[1:]:
                by_spelling.setdefault(spelling.text, candidate)
        if not by_spelling:
            return []
        out: list[Hint] = []
        for found in self.discovery.locate(path, text, kind, glossary, config):
            term = by_spelling.get(_singular_in(found, by_spelling))
            if term is not None:
                out.append(Hint(found.start, found.end, text[found.start : found.end], term))
        return out


def _singular_in(found: Located, known: dict[str, Candidate]) -> str:
    """The spelling as the candidates hold it ("time steps" is counted as "time step")."""
    if found.text in known:
        return found.text
    if found.text[-1:] in "sS" and found.text[:-1] in known:
        return found.text[:-1]
    return found.text


def discover_project(session: Session, documents: list[Document], root: Path) -> ProjectTerms:
    """The two passes of discovery over ``documents``, each counted with its configuration's
    glossary; ``root`` resolves the glossary when there is no document."""
    discovery = Discovery()
    for _, text, kind in documents:
        discovery.scan(text, kind)
    glossary: Glossary | None = None
    for path, text, kind in documents:
        config = session.config_for(path)
        glossary = session.glossary_for(config)
        discovery.count(path, text, kind, glossary, config)
    if glossary is None:
        glossary = session.glossary_for(session.config_for(root / PROBE))
    return ProjectTerms(discovery, discovery.candidates(glossary), glossary, len(documents))
