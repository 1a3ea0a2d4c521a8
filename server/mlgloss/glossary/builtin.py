"""Finds and loads the built-in glossary that ships inside the wheel.

In an installed wheel the data lives in ``mlgloss/glossary_data/``; in a source checkout
(editable install, tests) it is the repository's top-level ``glossary/`` directory. The
parsed glossary is kept in a cache (:mod:`mlgloss.glossary.builtin_cache`) keyed by the
file's bytes and the glossary code, so most runs skip parsing the YAML.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from mlgloss.errors import GlossaryError
from mlgloss.glossary import builtin_cache
from mlgloss.glossary.loader import GlossaryFile, parse_glossary

BUILTIN_FILE = "builtin.yaml"
DEFAULT_SOURCE = "mlgloss"


def builtin_dir() -> Path:
    # The package's own directory, as importlib.resources.files("mlgloss") gives it for a
    # package on disk (without importing importlib.resources).
    packaged = Path(__file__).parent.parent / "glossary_data"
    if (packaged / BUILTIN_FILE).is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / "glossary"


def builtin_path() -> Path:
    return builtin_dir() / BUILTIN_FILE


@cache
def load_builtin_file() -> GlossaryFile:
    """The built-in glossary file, parsed once per process (or read from the cache)."""
    path = builtin_path()
    name = str(path)
    try:
        data = path.read_bytes()
        text = data.decode("utf-8")
        if "\r" in text:  # as reading in text mode would (universal newlines)
            text = text.replace("\r\n", "\n").replace("\r", "\n")
    except FileNotFoundError:
        raise GlossaryError("glossary file not found", name) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GlossaryError(f"cannot read glossary: {exc}", name) from None
    key = builtin_cache.cache_key(data, name)
    cached = builtin_cache.read(key) if key else None
    if cached is not None:
        return cached
    parsed = parse_glossary(text, name, DEFAULT_SOURCE)
    if key:
        builtin_cache.write(parsed, key)
    return parsed
