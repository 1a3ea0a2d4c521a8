"""Running the engine on a document snapshot, and what the server keeps of the result.

:func:`analyse` is the one place the server calls the engine for a document: it resolves
the file's configuration and glossary through the :class:`~mlgloss.analysis.session.Session`
(exactly what ``Session.analyze`` does) and keeps them beside the analysis, because hover,
completion and code actions need the same glossary and the diagnostics' fixes. When the
configuration or a glossary is broken, the error is returned with the result and the
document is analysed with the last good configuration and glossary, so the server keeps
working while the user mends the file.

Runs in the analysis thread, never on the event loop.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Container
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lsprotocol import types

from mlgloss.analysis.config.model import ProjectConfig
from mlgloss.analysis.document import MASK, Extraction
from mlgloss.analysis.limits import too_large_notice
from mlgloss.analysis.session import Session
from mlgloss.errors import MlglossError
from mlgloss.lsp.convert import finding_to_diagnostic
from mlgloss.lsp.documents import Snapshot
from mlgloss.lsp.position_encoding import LineIndex
from mlgloss.lsp.repository_index import counts_for, record

log = logging.getLogger("mlgloss.lsp")

NOT_CHECKED = "not-checked"
"""The code of the diagnostic that says a document was too large to check."""

if TYPE_CHECKING:
    from mlgloss.analysis.engine import Analysis
    from mlgloss.analysis.incremental import IncrementalAnalyzer
    from mlgloss.glossary.lookup import Glossary


@dataclass
class Result:
    """The analysis of one snapshot, with what it was analysed with."""

    snapshot: Snapshot
    analysis: Analysis
    config: ProjectConfig
    glossary: Glossary
    lines: LineIndex
    diagnostics: list[types.Diagnostic]
    problem: MlglossError | None = None
    generation: int = 0  # the settings generation it was computed under
    # inconsistent in repository scope: this analysis changed a repository's target spelling
    repository_changed: bool = False

    @property
    def result_id(self) -> str:
        return f"{self.snapshot.version}.{self.generation}"


@dataclass
class LastGood:
    """The last configuration and glossary that loaded, per project root (and overall)."""

    by_root: dict[str, tuple[ProjectConfig, Glossary]] = field(default_factory=dict)
    any: tuple[ProjectConfig, Glossary] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def remember(self, config: ProjectConfig, glossary: Glossary) -> None:
        with self.lock:
            self.by_root[str(config.root)] = (config, glossary)
            self.any = (config, glossary)

    def recall(self, config: ProjectConfig | None) -> tuple[ProjectConfig, Glossary]:
        with self.lock:
            if config is not None and str(config.root) in self.by_root:
                _, glossary = self.by_root[str(config.root)]
                return config, glossary
            if self.any is not None:
                good_config, glossary = self.any
                return config or good_config, glossary
        from mlgloss.glossary.layers import load_glossary

        return config or ProjectConfig(), load_glossary(builtin=True)


def resolve(
    session: Session, snapshot: Snapshot, last_good: LastGood
) -> tuple[ProjectConfig, Glossary, MlglossError | None]:
    """The configuration and glossary for a document, or the last good ones and the error."""
    config: ProjectConfig | None = None
    try:
        config = session.config_for(snapshot.path)
        glossary = session.glossary_for(config)
    except MlglossError as error:
        good_config, good_glossary = last_good.recall(config)
        return good_config, good_glossary, error
    last_good.remember(config, glossary)
    return config, glossary, None


class Superseded(Exception):
    """The document changed while its analysis ran: the result would be thrown away."""


def analyse(
    session: Session,
    snapshot: Snapshot,
    last_good: LastGood,
    encoding: str,
    generation: int,
    analyzer: IncrementalAnalyzer | None = None,
    superseded: Callable[[], bool] | None = None,
    open_paths: Container[str] = (),
    hints: Callable[[Snapshot, ProjectConfig, Glossary, LineIndex], list[types.Diagnostic]]
    | None = None,
) -> Result:
    """Analyse a snapshot; ``analyzer`` (the document's own) re-analyses only what changed.

    ``hints`` adds diagnostics of the server's own (the ``project-term`` hints) to those
    of a checked document. ``superseded`` is asked between the stages (before the engine
    runs, before its findings are converted); when it answers yes the work stops with
    :class:`Superseded`.
    """
    from mlgloss.analysis.engine import Analysis, analyze_document  # loaded on first use

    def check() -> None:
        if superseded is not None and superseded():
            raise Superseded

    check()
    config, glossary, problem = resolve(session, snapshot, last_good)
    check()
    lines = LineIndex(snapshot.text, encoding)
    notice = None
    repository_changed = False
    if not config.is_included(snapshot.path):
        analysis = Analysis((), _empty_extraction(snapshot.text))
    elif len(snapshot.text) > config.max_file_size:
        analysis = Analysis((), _empty_extraction(snapshot.text))
        notice = (
            f"too large to check: {len(snapshot.text):,} characters (max_file_size is "
            f"{config.max_file_size:,}); not checked"
        )
    else:
        analyze = analyzer.analyze if analyzer is not None else analyze_document
        # A notebook's cells share its path: the notebook is counted from disk instead.
        whole_file = snapshot.notebook_uri is None and snapshot.uri.startswith("file:")
        counts = counts_for(session, snapshot.path, config, open_paths) if whole_file else None
        analysis = analyze(
            snapshot.text,
            snapshot.kind,
            glossary=glossary,
            config=config,
            path=str(snapshot.path),
            repository=counts,
        )
        if counts is not None:
            repository_changed = record(counts, snapshot.path, analysis.term_counts)
    check()
    diagnostics = [
        finding_to_diagnostic(f, lines, snapshot.text, snapshot.version) for f in analysis.findings
    ]
    if hints is not None and notice is None and not analysis.too_large:
        try:
            diagnostics.extend(hints(snapshot, config, glossary, lines))
        except Exception:  # the findings are still published
            log.exception("mlgloss: project-term hints failed for %s", snapshot.path)
    if analysis.too_large:
        notice = too_large_notice(len(snapshot.text))
    if notice is not None:
        log.warning("mlgloss: %s: %s", snapshot.path, notice)
        diagnostics.append(_not_checked(notice))
    return Result(
        snapshot,
        analysis,
        config,
        glossary,
        lines,
        diagnostics,
        problem,
        generation,
        repository_changed=repository_changed,
    )


def _not_checked(notice: str) -> types.Diagnostic:
    """An information diagnostic at the top of a document that was not checked (no rule,
    no data, so no code action offers anything for it)."""
    start = types.Position(line=0, character=0)
    return types.Diagnostic(
        range=types.Range(start=start, end=start),
        message=f"mlgloss: {notice}",
        severity=types.DiagnosticSeverity.Information,
        source="mlgloss",
        code=NOT_CHECKED,
    )


def _empty_extraction(text: str) -> Extraction:
    """Nothing is prose: for files the configuration excludes or finds too large."""
    return Extraction(prose=MASK * len(text))
