"""Tables a rule derives from a whole glossary, cached by the glossary's content digest.

The misspelling rule's vocabulary is every word of every form and definition: building it
reads every entry, which a compiled glossary (:mod:`mlgloss.glossary.compiled`) would
otherwise decode only on demand. :func:`derived_table` keeps such a table as a JSON file
named by the glossary's digest, the table's name and the source of the code that builds
it, so a later run with the same glossary and code reads it back; any other glossary or
code is another name. A glossary without a digest (built in memory) builds its tables each
time. A file that does not load (corrupt, truncated, foreign, not the user's own) is
rebuilt, never trusted: ``load`` must raise on any shape it does not expect.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from mlgloss import __version__
from mlgloss.cache_files import cache_dir, trusted
from mlgloss.glossary.builtin_cache import write_bytes
from mlgloss.glossary.lookup import Glossary

PREFIX = "derived-"
KEEP = 16

T = TypeVar("T")


def _name(glossary_digest: str, table: str, code: Sequence[str]) -> str | None:
    digest = hashlib.sha256(f"{table}\0{__version__}\0{glossary_digest}\0".encode())
    try:
        for path in code:
            source = Path(path).read_bytes()
            digest.update(f"{Path(path).name} {len(source)}\0".encode() + source)
    except OSError:
        return None
    return f"{PREFIX}{table}-{digest.hexdigest()[:32]}.json"


def derived_table(
    glossary: Glossary,
    table: str,
    code: Sequence[str],
    build: Callable[[], T],
    dump: Callable[[T], Any],
    load: Callable[[Any], T],
) -> T:
    """``build()``, or the table cached for this glossary, ``table`` and the source files
    ``code``; ``dump`` makes it JSON data, ``load`` makes it back (raising on bad data)."""
    directory = cache_dir()
    name = _name(glossary.digest, table, code) if glossary.digest and directory else None
    if name is None or directory is None:
        return build()
    try:
        with open(directory / name, "rb") as handle:
            if trusted(handle.fileno()):
                return load(json.loads(handle.read()))
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        pass
    value = build()
    data = json.dumps(dump(value), ensure_ascii=False, separators=(",", ":"))
    try:
        same = load(json.loads(data)) == value
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        same = False
    if same:
        write_bytes(data.encode("utf-8"), name, PREFIX, keep=KEEP)
    return value
