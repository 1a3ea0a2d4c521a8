"""Finds and loads the built-in glossary that ships inside the wheel.

In an installed wheel the data lives in ``mlgloss/glossary_data/``; in a source checkout
(editable install, tests) it is the repository's top-level ``glossary/`` directory.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from mlgloss.glossary.loader import GlossaryFile, load_glossary_file

BUILTIN_FILE = "builtin.yaml"


def builtin_dir() -> Path:
    packaged = Path(str(resources.files("mlgloss"))) / "glossary_data"
    if (packaged / BUILTIN_FILE).is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / "glossary"


def builtin_path() -> Path:
    return builtin_dir() / BUILTIN_FILE


@cache
def load_builtin_file() -> GlossaryFile:
    """The built-in glossary file, parsed once per process."""
    return load_glossary_file(builtin_path(), default_source="mlgloss")
