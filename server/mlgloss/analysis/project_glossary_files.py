"""Which glossary files a document's project configuration names."""

from __future__ import annotations

from pathlib import Path

from mlgloss.analysis.config.resolver import ConfigResolver


def glossary_files_for(directory: Path) -> tuple[list[Path], bool]:
    """(project glossary files, built-in on?) for files in ``directory``.

    Raises the configuration's error, naming file and line, when it is broken.
    """
    config = ConfigResolver().config_for(directory / "__mlgloss_probe__")
    return list(config.glossary), config.builtin_glossary
