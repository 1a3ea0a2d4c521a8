"""Diagnostics: pushed (``textDocument/publishDiagnostics``) or pulled
(``textDocument/diagnostic``, ``workspace/diagnostic``).

Push is used unless the client can pull (``textDocument.diagnostic`` in its capabilities);
never both, so no editor shows a finding twice. Each document change schedules an analysis
after a 150 ms quiet period (one pending task per document, which each change only
postpones; a change during the analysis cancels it), and the analysis runs in one worker
thread, off the event loop. A result is kept and published only if the document still has
the version it was computed for, so a burst of edits ends with the final version's
diagnostics and nothing older.

Broken configuration or glossary files are reported where the error is: a diagnostic
published to that file's URI and a ``window/showMessage``, once per distinct error; the
documents are meanwhile checked with the last good state (see :mod:`mlgloss.lsp.results`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.uris import from_fs_path

from mlgloss.analysis.term_counts import repository_scope
from mlgloss.errors import MlglossError
from mlgloss.files.reading import NotText, Unreadable, read_text
from mlgloss.lsp import documents
from mlgloss.lsp.convert import SOURCE
from mlgloss.lsp.documents import Snapshot
from mlgloss.lsp.position_encoding import LineIndex
from mlgloss.lsp.results import LastGood, Result, Superseded, analyse
from mlgloss.lsp.workspace_files import OpenDocument, WorkspaceFile, each_file

if TYPE_CHECKING:
    from mlgloss.analysis.config.model import ProjectConfig
    from mlgloss.analysis.incremental import IncrementalAnalyzer
    from mlgloss.glossary.lookup import Glossary
    from mlgloss.lsp.server import MlglossServer

log = logging.getLogger(__name__)


def _follows_counts(result: Result) -> bool:
    """Whether a document's findings can depend on its repository's counts: in repository
    scope always, in document scope where it writes some term several ways or a name in a
    flagged spelling (the repository's own spelling of it makes the fix unsafe)."""
    if repository_scope(result.config):
        return True
    counts = result.analysis.term_counts
    return counts is not None and (
        bool(counts.flagged_names) or any(len(keys) > 1 for keys in counts.uses.values())
    )


DEBOUNCE_SECONDS = 0.15
CONFIG_WAIT_SECONDS = 5.0
PARTIAL_BATCH = 50
"""Workspace reports per ``$/progress`` partial result, when the client asked for them."""
ERROR_FILE_LIMIT = 16 * 1024 * 1024
"""A configuration or glossary file is read up to this size to place its error."""


class Diagnostics:
    """Per-document analysis scheduling, the latest results, and their publication."""

    def __init__(self, ls: MlglossServer) -> None:
        self.ls = ls
        self.results: dict[str, Result] = {}
        self.analyzers: dict[str, IncrementalAnalyzer] = {}  # used by the one analysis thread
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.due: dict[str, float] = {}  # loop time after which a pending run may start
        self.waiting: set[str] = set()  # documents whose pending run is still waiting
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mlgloss-analysis")
        self.last_good = LastGood()
        self.generation = 0
        self.debounce = DEBOUNCE_SECONDS
        self._problem_uris: set[str] = set()
        self._announced: set[str] = set()
        self._recounts: set[asyncio.Future[None]] = set()
        self._reading: set[str] = set()  # repositories being read a slice at a time

    # --- modes -------------------------------------------------------------------------

    @property
    def pull(self) -> bool:
        """Whether the client pulls diagnostics (then the server never pushes)."""
        caps = self.ls.client_capabilities
        return bool(caps.text_document and caps.text_document.diagnostic is not None)

    @property
    def refresh_supported(self) -> bool:
        caps = self.ls.client_capabilities
        return bool(
            caps.workspace
            and caps.workspace.diagnostics
            and caps.workspace.diagnostics.refresh_support
        )

    # --- scheduling --------------------------------------------------------------------

    def schedule(self, uri: str, *, immediate: bool = False) -> None:
        """Analyse ``uri`` once it has been quiet for the debounce delay (or at once).

        A keystroke only moves the document's due time: the one pending task per document
        waits until that time has passed, so a burst of edits costs a dictionary store
        each, not a task each. An edit that comes while the document is being analysed
        supersedes that analysis: its task is cancelled, the analysis thread drops the
        work at its next check (:class:`~mlgloss.lsp.results.Superseded`), and a new
        quiet period starts.
        """
        self.due[uri] = asyncio.get_running_loop().time() + (0.0 if immediate else self.debounce)
        task = self.pending.get(uri)
        if task is not None and uri in self.waiting and not immediate:
            return
        if task is not None:
            task.cancel()
        self.waiting.add(uri)
        self.pending[uri] = asyncio.ensure_future(self._run(uri))

    def forget(self, uri: str) -> None:
        """A closed document: drop its pending run and result, and clear what was pushed."""
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        self.waiting.discard(uri)
        self.due.pop(uri, None)
        self.results.pop(uri, None)
        self.analyzers.pop(uri, None)
        if not self.pull:
            self.publish(uri, [], None)

    def refresh_all(self) -> None:
        """Settings, configuration or a glossary changed: check every open document again."""
        self.generation += 1
        for uri in list(self.ls.workspace.text_documents):
            self.schedule(uri, immediate=True)
        if self.pull and self.refresh_supported:
            self.ls.workspace_diagnostic_refresh(None)

    async def _run(self, uri: str) -> None:
        loop = asyncio.get_running_loop()
        try:
            while (left := self.due.get(uri, 0.0) - loop.time()) > 0:
                await asyncio.sleep(left)
            self.waiting.discard(uri)
            await self.ls.wait_for_configuration(CONFIG_WAIT_SECONDS)
            result = await self.compute(uri)
            if result is not None and not self.pull:
                self.publish(uri, result.diagnostics, result.snapshot.version)
        except asyncio.CancelledError:
            raise
        except Exception:  # a failed analysis must never take the server down
            log.exception("analysis of %s failed", uri)
            self.ls.log(f"mlgloss: analysis of {uri} failed (see the server log)", error=True)
        finally:
            if self.pending.get(uri) is asyncio.current_task():
                del self.pending[uri]
                self.waiting.discard(uri)
                self.due.pop(uri, None)

    async def compute(self, uri: str) -> Result | None:
        """The result for the document's current version (cached, or computed now)."""
        for _ in range(5):
            snap = documents.snapshot(self.ls, uri)
            if snap is None:
                return None
            cached = self.results.get(uri)
            if (
                cached is not None
                and cached.snapshot.version == snap.version
                and cached.snapshot.text == snap.text
                and cached.generation == self.generation
            ):
                return cached
            try:
                result = await self.analyse_snapshot(snap, superseded=self.superseded_check(snap))
            except Superseded:
                continue
            current = documents.snapshot(self.ls, uri)
            if current is None:
                return None
            if current.version == snap.version and current.text == snap.text:
                self.results[uri] = result
                self.note_problem(result.problem)
                return result
            # The document changed while we worked: that result is stale; try again.
        return None

    def superseded_check(self, snap: Snapshot) -> Callable[[], bool]:
        """A test, safe to call from the analysis thread, that the document has moved on."""

        def superseded() -> bool:
            document = documents.open_document(self.ls, snap.uri)
            return document is None or document.version != snap.version

        return superseded

    def hints(
        self, snap: Snapshot, config: ProjectConfig, glossary: Glossary, lines: LineIndex
    ) -> list[types.Diagnostic]:
        """The ``project-term`` hints of an open document (:mod:`mlgloss.lsp.project_terms`)."""
        from mlgloss.lsp.project_terms import hints

        return hints(self.ls, snap, config, glossary, lines)

    async def analyse_snapshot(
        self, snap: Snapshot, superseded: Callable[[], bool] | None = None
    ) -> Result:
        from mlgloss.analysis.incremental import IncrementalAnalyzer  # loaded on first use

        loop = asyncio.get_running_loop()
        open_paths = {
            str(path)
            for uri in list(self.ls.workspace.text_documents)
            if (path := documents.path_of(uri)) is not None
        }
        result = await loop.run_in_executor(
            self.executor,
            analyse,
            self.ls.session,
            snap,
            self.last_good,
            self.ls.encoding,
            self.generation,
            self.analyzers.setdefault(snap.uri, IncrementalAnalyzer()),
            superseded,
            open_paths,
            self.hints,
        )
        if result.repository_changed:
            self.repository_changed(except_uri=snap.uri)
        self.read_pending_repositories()
        return result

    def read_pending_repositories(self) -> None:
        """Read the repositories that document scope asked for (see
        :mod:`mlgloss.lsp.repository_index`), a slice of files per turn of the analysis
        thread, so that a document's analysis waits for one slice at most; when one is
        read, the open documents are checked again if its counts change the findings of
        one of them (one that mixes spellings of a term the repository writes otherwise
        than the glossary, or writes a name in the repository's own flagged spelling).
        Open documents are counted from disk too, until their next
        analysis counts their buffers."""
        repositories = self.ls.session.repositories
        if repositories is None:
            return
        for root in list(repositories.pending - self._reading):
            self._reading.add(root)
            task = asyncio.ensure_future(self._read_repository(root))
            self._recounts.add(task)
            task.add_done_callback(self._recounts.discard)

    async def _read_repository(self, root: str) -> None:
        from mlgloss.analysis.repository_scan import scan_in_slices

        repositories = self.ls.session.repositories
        assert repositories is not None
        counts = repositories.counts(root)
        slices = scan_in_slices(self.ls.session, Path(root), counts)
        loop = asyncio.get_running_loop()
        try:
            while await loop.run_in_executor(self.executor, next, slices, None) is not None:
                if repositories.get(root) is not counts:
                    return  # forgotten meanwhile (a configuration changed): asked again later
        except Exception:  # a repository that cannot be read leaves documents as they are
            log.exception("mlgloss: reading the repository %s failed", root)
        finally:
            self._reading.discard(root)
        if repositories.get(root) is counts:
            repositories.scanned.add(root)
            repositories.pending.discard(root)
            log.info("mlgloss: read the repository %s", root)
            if any(
                result.analysis.term_counts is not None
                and (
                    counts.changes_document_findings(result.analysis.term_counts)
                    or counts.writes_house_names(result.analysis.term_counts)
                )
                for result in list(self.results.values())
            ):
                self.repository_changed()

    def repository_changed(self, except_uri: str | None = None) -> None:
        """A repository's target spelling changed: check the other open documents again
        (in document scope only those that write a term several ways: no other document's
        findings depend on the counts)."""
        for uri in list(self.ls.workspace.text_documents):
            if uri == except_uri:
                continue
            result = self.results.get(uri)
            if result is not None and not _follows_counts(result):
                continue
            self.results.pop(uri, None)
            self.schedule(uri, immediate=True)
        if self.pull and self.refresh_supported:
            self.ls.workspace_diagnostic_refresh(None)

    def recount(self, paths: list[Path]) -> None:
        """Files closed or changed on disk: their repository counts, read again from disk
        in the analysis thread (only these files)."""
        if self.ls.session.repositories is None or not paths:
            return
        from mlgloss.lsp.repository_index import recount_from_disk

        def run() -> bool:
            return any([recount_from_disk(self.ls.session, path) for path in paths])

        async def later() -> None:
            loop = asyncio.get_running_loop()
            if await loop.run_in_executor(self.executor, run):
                self.repository_changed()

        task = asyncio.ensure_future(later())
        self._recounts.add(task)  # kept until done: the loop holds tasks only weakly
        task.add_done_callback(self._recounts.discard)

    def latest(self, uri: str) -> Result | None:
        """The newest result for ``uri`` even if the text moved on since (for hover)."""
        return self.results.get(uri)

    # --- publishing --------------------------------------------------------------------

    def publish(self, uri: str, items: list[types.Diagnostic], version: int | None) -> None:
        self.ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=items, version=version)
        )

    # --- broken configuration and glossary files ----------------------------------------

    def note_problem(self, problem: MlglossError | None) -> None:
        """Report configuration and glossary errors at their place; clear mended ones."""
        problems = [r.problem for r in self.results.values() if r.problem is not None]
        if problem is not None and problem not in problems:
            problems.append(problem)
        by_uri: dict[str, list[types.Diagnostic]] = {}
        for error in problems:
            if error.file is None:
                continue
            uri = from_fs_path(error.file) or error.file
            diagnostic = self.problem_diagnostic(error)
            known = by_uri.setdefault(uri, [])
            if all(d.message != diagnostic.message for d in known):
                known.append(diagnostic)
        for uri in self._problem_uris - set(by_uri):
            self.publish(uri, [], None)
        for uri, items in by_uri.items():
            self.publish(uri, items, None)
        self._problem_uris = set(by_uri)
        for error in problems:
            message = str(error)
            if message not in self._announced:
                self._announced.add(message)
                self.ls.show(
                    f"mlgloss: {message} (checking with the last configuration that worked)",
                    error=True,
                )
        if not problems:
            self._announced.clear()

    def problems_for(self, uri: str) -> list[types.Diagnostic]:
        out: list[types.Diagnostic] = []
        for result in self.results.values():
            error = result.problem
            if error is not None and error.file and from_fs_path(error.file) == uri:
                diagnostic = self.problem_diagnostic(error)
                if all(d.message != diagnostic.message for d in out):
                    out.append(diagnostic)
        return out

    def problem_diagnostic(self, error: MlglossError) -> types.Diagnostic:
        """A diagnostic at the error's line and column in its file (1-based → 0-based)."""
        text = ""
        if error.file:
            uri = from_fs_path(error.file) or ""
            open_doc = documents.open_document(self.ls, uri)
            if open_doc is not None:
                text = open_doc.source
            else:
                with contextlib.suppress(Unreadable, NotText):
                    text = read_text(error.file, ERROR_FILE_LIMIT)[1].text
        lines = LineIndex(text, self.ls.encoding)
        line = max((error.line or 1) - 1, 0)
        if line < len(lines.starts):
            start = lines.starts[line] + max((error.column or 1) - 1, 0)
            start = min(start, lines.ends[line])
            end = lines.ends[line] if lines.ends[line] > start else start
            rng = lines.range(start, end)
        else:
            rng = types.Range(
                start=types.Position(line=line, character=0),
                end=types.Position(line=line, character=0),
            )
        return types.Diagnostic(
            range=rng,
            message=error.message,
            severity=types.DiagnosticSeverity.Error,
            source=SOURCE,
            code="configuration",
        )


