"""File discovery: which files to check under some paths, and why each other one is not.

Used by ``mlgloss check`` and by the language server's workspace walk alike. Directories are
walked in sorted order, depth first, with an explicit stack (any depth works: no recursion).
Skipped without descending: ``.git`` (and ``.hg``, ``.svn``), virtualenvs (a directory
holding ``pyvenv.cfg``, or named ``.venv``/``venv``), ``node_modules``, symlinked
directories, directories matched by a ``.gitignore`` (every ``.gitignore`` from the
repository root down, deeper files winning, ``!`` negation honoured) or by the
configuration's ``exclude``. Files are considered when their extension names a document
kind; each is then judged after following its links: it must be a regular file (a FIFO or
a device named ``*.md`` is skipped, never opened), a link must stay inside the directory
being walked, and the file must pass ``.gitignore``, the nearest configuration's
``include``/``exclude`` and its ``max_file_size``. Files named explicitly are taken as they
are except for the configuration's filters, the regular-file check and the size limit.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mlgloss.analysis.config.model import ProjectConfig
from mlgloss.analysis.document import DocumentKind, kind_for_path
from mlgloss.analysis.errors import ConfigError
from mlgloss.errors import MlglossError
from mlgloss.files.reading import Unreadable, not_regular, read_bytes, too_large

if TYPE_CHECKING:
    from mlgloss.files.patterns import PatternList

VCS_DIRS = frozenset({".git", ".hg", ".svn"})
VENV_NAMES = frozenset({".venv", "venv"})
VENDOR_DIRS = frozenset({"node_modules"})
GITIGNORE_LIMIT = 1024 * 1024
"""A ``.gitignore`` larger than this is not read (its patterns do not apply)."""

Resolve = Callable[[str], "ProjectConfig | ConfigError"]
"""The configuration for the files of a directory, given as an absolute, normalised path
(:meth:`~mlgloss.analysis.config.resolver.ConfigResolver.resolve_directory`)."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A file to check: absolute path, displayed path, kind and size in bytes."""

    path: Path
    display: str
    kind: DocumentKind
    size: int
    config: ProjectConfig


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file or directory not checked, and why; ``quiet`` for expected skips."""

    path: Path
    display: str
    reason: str
    quiet: bool = False


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


def is_within(path: str, root: str) -> bool:
    """Whether ``path`` is ``root`` or below it (both absolute, normalised strings)."""
    if path == root:
        return True
    prefix = root if root.endswith(os.sep) else root + os.sep
    return path.startswith(prefix)


def read_patterns(file: Path) -> PatternList | None:
    """The patterns of a ``.gitignore``; None when there is none to read. Lines git would
    refuse are left out, as git does."""
    from mlgloss.files.patterns import InvalidPattern, PatternList, compile_pattern

    try:
        raw = read_bytes(file, GITIGNORE_LIMIT).raw
    except Unreadable:
        return None
    patterns = []
    for line in raw.decode("utf-8", errors="replace").splitlines():
        try:
            pattern = compile_pattern(line)
        except InvalidPattern:
            continue
        if pattern is not None:
            patterns.append(pattern)
    return PatternList(patterns) if patterns else None


class Ignores:
    """The ``.gitignore`` files that apply in one directory, outermost first."""

    __slots__ = ("specs",)

    def __init__(self, specs: tuple[tuple[str, PatternList], ...] = ()) -> None:
        self.specs = specs

    def entering(self, directory: str) -> Ignores:
        file = os.path.join(directory, ".gitignore")
        if not os.path.lexists(file):
            return self
        spec = read_patterns(Path(file))
        if spec is None:
            return self
        return Ignores((*self.specs, (directory, spec)))

    def ignored(self, path: str, is_dir: bool, *, with_parents: bool = False) -> bool:
        """Whether ``path`` itself is ignored (its directories were asked when the walk
        entered them), or, ``with_parents``, it or one of its directories is."""
        for base, spec in reversed(self.specs):
            if not is_within(path, base) or path == base:
                continue
            parts = path[len(base) :].lstrip(os.sep).split(os.sep)
            if with_parents:
                decision = spec.decide_with_parents(parts, is_dir)
            else:
                decision = spec.decide(parts, is_dir)
            if decision is not None:
                return decision
        return False


def _git_root(directory: Path) -> Path | None:
    for d in (directory, *directory.parents):
        if (d / ".git").exists():
            return d
    return None


def ancestor_ignores(directory: Path) -> Ignores:
    """The ``.gitignore`` files above ``directory``, from its repository's root down."""
    root = _git_root(directory)
    ignores = Ignores()
    if root is None:
        return ignores
    for d in reversed(directory.parents):
        if d.is_relative_to(root):
            ignores = ignores.entering(str(d))
    return ignores


def _is_venv(path: str, name: str) -> bool:
    return name in VENV_NAMES or os.path.isfile(os.path.join(path, "pyvenv.cfg"))


@dataclass(slots=True)
class _Frame:
    """One directory being listed: its entries and how far the walk got in them."""

    directory: str
    ignores: Ignores
    config: ProjectConfig
    entries: list[os.DirEntry[str]]
    index: int = 0
    boundary: str = field(default="")


Found = Candidate | Skipped | ConfigError


