"""The settings that apply to one file: :class:`ProjectConfig` and its parts.

``ProjectConfig()`` is the default. Its ``include``/``exclude`` filters and its
``config_tools`` tables match paths with the core gitignore matcher
(:mod:`mlgloss.files.patterns`), compiled only when a configuration has patterns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from mlgloss.analysis.config.paths import StrPath, absolute_path
from mlgloss.analysis.findings import Severity

CONFIG_FILE = ".mlgloss.toml"
PYPROJECT = "pyproject.toml"
DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024
MAX_CONFIG_FILE_BYTES = DEFAULT_MAX_FILE_SIZE
"""The largest ``.mlgloss.toml`` or ``pyproject.toml`` read (the limit + 1 bytes at most are
read): the default ``max_file_size``, which the configuration cannot raise for itself."""
GLOSSARY_SUFFIXES = (".yaml", ".yml", ".md")


if TYPE_CHECKING:  # imported where used: most runs never read a glob
    from mlgloss.files.patterns import Pattern, PatternList


def compile_patterns(lines: Iterable[str]) -> PatternList:
    """Raises :class:`~mlgloss.files.patterns.InvalidPattern` (a ``ValueError``)."""
    from mlgloss.files.patterns import PatternList

    return PatternList.from_lines(lines)


@dataclass(frozen=True, slots=True)
class RuleSetting:
    """What the configuration says about one rule. ``severity=None`` keeps the rule's own."""

    enabled: bool = True
    severity: Severity | None = None
    scope: str | None = None  # `inconsistent` only: "document" or "repository"; None: default


@dataclass(frozen=True, slots=True)
class PathFilter:
    """The ``include``/``exclude`` globs of one config file, relative to its directory.

    Gitignore semantics (:mod:`mlgloss.files.patterns`): an excluded directory excludes
    everything in it; a file is included when it, or one of its directories, matches.
    """

    root: Path
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    _include: PatternList = field(init=False, repr=False, compare=False, hash=False)
    _exclude: PatternList = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_include", compile_patterns(self.include))
        object.__setattr__(self, "_exclude", compile_patterns(self.exclude))

    def _relative(self, path: Path) -> list[str] | None:
        if not path.is_relative_to(self.root):
            return None
        rel = path.relative_to(self.root).as_posix()
        return None if rel == "." else rel.split("/")

    def allows(self, path: Path, *, parents_checked: bool = False) -> bool:
        """Whether a file (absolute, normalised) passes; files outside ``root`` always do.

        ``parents_checked``: a walker already asked :meth:`prunes` about each directory of
        ``path`` on its way down, so only the file itself is left to judge.
        """
        parts = self._relative(path)
        if parts is None:
            return True
        if self.include and not self._include.matches_or_parent(parts, False):
            return False
        if parents_checked:
            return not self._exclude.decide(parts, False)
        return not self._exclude.decide_with_parents(parts, False)

    def prunes(self, directory: Path, *, parents_checked: bool = False) -> bool:
        """Whether a directory is excluded as a whole (a walker need not enter it)."""
        parts = self._relative(directory)
        if parts is None:
            return False
        if parents_checked:
            return bool(self._exclude.decide(parts, True))
        return bool(self._exclude.decide_with_parents(parts, True))


def compile_tool_glob(glob: str) -> Pattern:
    """The pattern of one ``config_tools`` glob, with gitignore's semantics.

    Raises ``ValueError`` for a glob that names no file (empty, ``/``, a ``#`` comment), a
    negation (it cannot name a tool) or one git would refuse (a lone trailing ``\\``).
    """
    from mlgloss.files.patterns import compile_pattern

    if glob.startswith("!"):
        raise ValueError(f"a negation cannot name a tool: {glob!r}")
    pattern = compile_pattern(glob)
    if pattern is None:
        raise ValueError(f"names no file: {glob!r}")
    return pattern