def register(ls: MlglossServer) -> None:
    @ls.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(
            identifier=SOURCE, inter_file_dependencies=False, workspace_diagnostics=True
        ),
    )
    async def document_diagnostic(
        ls: MlglossServer, params: types.DocumentDiagnosticParams
    ) -> types.DocumentDiagnosticReport:
        uri = params.text_document.uri
        await ls.wait_for_configuration(CONFIG_WAIT_SECONDS)
        result = await ls.diagnostics.compute(uri)
        extra = ls.diagnostics.problems_for(uri)
        if result is None:
            return types.RelatedFullDocumentDiagnosticReport(items=extra)
        if params.previous_result_id == result.result_id and not extra:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result.result_id)
        return types.RelatedFullDocumentDiagnosticReport(
            items=[*result.diagnostics, *extra], result_id=result.result_id
        )

    @ls.feature(types.WORKSPACE_DIAGNOSTIC)
    async def workspace_diagnostic(
        ls: MlglossServer, params: types.WorkspaceDiagnosticParams
    ) -> types.WorkspaceDiagnosticReport:
        await ls.wait_for_configuration(CONFIG_WAIT_SECONDS)
        return await _workspace_report(ls, params.partial_result_token)


WorkspaceItem = (
    types.WorkspaceFullDocumentDiagnosticReport | types.WorkspaceUnchangedDocumentDiagnosticReport
)


