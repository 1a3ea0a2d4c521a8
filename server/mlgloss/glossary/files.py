"""Reads one glossary file a project names: our YAML, or a Markdown glossary.

The kind is chosen by the file's suffix (``.md``, ``.markdown``: the definition-list layout
of :mod:`mlgloss.glossary.markdown_glossary`; anything else: the YAML format). The Markdown
reader, which reuses the seed importer and merge of the build, is imported only when a
Markdown glossary is read.
"""

from __future__ import annotations

from pathlib import Path

from mlgloss.errors import GlossaryError
from mlgloss.files.reading import Missing, NotText, TooLarge, Unreadable, decode, read_bytes
from mlgloss.glossary.loader import (
    MAX_GLOSSARY_BYTES,
    MAX_GLOSSARY_ENTRIES,
    GlossaryFile,
    parse_glossary,
    too_many_entries,
)

MARKDOWN_SUFFIXES = (".md", ".markdown")


def read_glossary_text(file: Path, name: str) -> tuple[bytes, str]:
    """A glossary file's bytes and text, read by the core's bounded reader: a regular file
    (judged after following links), at most :data:`MAX_GLOSSARY_BYTES` + 1 bytes, UTF-8
    (a UTF-8 byte-order mark is dropped); line endings made ``\\n``. Raises a
    ``GlossaryError`` naming the file (``name``) otherwise."""
    try:
        read = read_bytes(file, MAX_GLOSSARY_BYTES)
        text = decode(read.raw).text
    except Missing:
        raise GlossaryError("glossary file not found", name) from None
    except TooLarge as exc:
        raise GlossaryError(
            f"glossary file too large: {exc.size:,} bytes (the limit is "
            f"{MAX_GLOSSARY_BYTES:,}); split it or trim it",
            name,
        ) from None
    except (Unreadable, NotText) as exc:
        raise GlossaryError(f"cannot read glossary: {exc}", name) from None
    if "\r" in text:  # as reading in text mode would (universal newlines)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return read.raw, text


def _file_key(file: Path, data: bytes, path: str | Path, default_source: str) -> str | None:
    from mlgloss.glossary import builtin_cache

    markdown = file.suffix.lower() in MARKDOWN_SUFFIXES
    return builtin_cache.cache_key(data, f"{path}\0{default_source}", importers=markdown)


def glossary_file_key(path: str | Path, default_source: str = "project") -> str | None:
    """The digest :func:`load_glossary_file` caches ``path`` under (its bytes, path and the
    code that reads it), or None when the file cannot be read (loading it says why)."""
    file = Path(path)
    try:
        data = read_bytes(file, MAX_GLOSSARY_BYTES).raw
    except (Missing, TooLarge, Unreadable, NotText):
        return None
    return _file_key(file, data, path, default_source)


def load_glossary_file(path: str | Path, default_source: str = "project") -> GlossaryFile:
    """Read and check a glossary file, raising a positioned ``GlossaryError`` on bad input.

    The parsed file is cached by its bytes, path and the glossary code
    (:mod:`mlgloss.glossary.builtin_cache`), so a large project glossary is parsed once.
    Refused, naming the file, past :data:`MAX_GLOSSARY_BYTES` or :data:`MAX_GLOSSARY_ENTRIES`.
    """
    from mlgloss.glossary import builtin_cache

    file = Path(path)
    data, text = read_glossary_text(file, str(path))
    markdown = file.suffix.lower() in MARKDOWN_SUFFIXES
    key = _file_key(file, data, path, default_source)
    cached = builtin_cache.read(key, builtin_cache.PROJECT_PREFIX) if key else None
    if cached is not None:
        return cached
    if markdown:
        from mlgloss.glossary.markdown_glossary import parse_markdown_glossary

        parsed: GlossaryFile = parse_markdown_glossary(text, str(path), default_source)
        if len(parsed.entries) > MAX_GLOSSARY_ENTRIES:
            raise GlossaryError(too_many_entries(len(parsed.entries)), str(path))
    else:
        parsed = parse_glossary(text, str(path), default_source)
    if key:
        builtin_cache.write(parsed, key, builtin_cache.PROJECT_PREFIX)
    return parsed
