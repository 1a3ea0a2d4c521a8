"""Hot reload: ``workspace/didChangeWatchedFiles`` (and saves of open config files).

On ``initialized`` the server asks the client to watch the files that decide how documents
are checked — ``.mlgloss.toml``, ``pyproject.toml``, YAML glossaries and ``glossary.md``
— with ``client/registerCapability`` when the client supports dynamic registration for
it. When one changes, the session forgets what depended on it (``Session.invalidate``) and
every open document is checked again. A broken file is then reported by the diagnostics
module at its own position, and the last good state stays in use until it is mended.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.uris import to_fs_path

from mlgloss.analysis.config.model import CONFIG_FILE, PYPROJECT
from mlgloss.lsp import documents

if TYPE_CHECKING:
    from mlgloss.lsp.server import MlglossServer

log = logging.getLogger(__name__)

WATCH_PATTERNS = (
    f"**/{CONFIG_FILE}",
    f"**/{PYPROJECT}",
    "**/*.yaml",
    "**/*.yml",
    "**/glossary.md",
)
REGISTRATION_ID = "mlgloss-watch-config"


def is_config_or_glossary(ls: MlglossServer, path: Path) -> bool:
    """Whether a changed file can change how documents are checked."""
    if path.name in (CONFIG_FILE, PYPROJECT) or path.name == "glossary.md":
        return True
    if path.suffix.lower() not in (".yaml", ".yml", ".md"):
        return False
    in_use = {str(p) for r in ls.diagnostics.results.values() for p in r.config.glossary}
    in_use.update(str(p) for p in ls.settings.glossary)
    return str(path) in in_use or any(
        r.problem is not None and r.problem.file == str(path)
        for r in ls.diagnostics.results.values()
    )


class Watcher:
    def __init__(self, ls: MlglossServer) -> None:
        self.ls = ls
        self.registered = False

    def supported(self) -> bool:
        caps = self.ls.client_capabilities
        watched = caps.workspace.did_change_watched_files if caps.workspace else None
        return bool(watched and watched.dynamic_registration)

    async def register(self) -> None:
        if not self.supported():
            log.info("the client cannot watch files for us; relying on didSave")
            return
        options = types.DidChangeWatchedFilesRegistrationOptions(
            watchers=[types.FileSystemWatcher(glob_pattern=p) for p in WATCH_PATTERNS]
        )
        try:
            await self.ls.client_register_capability_async(
                types.RegistrationParams(
                    registrations=[
                        types.Registration(
                            id=REGISTRATION_ID,
                            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                            register_options=options,
                        )
                    ]
                )
            )
            self.registered = True
        except Exception as error:
            log.warning("could not register file watchers: %r", error)

    def files_changed(self, paths: Iterable[Path]) -> None:
        paths = list(paths)
        for path in paths:
            self.ls.project_terms.changed(path)
        relevant = [p for p in paths if is_config_or_glossary(self.ls, p)]
        if not relevant:
            opened = {documents.path_of(uri) for uri in self.ls.workspace.text_documents}
            self.ls.diagnostics.recount([p for p in paths if p not in opened])
            return
        for path in relevant:
            self.ls.session.invalidate(path)
        self.ls.log("mlgloss: reloading after changes to " + ", ".join(p.name for p in relevant))
        self.ls.diagnostics.refresh_all()


def register(ls: MlglossServer) -> None:
    @ls.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(
        ls: MlglossServer, params: types.DidChangeWatchedFilesParams
    ) -> None:
        paths = []
        for change in params.changes:
            path = to_fs_path(change.uri)
            if path:
                paths.append(Path(path))
        ls.watcher.files_changed(paths)
