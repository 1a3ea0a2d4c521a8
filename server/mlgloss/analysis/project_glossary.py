"""Which glossary files a document's project configuration names."""

from __future__ import annotations

from pathlib import Path


def glossary_files_for(directory: Path) -> tuple[list[Path], bool]:
    """(project glossary files, built-in on?) for files in ``directory``."""
    from mlgloss.analysis.config import ConfigResolver

    config = ConfigResolver().resolve(directory / "_")
    if isinstance(config, Exception):
        raise config
    return list(config.glossary_paths), config.builtin_glossary