class Walker:
    """Turns paths into candidates, skip notices and configuration errors."""

    def __init__(self, resolve: Resolve, cwd: Path | None = None) -> None:
        self.resolve = resolve
        self.cwd = cwd or Path.cwd()

    def show(self, path: Path | str) -> str:
        return display_path(Path(path), self.cwd)

    def skipped(self, path: str, reason: str, quiet: bool = False) -> Skipped:
        return Skipped(Path(path), self.show(path), reason, quiet)

    def walk(self, paths: Iterable[str], *, opened: bool = False) -> Iterator[Found]:
        """Everything found under ``paths``; raises :class:`MlglossError` for a missing path.
        ``opened``: the directories are ones an editor opened (see :meth:`walk_directory`)."""
        for raw in paths:
            name = os.path.abspath(os.path.join(self.cwd, raw))
            try:
                mode = os.stat(name)
            except (OSError, ValueError):
                raise MlglossError(f"no such file or directory: {raw}") from None
            if stat.S_ISDIR(mode.st_mode):
                yield from self.walk_directory(name, opened=opened)
            elif (why := not_regular(mode.st_mode)) is not None:
                yield self.skipped(name, why)
            else:
                yield from self._file(name, None, size=mode.st_size)

    def walk_directory(self, directory: str, *, opened: bool = False) -> Iterator[Found]:
        """Every file under one directory (absolute, normalised); links that lead out of
        it are not followed. ``opened``: the directory is an editor's workspace folder, which
        the user chose to work in, so an outer repository's ``.gitignore`` matching the folder
        itself does not empty it (VS Code's own search does not read parent ignore files by
        default); their patterns still apply to what is inside."""
        boundary = os.path.realpath(directory)
        above = ancestor_ignores(Path(directory))
        # The walk judges each directory as it enters it; those above the start were not
        # walked, so the start is judged with all of them (`mlgloss check build/`).
        if not opened and above.ignored(directory, is_dir=True, with_parents=True):
            yield Skipped(
                Path(directory), self.show(directory) + "/", "ignored by .gitignore", True
            )
            return
        config = self.resolve(directory)
        if not isinstance(config, ConfigError) and config.is_dir_excluded(directory):
            message = "excluded by the configuration"
            yield Skipped(Path(directory), self.show(directory) + "/", message, True)
            return
        frame = self._enter(directory, above.entering(directory), boundary)
        if not isinstance(frame, _Frame):
            yield frame
            return
        stack: list[_Frame] = [frame]
        while stack:
            top = stack[-1]
            if top.index >= len(top.entries):
                stack.pop()
                continue
            entry = top.entries[top.index]
            top.index += 1
            path = os.path.join(top.directory, entry.name)
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_link = entry.is_symlink()
            except OSError:
                continue
            if is_dir:
                reason = self._skip_dir(path, entry.name, top)
                if reason is not None:
                    yield Skipped(Path(path), self.show(path) + "/", reason[0], reason[1])
                    continue
                child = self._enter(path, top.ignores.entering(path), boundary)
                if isinstance(child, _Frame):
                    stack.append(child)
                else:
                    yield child
            elif is_link:
                yield from self._link(path, top)
            else:
                if kind_for_path(entry.name) is None:
                    continue
                try:
                    info = entry.stat(follow_symlinks=False)
                except OSError as exc:
                    yield self.skipped(path, f"cannot read: {exc.strerror or exc}")
                    continue
                yield from self._file(path, top.ignores, size=info.st_size, mode=info.st_mode)

    def _enter(
        self, directory: str, ignores: Ignores, boundary: str
    ) -> _Frame | Skipped | ConfigError:
        config = self.resolve(directory)
        if isinstance(config, ConfigError):
            return config
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            return self.skipped(directory, f"cannot list directory: {exc.strerror or exc}")
        return _Frame(directory, ignores, config, entries, boundary=boundary)

    def _link(self, path: str, frame: _Frame) -> Iterator[Found]:
        """A symbolic link met in the walk: judged by what it leads to."""
        target = os.path.realpath(path)
        try:
            info = os.stat(target)
        except OSError:
            if kind_for_path(path) is not None:
                yield self.skipped(path, "broken symlink (not checked)", quiet=True)
            return
        if stat.S_ISDIR(info.st_mode):
            yield self.skipped(path, "symlink to a directory (not followed)", quiet=True)
            return
        if kind_for_path(path) is None:
            return
        if not is_within(target, frame.boundary):
            yield self.skipped(path, "symlink to a file outside the checked directory (not read)")
            return
        yield from self._file(path, frame.ignores, size=info.st_size, mode=info.st_mode)

    def _file(
        self, path: str, ignores: Ignores | None, *, size: int, mode: int | None = None
    ) -> Iterator[Found]:
        """A candidate or why not; ``ignores`` is None for a file named explicitly."""
        kind = kind_for_path(path)
        if kind is None:
            if ignores is None:
                yield self.skipped(path, "unsupported file type (not checked)")
            return
        if ignores is not None and ignores.ignored(path, is_dir=False):
            yield self.skipped(path, "ignored by .gitignore", quiet=True)
            return
        if mode is not None and (why := not_regular(mode)) is not None:
            yield self.skipped(path, why)
            return
        config = self.resolve(os.path.dirname(path))
        if isinstance(config, ConfigError):
            yield config
            return
        if not config.is_included(path, parents_checked=ignores is not None):
            yield self.skipped(path, "excluded by the configuration", quiet=True)
            return
        if size > config.max_file_size:
            yield self.skipped(path, too_large(size, config.max_file_size))
            return
        yield Candidate(Path(path), self.show(path), kind, size, config)

    def _skip_dir(self, path: str, name: str, frame: _Frame) -> tuple[str, bool] | None:
        """Why a directory is not entered (and whether that is an expected, quiet skip)."""
        if name in VCS_DIRS:
            return "version-control directory", True
        if frame.ignores.ignored(path, is_dir=True):
            return "ignored by .gitignore", True
        if frame.config.is_dir_excluded(path, parents_checked=True):
            return "excluded by the configuration", True
        if _is_venv(path, name):
            return "virtualenv (not checked)", False
        if name in VENDOR_DIRS:
            return "node_modules (not checked)", False
        return None