async def _workspace_report(
    ls: MlglossServer, token: types.ProgressToken | None
) -> types.WorkspaceDiagnosticReport:
    """Every workspace file's diagnostics. With a partial-result token they are streamed in
    batches of :data:`PARTIAL_BATCH` and the final answer is empty; either way no file's
    analysis outlives its step, and unopened files leave nothing cached behind."""
    diagnostics = ls.diagnostics
    generation = diagnostics.generation
    encoding = ls.encoding

    def report(file: WorkspaceFile) -> tuple[WorkspaceItem, MlglossError | None]:
        snap = Snapshot(file.uri, file.path, file.kind, None, file.text)
        result = analyse(ls.session, snap, diagnostics.last_good, encoding, generation)
        item = types.WorkspaceFullDocumentDiagnosticReport(
            uri=file.uri, items=result.diagnostics, version=None
        )
        return item, result.problem

    items: list[WorkspaceItem] = []
    problems: set[str] = set()
    async for got in each_file(ls, report):
        if isinstance(got, OpenDocument):
            result = await diagnostics.compute(got.uri)
            if result is None:
                continue
            items.append(
                types.WorkspaceFullDocumentDiagnosticReport(
                    uri=got.uri,
                    items=result.diagnostics,
                    version=result.snapshot.version,
                    result_id=result.result_id,
                )
            )
        else:
            item, problem = got
            items.append(item)
            if problem is not None and str(problem) not in problems:
                problems.add(str(problem))
                diagnostics.note_problem(problem)
        if token is not None and len(items) >= PARTIAL_BATCH:
            _send_partial(ls, token, items)
            items = []
    if token is not None:
        if items:
            _send_partial(ls, token, items)
        return types.WorkspaceDiagnosticReport(items=[])
    return types.WorkspaceDiagnosticReport(items=items)


def _send_partial(
    ls: MlglossServer, token: types.ProgressToken, items: list[WorkspaceItem]
) -> None:
    ls.progress(
        types.ProgressParams(
            token=token, value=types.WorkspaceDiagnosticReportPartialResult(items=items)
        )
    )
