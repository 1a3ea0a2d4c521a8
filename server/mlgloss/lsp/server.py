"""The mlgloss language server: a pygls ``LanguageServer`` holding the engine's session.

The server only translates. Every finding comes from the engine (through
:mod:`mlgloss.lsp.results`); each LSP method is registered exactly once, in the feature
module named after what it serves:

==========================  ===================================================
module                      methods
==========================  ===================================================
``lifecycle``               initialize, initialized, shutdown,
                            workspace/didChangeConfiguration,
                            workspace/didChangeWorkspaceFolders
``documents``               textDocument/did*, notebookDocument/did*
``diagnostics``             textDocument/diagnostic, workspace/diagnostic (and push)
``hover``                   textDocument/hover
``completion``              textDocument/completion
``code_actions``            textDocument/codeAction
``navigation``              textDocument/definition, textDocument/references,
                            textDocument/documentSymbol, workspace/symbol
``watch``                   workspace/didChangeWatchedFiles
``requests``                mlgloss/glossaryEntries
``project_terms``           workspace/executeCommand mlgloss.suggestProjectTerms
==========================  ===================================================

Logs go to stderr (stdout is the protocol) and, as ``window/logMessage``, to the client.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from mlgloss import __version__
from mlgloss.analysis.session import Session
from mlgloss.analysis.term_counts import Repositories
from mlgloss.lsp import diagnostic_json
from mlgloss.lsp.diagnostics import Diagnostics
from mlgloss.lsp.position_encoding import UTF16
from mlgloss.lsp.project_terms import ProjectTermsCache
from mlgloss.lsp.protocol import MlglossProtocol
from mlgloss.lsp.settings import Settings
from mlgloss.lsp.watch import Watcher

if TYPE_CHECKING:
    from mlgloss.lsp.early_initialize import EarlyInitialize

log = logging.getLogger("mlgloss.lsp")

CONFIGURATION_LOADED = "mlgloss: configuration loaded"
"""The ``window/logMessage`` sent each time settings have been (re)read and applied."""

NOTEBOOK_SYNC = types.NotebookDocumentSyncOptions(
    notebook_selector=[
        types.NotebookDocumentFilterWithCells(
            notebook="*",
            cells=[
                types.NotebookCellLanguage(language="markdown"),
                types.NotebookCellLanguage(language="python"),
            ],
        )
    ]
)


class MlglossServer(LanguageServer):
    protocol: MlglossProtocol

    def __init__(self) -> None:
        super().__init__(
            "mlgloss",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            notebook_document_sync=NOTEBOOK_SYNC,
            protocol_cls=MlglossProtocol,
            converter_factory=diagnostic_json.converter,
        )
        self.session = Session()
        self.session.repositories = Repositories()  # inconsistent in repository scope
        self.settings = Settings()
        self.diagnostics = Diagnostics(self)
        self.watcher = Watcher(self)
        self.project_terms = ProjectTermsCache()  # the project-term hints (suggest_terms)
        self.configuration_loaded = asyncio.Event()
        self.stdin_prefix = b""  # bytes read from stdin before the server started

    # --- helpers the feature modules share ----------------------------------------------

    @property
    def encoding(self) -> str:
        """The position encoding negotiated at initialize (UTF-16 unless the client chose)."""
        encoding = self.workspace.position_encoding if self.protocol._workspace else None
        return str(getattr(encoding, "value", encoding) or UTF16)

    def folder_paths(self) -> list[Path]:
        """The workspace folders as paths (the root when the client sent no folders)."""
        paths = []
        for folder in self.workspace.folders.values():
            path = to_fs_path(folder.uri)
            if path:
                paths.append(Path(path))
        if not paths and self.workspace.root_path:
            paths.append(Path(self.workspace.root_path))
        return paths

    def root_dir(self) -> Path | None:
        folders = self.folder_paths()
        return folders[0] if folders else None

    async def wait_for_configuration(self, timeout: float) -> None:
        """Let the first settings fetch finish before analysing (a bounded wait)."""
        if self.configuration_loaded.is_set():
            return
        try:
            await asyncio.wait_for(self.configuration_loaded.wait(), timeout)
        except TimeoutError:
            log.warning("settings were not loaded after %.1f s; going on without", timeout)
            self.configuration_loaded.set()

    def log(self, message: str, *, error: bool = False) -> None:
        (log.error if error else log.info)(message)
        self.window_log_message(
            types.LogMessageParams(
                type=types.MessageType.Error if error else types.MessageType.Info,
                message=message,
            )
        )

    def show(self, message: str, *, error: bool = False) -> None:
        log.warning(message)
        self.window_show_message(
            types.ShowMessageParams(
                type=types.MessageType.Error if error else types.MessageType.Warning,
                message=message,
            )
        )

    def start_io(self, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> None:
        """Serve over stdio; a client that vanishes ends the session without tracebacks."""
        from mlgloss.lsp.transport import ClientStdout

        def stop() -> None:
            if self._stop_event is not None:
                self._stop_event.set()

        super().start_io(stdin, ClientStdout(stdout or sys.stdout.buffer, stop))  # type: ignore[arg-type]

    def _start_io_async(
        self, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None
    ) -> None:
        """pygls' stdio loop with our reader (:mod:`mlgloss.lsp.framing`: every request
        answered, broken framing resynchronised), reading stdin through
        :class:`ReadAheadStdin`."""
        from pygls.io_ import StdoutWriter

        from mlgloss.lsp import framing
        from mlgloss.lsp.stdin_reader import ReadAheadStdin

        self._stop_event = stop_event = threading.Event()
        self.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
        source = ReadAheadStdin(stdin or sys.stdin.buffer, self.stdin_prefix)
        try:
            asyncio.run(framing.serve(stop_event, source, self.protocol))
        except BrokenPipeError:
            log.error("the connection to the client is lost; stopping")
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            self.shutdown()  # type: ignore[no-untyped-call]

    def report_server_error(self, error: Exception, source: Any) -> None:
        """A handler raised: log it and keep serving (requests already got an error).

        A client's bad request (an unknown method or command, params that do not fit) is
        one log line; a handler's own failure is a bug, logged with its traceback."""
        from mlgloss.lsp.framing import CLIENT_ERRORS

        if isinstance(error, CLIENT_ERRORS):
            log.warning("mlgloss: refused a client request: %s", error)
            return
        log.error("handler failed: %r", error, exc_info=error)
        try:
            self.window_log_message(
                types.LogMessageParams(
                    type=types.MessageType.Error, message=f"mlgloss: internal error: {error!r}"
                )
            )
        except Exception:  # the transport may be gone
            log.exception("could not report the error to the client")


