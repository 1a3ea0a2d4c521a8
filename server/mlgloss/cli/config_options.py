"""The command line's say over configuration: ``--config``, ``--exclude``, ``--extend-exclude``.

* ``--config FILE`` puts one configuration file in place of discovery: every file checked
  uses it (``extend = true`` in it is followed as usual). A ``pyproject.toml`` is read for its
  ``[tool.mlgloss]`` table, any other name as a ``.mlgloss.toml``; its relative paths are
  relative to its own directory, as for a discovered file.
* ``--exclude PATTERN`` replaces the ``exclude`` of every configuration in effect;
  ``--extend-exclude PATTERN`` adds to it. Both take gitignore lines (the matcher of
  :mod:`mlgloss.files.patterns`, as the setting does) relative to the working directory,
  comma-separated and repeatable, as ruff's options are.

:class:`CommandLineResolver` applies them to what the configuration resolver finds, so the
walk and every analysis see the same configuration.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, replace
from pathlib import Path

from mlgloss.analysis.config.model import PathFilter, ProjectConfig
from mlgloss.analysis.config.resolver import ConfigResolver
from mlgloss.analysis.errors import ConfigError
from mlgloss.errors import MlglossError


def _patterns(value: str) -> list[str]:
    return [p.strip() for p in value.split(",") if p.strip()]


def add_config_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="use this configuration file (pyproject.toml or .mlgloss.toml) instead of discovery",
    )
    parser.add_argument(
        "--exclude",
        type=_patterns,
        action="extend",
        default=None,
        metavar="PATTERNS",
        help="gitignore patterns that replace the configured exclude (comma-separated; repeatable)",
    )
    parser.add_argument(
        "--extend-exclude",
        type=_patterns,
        action="extend",
        default=[],
        metavar="PATTERNS",
        help="gitignore patterns added to the configured exclude (comma-separated; repeatable)",
    )


@dataclass(frozen=True, slots=True)
class ConfigChoice:
    """What the command line says about configuration; picklable, for worker processes."""

    config_file: str | None = None  # absolute
    exclude: tuple[str, ...] | None = None  # None: the configured exclude stands
    extend_exclude: tuple[str, ...] = ()
    base: str = ""  # the working directory: patterns are relative to it

    @classmethod
    def from_args(cls, args: argparse.Namespace, cwd: Path) -> ConfigChoice:
        config_file = None
        if args.config is not None:
            config_file = os.path.abspath(cwd / args.config)
            if not os.path.isfile(config_file):
                what = "is not a file" if os.path.exists(config_file) else "no such file"
                raise MlglossError(f"--config {args.config}: {what}")
        exclude = None if args.exclude is None else tuple(args.exclude)
        return cls(config_file, exclude, tuple(args.extend_exclude), str(cwd))

    @property
    def is_default(self) -> bool:
        return self.config_file is None and self.exclude is None and not self.extend_exclude

    def filters(self) -> tuple[PathFilter, ...]:
        """The command line's own filter; an :class:`MlglossError` naming a bad pattern."""
        groups = (("--exclude", self.exclude or ()), ("--extend-exclude", self.extend_exclude))
        for option, patterns in groups:
            for pattern in patterns:
                try:
                    PathFilter(Path(self.base), exclude=(pattern,))
                except ValueError as exc:
                    raise MlglossError(f"{option} {pattern!r}: invalid pattern: {exc}") from None
        every = (*(self.exclude or ()), *self.extend_exclude)
        return (PathFilter(Path(self.base), exclude=every),) if every else ()


class CommandLineResolver(ConfigResolver):
    """A :class:`ConfigResolver` that answers with ``--config``'s file and lays the command
    line's exclude patterns over every configuration it gives."""

    def __init__(self, choice: ConfigChoice) -> None:
        super().__init__()
        self.choice = choice
        self._filters = choice.filters()
        self._fixed: ProjectConfig | ConfigError | None = None
        # id(found config) -> (found config, adjusted); the found one is kept so that its id
        # cannot be reused while the entry exists.
        self._adjusted: dict[int, tuple[ProjectConfig, ProjectConfig]] = {}

    def given_file(self) -> ProjectConfig | None:
        """``--config``'s configuration, loaded now; raises its :class:`ConfigError`."""
        if self.choice.config_file is None:
            return None
        if self._fixed is None:
            try:
                self._fixed = self.load(self.choice.config_file)
            except ConfigError as exc:
                self._fixed = exc
        if isinstance(self._fixed, ConfigError):
            raise self._fixed
        return self._fixed

    def resolve_directory(self, directory: str) -> ProjectConfig | ConfigError:
        if self.choice.config_file is not None:
            try:
                found: ProjectConfig | ConfigError | None = self.given_file()
            except ConfigError as exc:
                return exc
        else:
            found = super().resolve_directory(directory)
        assert found is not None
        return found if isinstance(found, ConfigError) else self._adjust(found)

    def _adjust(self, config: ProjectConfig) -> ProjectConfig:
        if self.choice.exclude is None and not self.choice.extend_exclude:
            return config
        cached = self._adjusted.get(id(config))
        if cached is not None and cached[0] is config:
            return cached[1]
        filters = config.filters
        if self.choice.exclude is not None:
            filters = tuple(PathFilter(f.root, f.include) for f in filters if f.include)
        adjusted = replace(config, filters=(*filters, *self._filters))
        self._adjusted[id(config)] = (config, adjusted)
        return adjusted
