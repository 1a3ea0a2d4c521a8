"""File discovery for ``mlgloss check``: which files to read, and a notice for each one not read.

Directories are walked in sorted order. Skipped without descending: ``.git`` (and ``.hg``,
``.svn``), virtualenvs (a directory holding ``pyvenv.cfg``, or named ``.venv``/``venv``),
``node_modules``, symlinked directories, directories matched by a ``.gitignore`` (every
``.gitignore`` from the repository root down, deeper files winning, ``!`` negation honoured)
or by the configuration's ``exclude``. Files are considered when their extension names a
document kind; each is then checked against ``.gitignore``, the nearest configuration's
``include``/``exclude`` and its ``max_file_size``. Files named on the command line are taken
as they are except for the configuration's filters and size limit.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mlgloss.analysis.config import ProjectConfig
from mlgloss.analysis.document import DocumentKind, kind_for_path
from mlgloss.analysis.errors import ConfigError
from mlgloss.cli.report import Notice
from mlgloss.errors import MlglossError

if TYPE_CHECKING:
    import pathspec

VCS_DIRS = frozenset({".git", ".hg", ".svn"})
VENV_NAMES = frozenset({".venv", "venv"})
VENDOR_DIRS = frozenset({"node_modules"})

Resolve = Callable[[str], "ProjectConfig | ConfigError"]
"""The configuration for the files of a directory, given as an absolute, normalised path
(:meth:`~mlgloss.analysis.config.ConfigResolver.resolve_directory`)."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A file to check: absolute path, displayed path, kind and size in bytes."""

    path: Path
    display: str
    kind: DocumentKind
    size: int
    config: ProjectConfig


def display_path(path: Path, cwd: Path | None = None) -> str:
    """``path`` relative to the working directory when inside it, with ``/`` separators."""
    base = cwd or Path.cwd()
    if os.sep == "/" and path.is_absolute() and base.is_absolute():
        # The same answer as below, on strings: paths here are normalised by abspath.
        text, root = str(path), str(base)
        if text == root:
            return "."
        prefix = root if root.endswith("/") else root + "/"
        return text[len(prefix) :] if text.startswith(prefix) else text
    if path.is_relative_to(base):
        return path.relative_to(base).as_posix() or "."
    return path.as_posix()


class _Ignores:
    """The ``.gitignore`` files that apply in one directory, outermost first."""

    def __init__(self, specs: tuple[tuple[Path, pathspec.GitIgnoreSpec], ...] = ()) -> None:
        self.specs = specs

    def entering(self, directory: Path) -> _Ignores:
        file = directory / ".gitignore"
        if not file.is_file():
            return self
        import pathspec  # only for a directory that has a .gitignore

        try:
            lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
            spec = pathspec.GitIgnoreSpec.from_lines(lines)
        except (OSError, ValueError):
            return self
        return _Ignores((*self.specs, (directory, spec)))

    def ignored(self, path: Path, is_dir: bool) -> bool:
        for base, spec in reversed(self.specs):
            if not path.is_relative_to(base):
                continue
            rel = path.relative_to(base).as_posix() + ("/" if is_dir else "")
            decision = spec.check_file(rel).include
            if decision is not None:
                return decision
        return False


def _git_root(directory: Path) -> Path | None:
    for d in (directory, *directory.parents):
        if (d / ".git").exists():
            return d
    return None


def _ancestor_ignores(directory: Path) -> _Ignores:
    """The ``.gitignore`` files above ``directory``, from its repository's root down."""
    root = _git_root(directory)
    ignores = _Ignores()
    if root is None:
        return ignores
    for d in reversed(directory.parents):
        if d.is_relative_to(root):
            ignores = ignores.entering(d)
    return ignores


def _is_venv(path: Path) -> bool:
    return path.name in VENV_NAMES or (path / "pyvenv.cfg").is_file()


class Walker:
    """Turns command-line paths into candidates, notices and configuration errors."""

    def __init__(self, resolve: Resolve, cwd: Path | None = None) -> None:
        self.resolve = resolve
        self.cwd = cwd or Path.cwd()

    def show(self, path: Path) -> str:
        return display_path(path, self.cwd)

    def walk(self, paths: Iterable[str]) -> Iterator[Candidate | Notice | ConfigError]:
        """Everything found under ``paths``; raises :class:`MlglossError` for a missing path."""
        for raw in paths:
            name = os.path.abspath(os.path.join(self.cwd, raw))
            try:
                mode = os.stat(name)
            except (OSError, ValueError):
                mode = None
            if mode is not None and stat.S_ISDIR(mode.st_mode):
                path = Path(name)
                yield from self._directory(path, _ancestor_ignores(path).entering(path))
            elif mode is not None and stat.S_ISREG(mode.st_mode):
                yield from self._file(Path(name), explicit=True, ignores=None, size=mode.st_size)
            else:
                raise MlglossError(f"no such file or directory: {raw}")

    def _file(
        self, path: Path, *, explicit: bool, ignores: _Ignores | None, size: int | None = None
    ) -> Iterator[Candidate | Notice | ConfigError]:
        """A candidate or why not; ``size`` is the file's, when a stat already gave it."""
        kind = kind_for_path(path)
        if kind is None:
            if explicit:
                yield Notice(self.show(path), "unsupported file type (not checked)")
            return
        if ignores is not None and ignores.ignored(path, is_dir=False):
            yield Notice(self.show(path), "ignored by .gitignore", quiet=True)
            return
        config = self.resolve(os.path.dirname(path))
        if isinstance(config, ConfigError):
            yield config
            return
        if not config.is_included(path):
            yield Notice(self.show(path), "excluded by the configuration", quiet=True)
            return
        if size is None:
            try:
                size = path.stat().st_size
            except OSError as exc:
                yield Notice(self.show(path), f"cannot read: {exc.strerror or exc}")
                return
        if size > config.max_file_size:
            yield Notice(
                self.show(path),
                f"larger than max_file_size ({size} > {config.max_file_size} bytes)",
            )
            return
        yield Candidate(path, self.show(path), kind, size, config)

    def _directory(
        self, directory: Path, ignores: _Ignores
    ) -> Iterator[Candidate | Notice | ConfigError]:
        config = self.resolve(str(directory))
        if isinstance(config, ConfigError):
            yield config
            return
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            yield Notice(self.show(directory), f"cannot list directory: {exc.strerror or exc}")
            return
        for entry in entries:
            path = directory / entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_link = entry.is_symlink()
            except OSError:
                continue
            if not is_dir and is_link and path.is_dir():
                yield Notice(self.show(path), "symlink to a directory (not followed)", quiet=True)
            elif is_dir:
                reason = self._skip_dir(path, ignores, config)
                if reason is not None:
                    yield Notice(self.show(path) + "/", reason[0], quiet=reason[1])
                else:
                    yield from self._directory(path, ignores.entering(path))
            else:
                yield from self._file(path, explicit=False, ignores=ignores)

    def _skip_dir(
        self, path: Path, ignores: _Ignores, config: ProjectConfig
    ) -> tuple[str, bool] | None:
        """Why a directory is not entered (and whether that is an expected, quiet skip)."""
        if path.name in VCS_DIRS:
            return "version-control directory", True
        if ignores.ignored(path, is_dir=True):
            return "ignored by .gitignore", True
        if config.is_dir_excluded(path):
            return "excluded by the configuration", True
        if _is_venv(path):
            return "virtualenv (not checked)", False
        if path.name in VENDOR_DIRS:
            return "node_modules (not checked)", False
        return None