def build_server() -> MlglossServer:
    """A server with every feature registered."""
    from mlgloss.lsp import (
        code_actions,
        completion,
        diagnostics,
        documents,
        hover,
        lifecycle,
        navigation,
        project_terms,
        requests,
        watch,
    )

    server = MlglossServer()
    for module in (
        lifecycle,
        documents,
        diagnostics,
        hover,
        completion,
        code_actions,
        navigation,
        watch,
        requests,
        project_terms,
    ):
        module.register(server)
    return server


def configure_logging(level: str) -> None:
    logging.basicConfig(
        stream=sys.stderr,
        level=getattr(logging, level.upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if level.upper() != "DEBUG":
        logging.getLogger("pygls").setLevel(logging.WARNING)


def start(
    *,
    tcp: tuple[str, int] | None = None,
    log_level: str = "info",
    early: EarlyInitialize | None = None,
) -> int:
    """Serve over stdio (or TCP, for debugging) until the client says exit.

    ``early``: what :mod:`mlgloss.lsp.early_initialize` read from stdin (and perhaps
    answered) before pygls was imported; pygls reads those bytes first.
    """
    configure_logging(log_level)
    server = build_server()
    if early is not None:
        server.protocol.early = early
        server.stdin_prefix = early.first.raw
    if tcp is not None:
        host, port = tcp
        log.info("mlgloss %s listening on %s:%d", __version__, host, port)
        server.start_tcp(host, port)
    else:
        server.start_io()
    return 0
