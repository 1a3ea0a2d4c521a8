"""The nearest configuration above a file: :class:`ConfigResolver` finds it, follows
``extend = true`` to the next one further up, and caches the result per directory."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from mlgloss.analysis.config.files import Loaded, load_file
from mlgloss.analysis.config.layers import Layer, apply_layer
from mlgloss.analysis.config.model import CONFIG_FILE, PYPROJECT, ProjectConfig
from mlgloss.analysis.config.paths import StrPath, absolute_path
from mlgloss.analysis.errors import ConfigError


class ConfigResolver:
    """Finds the configuration for files and caches it per directory.

    Results are either a :class:`ProjectConfig` or the :class:`ConfigError` that stopped it;
    both are cached until :meth:`invalidate` is told that a file changed.
    """

    def __init__(self, loader: Callable[[Path], Loaded] = load_file) -> None:
        self._loader = loader
        self._files: dict[Path, Loaded] = {}
        # Keyed by the directory's absolute path as a string: a lookup per checked file
        # then costs one stat and no Path objects.
        self._dirs: dict[str, ProjectConfig | ConfigError] = {}

    def resolve(self, path: StrPath) -> ProjectConfig | ConfigError:
        """The configuration for a file (or for the files of a directory)."""
        # The same normalisation as `absolute_path`, on strings.
        name = os.path.abspath(os.path.expanduser(os.fspath(path)))
        return self.resolve_directory(name if os.path.isdir(name) else os.path.dirname(name))

    def resolve_directory(self, directory: str) -> ProjectConfig | ConfigError:
        """The configuration for the files of ``directory``, an absolute, normalised path
        (as :func:`os.path.abspath` gives): no stat when the answer is cached."""
        cached = self._dirs.get(directory)
        if cached is not None:
            return cached
        # Up from `directory` to the nearest config (or the repository root). A directory
        # on the way whose answer is known gives it: what lies above it is the same.
        visited: list[str] = []
        d = Path(directory)
        result: ProjectConfig | ConfigError | None = None
        try:
            while result is None:
                name = str(d)
                result = self._dirs.get(name)
                if result is not None:
                    break
                visited.append(name)
                layer = self._in_directory(d)
                if layer is not None or (d / ".git").exists() or d.parent == d:
                    result = self._layered(layer)
                d = d.parent
        except ConfigError as exc:
            result = exc
        for name in visited:
            self._dirs[name] = result
        return result

    def config_for(self, path: StrPath) -> ProjectConfig:
        """Like :meth:`resolve`, but raises the error."""
        result = self.resolve(path)
        if isinstance(result, ConfigError):
            raise result
        return result

    def invalidate(self, path: StrPath | None = None) -> None:
        """Forget what depends on ``path`` (a config or glossary file, or a directory).

        With no argument, forget everything.
        """
        if path is None:
            self._files.clear()
            self._dirs.clear()
            return
        p = absolute_path(path)
        stale_files = {
            f
            for f, loaded in self._files.items()
            if f == p or f.is_relative_to(p) or p in loaded.depends_on
        }
        scopes = {f.parent for f in stale_files}
        if p.name in (CONFIG_FILE, PYPROJECT):
            scopes.add(p.parent)  # a new config file shadows what lies above it
        elif p not in stale_files and not p.suffix:
            scopes.add(p)  # a directory
        for f in stale_files:
            del self._files[f]
        for d in list(self._dirs):
            if any(Path(d).is_relative_to(scope) for scope in scopes):
                del self._dirs[d]

    def _load(self, path: Path) -> Loaded:
        loaded = self._files.get(path)
        if loaded is None:
            loaded = self._files[path] = self._loader(path)
        return loaded

    def _in_directory(self, directory: Path) -> Layer | None:
        dot, py = directory / CONFIG_FILE, directory / PYPROJECT
        layers: list[Layer] = []
        for candidate in (dot, py):
            # Any file but a directory: a FIFO or device is refused by name, never opened.
            if candidate.exists() and not candidate.is_dir():
                loaded = self._load(candidate)
                if loaded.error is not None:
                    raise loaded.error
                if loaded.layer is not None:
                    layers.append(loaded.layer)
        if len(layers) == 2:
            raise ConfigError(
                f"both {CONFIG_FILE} and [tool.mlgloss] in {PYPROJECT} configure mlgloss "
                "here; keep one",
                str(dot),
            )
        return layers[0] if layers else None

    def _find(self, directory: Path) -> Layer | None:
        """The nearest config layer at or above ``directory``, past any ``.git``."""
        d = directory
        while True:
            layer = self._in_directory(d)
            if layer is not None or d.parent == d:
                return layer
            d = d.parent

    def _layered(self, layer: Layer | None) -> ProjectConfig:
        """``layer`` laid over the configs it extends (each found past any ``.git``)."""
        chain: list[Layer] = []
        while layer is not None:
            chain.append(layer)
            if not layer.extend or layer.root is None or layer.root.parent == layer.root:
                break
            layer = self._find(layer.root.parent)
        config = ProjectConfig()
        for item in reversed(chain):
            config = apply_layer(config, item)
        return config

    def load(self, path: StrPath) -> ProjectConfig:
        """The configuration in one given file (``mlgloss check --config``), with its extends."""
        p = absolute_path(path)
        loaded = self._load(p)
        if loaded.error is not None:
            raise loaded.error
        if loaded.layer is None:
            raise ConfigError("no [tool.mlgloss] table in this file", str(p))
        return self._layered(loaded.layer)
