"""Per-project state shared by the front ends: configurations and glossaries, cached.

A :class:`Session` resolves each file's nearest configuration and the glossary it names,
caches both, and forgets them when told a file changed (the server's file watcher, or a new
CLI run). Errors come back as exceptions naming the file and line.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mlgloss.analysis.config.model import ProjectConfig
from mlgloss.analysis.config.resolver import ConfigResolver
from mlgloss.analysis.document import DocumentKind, kind_for_path
from mlgloss.analysis.term_counts import (
    Repositories,
    TermCounts,
    counts_spellings,
    reads_counts,
)

if TYPE_CHECKING:
    from mlgloss.analysis.engine import Analysis
    from mlgloss.glossary.lookup import Glossary


class Session:
    def __init__(self, overrides: Mapping[str, Any] | None = None) -> None:
        self.resolver = ConfigResolver()
        self.overrides: Mapping[str, Any] = overrides or {}
        # id(file config) -> (file config, with the overrides laid over it); the file config
        # is kept so that its id cannot be reused while the entry exists.
        self._overridden: dict[int, tuple[ProjectConfig, ProjectConfig]] = {}
        # The spellings each repository writes, for `inconsistent` in repository scope;
        # filled by the front end (the CLI's first pass, the server's workspace index).
        self.repositories: Repositories | None = None

    def set_overrides(self, overrides: Mapping[str, Any] | None) -> None:
        """Editor settings, merged over every file configuration."""
        self.overrides = overrides or {}
        self._overridden.clear()

    def config_for(self, path: str | os.PathLike[str]) -> ProjectConfig:
        config = self.resolver.config_for(path)
        if not self.overrides:
            return config
        cached = self._overridden.get(id(config))
        if cached is not None and cached[0] is config:
            return cached[1]
        overridden = config.with_overrides(self.overrides)
        if len(self._overridden) > 256:
            self._overridden.clear()
        self._overridden[id(config)] = (config, overridden)
        return overridden

    def glossary_for(self, config: ProjectConfig) -> Glossary:
        from mlgloss.glossary.layers import load_glossary  # the engine loads on first use

        return load_glossary(config.glossary, builtin=config.builtin_glossary)

    def analyze(
        self,
        path: str | os.PathLike[str],
        text: str,
        kind: DocumentKind | None = None,
        *,
        prepare: bool = False,
    ) -> Analysis:
        from mlgloss.analysis.engine import analyze_document

        kind = kind or kind_for_path(os.fspath(path)) or DocumentKind.PLAINTEXT
        config = self.config_for(path)
        return analyze_document(
            text,
            kind,
            glossary=self.glossary_for(config),
            config=config,
            path=str(path),
            repository=self.repository_for(path, config),
            prepare=prepare,
        )

    def repository_for(
        self, path: str | os.PathLike[str], config: ProjectConfig
    ) -> TermCounts | None:
        """The counts ``inconsistent`` compares a file with, when it has them."""
        if self.repositories is None or not counts_spellings(config):
            return None
        root = self.repositories.root_for(path, config)
        return self.repositories.get(root) if reads_counts(root, config) else None

    def invalidate(self, path: str | os.PathLike[str] | None = None) -> None:
        self.resolver.invalidate(Path(path) if path is not None else None)
        self._overridden.clear()
        if self.repositories is not None:  # the scope or the glossary may have changed
            self.repositories.forget()