@dataclass(frozen=True, slots=True)
class ToolGlobs:
    """The ``config_tools`` table of one config file: globs (relative to ``root``) -> tool id.

    A glob matches a file as a ``.gitignore`` line would: itself, or one of its directories
    (``vendored/`` takes in everything below), in time linear in the path whatever the stars.
    """

    root: Path
    patterns: tuple[tuple[str, str], ...] = ()
    _compiled: tuple[tuple[Pattern, str], ...] = field(
        init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        compiled = tuple((compile_tool_glob(glob), tool) for glob, tool in self.patterns)
        object.__setattr__(self, "_compiled", compiled)

    def tool_for(self, path: Path) -> str | None:
        """The tool the first glob matching ``path`` names; None when none matches."""
        if not path.is_relative_to(self.root):
            return None
        rel = path.relative_to(self.root).as_posix()
        if rel == ".":
            return None
        parts = rel.split("/")
        for pattern, tool in self._compiled:
            if pattern.matches_with_parents(parts, False):
                return tool
        return None


@dataclass(frozen=True, slots=True)
class ProjectConfig:
    """The settings that apply to one file, after layering. ``ProjectConfig()`` is the default."""

    root: Path | None = None  # directory of the nearest config file
    glossary: tuple[Path, ...] = ()  # absolute paths of extra glossary files
    builtin_glossary: bool = True
    prefer: tuple[str, ...] = ()  # nearest config's forms first
    rules: Mapping[str, RuleSetting] = field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )
    ignore_words: tuple[str, ...] = ()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    filters: tuple[PathFilter, ...] = ()  # one per layer that sets include or exclude
    sources: tuple[Path, ...] = ()  # config files that contributed, nearest first
    tool_globs: tuple[ToolGlobs, ...] = ()  # `config_tools` of each layer, nearest first
    config_keys: tuple[str, ...] = ()  # keys the project's tools read besides their own
    suggest_terms: bool = False  # the server hints at discovered project terms
    _ignored: frozenset[str] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_ignored", frozenset(w.casefold() for w in self.ignore_words))

    def rule(self, code: str) -> RuleSetting:
        return self.rules.get(code, RuleSetting())

    def is_enabled(self, code: str) -> bool:
        return self.rule(code).enabled

    def severity(self, code: str, default: Severity) -> Severity:
        """The configured severity of a rule, or the rule's ``default``."""
        return self.rule(code).severity or default

    def is_ignored_word(self, form: str) -> bool:
        return form.casefold() in self._ignored

    def is_included(self, path: StrPath, *, parents_checked: bool = False) -> bool:
        """Whether a file is checked; a relative ``path`` is taken relative to ``root``.

        ``parents_checked``: a walker asked :meth:`is_dir_excluded` about each directory on
        its way down (then only the file itself is judged: a deep tree costs no more).
        """
        if not self.filters:
            return True
        p = absolute_path(path, self.root)
        return all(f.allows(p, parents_checked=parents_checked) for f in self.filters)

    def config_tool_for(self, path: StrPath | None) -> str | None:
        """The tool id ``config_tools`` maps a file to (or ``"none"``); None if unmapped."""
        if not self.tool_globs or path is None:
            return None
        p = absolute_path(path, self.root)
        for globs in self.tool_globs:
            tool = globs.tool_for(p)
            if tool is not None:
                return tool
        return None

    def is_dir_excluded(self, path: StrPath, *, parents_checked: bool = False) -> bool:
        """Whether a directory is excluded as a whole, so a walker can skip it."""
        if not self.filters:
            return False
        p = absolute_path(path, self.root)
        return any(f.prunes(p, parents_checked=parents_checked) for f in self.filters)

    def with_overrides(
        self, settings: Mapping[str, object] | None, *, base_dir: StrPath | None = None
    ) -> ProjectConfig:
        """These settings with editor settings (camelCase keys) laid over them.

        Relative glossary paths and globs are taken relative to ``base_dir`` (the workspace
        folder), else to ``root``. ``None`` values are ignored, as editors send them for
        unset settings. Raises :class:`ConfigError` naming the key path.
        """
        from mlgloss.analysis.config.layers import apply_layer  # they build on this module
        from mlgloss.analysis.config.reader import Reader

        if not settings:
            return self
        base = absolute_path(base_dir) if base_dir is not None else self.root
        reader = Reader(file=None, text=None, prefix=(), base_dir=base, editor=True)
        layer = reader.layer(settings)
        return apply_layer(self, replace(layer, root=None))
