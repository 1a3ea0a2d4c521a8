"""Finds and loads the built-in glossary that ships inside the wheel.

In an installed wheel the data lives in ``mlgloss/glossary_data/``; in a source checkout
(editable install, tests) it is the repository's top-level ``glossary/`` directory. The
parsed glossary is kept in a cache (:mod:`mlgloss.glossary.builtin_cache`) keyed by the
file's bytes and the glossary code, so most runs skip parsing the YAML; so is the glossary
assembled from it alone with its index keys (:func:`load_builtin_glossary`), which is what a
run without project glossaries starts from.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from mlgloss.errors import GlossaryError
from mlgloss.gc_pause import collector_paused
from mlgloss.glossary import builtin_cache
from mlgloss.glossary.index import form_keys
from mlgloss.glossary.loader import GlossaryFile, parse_glossary
from mlgloss.glossary.lookup import Glossary

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


def _read_builtin() -> tuple[bytes, str, str]:
    """The built-in glossary's bytes, its text and its path."""
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
    return data, text, name


def builtin_key() -> str | None:
    """The digest the built-in glossary is cached under (its bytes, path and the code), or
    None when it cannot be told."""
    data, _, name = _read_builtin()
    return builtin_cache.cache_key(data, name)


@cache
def load_builtin_file() -> GlossaryFile:
    """The built-in glossary file, parsed once per process (or read from the cache)."""
    data, text, name = _read_builtin()
    key = builtin_cache.cache_key(data, name)
    with collector_paused():
        cached = builtin_cache.read(key) if key else None
    if cached is not None:
        return cached
    parsed = parse_glossary(text, name, DEFAULT_SOURCE)
    if key:
        builtin_cache.write(parsed, key)
    return parsed


@cache
def load_builtin_glossary() -> Glossary:
    """The built-in glossary on its own, assembled and ready to index, once per process.

    What :meth:`Glossary.from_layers` makes of the built-in file alone, read back from the
    start-up cache (:func:`builtin_cache.read_assembled`) with each form's index keys, so that
    start-up neither checks the layer nor splits the forms into words again.
    """
    data, _, name = _read_builtin()
    key = builtin_cache.cache_key(data, name)
    with collector_paused():
        cached = builtin_cache.read_assembled(key) if key else None
    if cached is None:
        cached = Glossary.from_layers([[load_builtin_file()]])
        if key:
            keys = [form_keys(entry) for entry in cached.entries.values()]
            builtin_cache.write_assembled(cached, keys, key)
    cached.digest = key
    return cached
