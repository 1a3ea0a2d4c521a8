"""Reads one glossary file a project names: our YAML, or a Markdown glossary.

The kind is chosen by the file's suffix (``.md``, ``.markdown``: the definition-list layout
of :mod:`mlgloss.glossary.markdown_glossary`; anything else: the YAML format). The Markdown
reader, which reuses the seed importer and merge of the build, is imported only when a
Markdown glossary is read.
"""

from __future__ import annotations

from pathlib import Path

from mlgloss.errors import GlossaryError
from mlgloss.glossary.loader import (
    MAX_GLOSSARY_BYTES,
    MAX_GLOSSARY_ENTRIES,
    GlossaryFile,
    parse_glossary,
    too_many_entries,
)

MARKDOWN_SUFFIXES = (".md", ".markdown")


def load_glossary_file(path: str | Path, default_source: str = "project") -> GlossaryFile:
    """Read and check a glossary file, raising a positioned ``GlossaryError`` on bad input.

    The parsed file is cached by its bytes, path and the glossary code
    (:mod:`mlgloss.glossary.builtin_cache`), so a large project glossary is parsed once.
    Refused, naming the file, past :data:`MAX_GLOSSARY_BYTES` or :data:`MAX_GLOSSARY_ENTRIES`.
    """
    from mlgloss.glossary import builtin_cache

    file = Path(path)
    try:
        size = file.stat().st_size
        if size > MAX_GLOSSARY_BYTES:
            raise GlossaryError(
                f"glossary file too large: {size:,} bytes (the limit is "
                f"{MAX_GLOSSARY_BYTES:,}); split it or trim it",
                str(path),
            )
        data = file.read_bytes()
        text = data.decode("utf-8")
    except FileNotFoundError:
        raise GlossaryError("glossary file not found", str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GlossaryError(f"cannot read glossary: {exc}", str(path)) from None
    if "\r" in text:  # as reading in text mode would (universal newlines)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    markdown = file.suffix.lower() in MARKDOWN_SUFFIXES
    key = builtin_cache.cache_key(data, f"{path}\0{default_source}", importers=markdown)
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
