"""A cache of parsed glossary files, so that start-up does not parse their YAML again.

Parsing ``builtin.yaml`` (YAML, then checking and form generation) takes some 70 ms of every
``mlgloss`` run; reading this cache takes under 10. Project glossaries are cached the same
way (:data:`PROJECT_PREFIX`; see :func:`mlgloss.glossary.loader.load_glossary_file`): a
50,000-entry project glossary takes seconds to parse and a fraction of that to read back.
The cache is one JSON file in the user's cache directory (``$XDG_CACHE_HOME/mlgloss``, else
``~/.cache/mlgloss``), named by a digest of everything the parse depends on: the file's
bytes and path, the source of the glossary code (``mlgloss/glossary/*.py``,
``mlgloss/errors.py``; and the importers, for a Markdown glossary), the mlgloss and Python
versions and the installed YAML library. Any change to one of them is a miss, never a stale hit.

Safety: JSON, never pickle, so a cache file is data and nothing else, and it can say no
more than ``builtin.yaml`` itself could. On POSIX a file that is not the user's own, or that
others may write, is ignored. A file is written (atomically) only after it has been read
back into exactly the entries it was made from. Any problem is a miss: the YAML is parsed
as before. ``MLGLOSS_NO_CACHE=1`` switches the cache off.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from dataclasses import fields
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from mlgloss import __version__
from mlgloss.cache_files import DISABLE_ENV as DISABLE_ENV
from mlgloss.cache_files import cache_dir, trusted
from mlgloss.glossary.loader import GlossaryFile
from mlgloss.glossary.model import (
    CaseRule,
    Definition,
    Entry,
    Form,
    FormKind,
    FormReason,
    FormStatus,
    SelfTests,
    Sense,
    Source,
    SourceRef,
)

FORMAT = 2
"""Bump when the layout below changes."""

PREFIX = "builtin-"
PROJECT_PREFIX = "project-"
KEEP = 8
"""Cache files kept per prefix (the newest): a few mlgloss versions or checkouts side by
side each keep theirs, and a few projects' glossaries, and the directory stays bounded."""

# The model as the codec below knows it; any other shape and nothing is cached.
_SHAPES: dict[type, tuple[str, ...]] = {
    Entry: (
        "id",
        "term",
        "forms",
        "senses",
        "acronym",
        "expansion",
        "case",
        "see_also",
        "tags",
        "config_keys",
        "symbol",
        "tests",
        "origin",
        "well_known",
    ),
    Form: ("text", "status", "reason", "kind", "note", "generated", "case", "matched"),
    Sense: ("definitions", "context"),
    Definition: ("text", "source", "section", "headword"),
    SelfTests: ("flag", "passing"),
    SourceRef: ("file", "line", "column"),
    Source: ("id", "name", "url", "licence"),
}

_STATUS = {m.value: m for m in FormStatus}
_REASON = {m.value: m for m in FormReason}
_KIND = {m.value: m for m in FormKind}
_CASE = {m.value: m for m in CaseRule}


def _code_files() -> list[Path]:
    package = Path(__file__).parent
    return [*sorted(package.glob("*.py")), package.parent / "errors.py"]


def _importer_files() -> list[Path]:
    """The build's code (importers and merge), which reads Markdown glossaries."""
    return sorted(Path(__file__).parent.glob("build/**/*.py"))


def cache_key(data: bytes, path: str, *, importers: bool = False) -> str | None:
    """The digest naming the cache of ``data`` (a glossary file's bytes) read from ``path``;
    ``importers``: the file is read with the importers' code too (a Markdown glossary)."""
    digest = hashlib.sha256()
    yaml_spec = find_spec("yaml")
    yaml_origin = (yaml_spec.origin or "") if yaml_spec else ""
    try:
        yaml_stat = os.stat(yaml_origin) if yaml_origin else None
        parts = [
            f"format {FORMAT}",
            f"mlgloss {__version__}",
            sys.version,
            f"yaml {yaml_origin} {yaml_stat.st_mtime_ns if yaml_stat else 0}",
            path,
        ]
        for part in parts:
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
        code = _code_files()
        if len(code) < 2:  # no sources to vouch for the code (a .pyc-only install)
            return None
        for file in code + (_importer_files() if importers else []):
            source = file.read_bytes()
            digest.update(f"{file.name} {len(source)}\0".encode() + source)
    except OSError:
        return None
    digest.update(data)
    return digest.hexdigest()[:32]


# --- the codec: entries as nested JSON lists, fields in model order -----------------------


def _shape_ok() -> bool:
    return all(tuple(f.name for f in fields(cls)) == names for cls, names in _SHAPES.items())


def _form(f: Form) -> list[Any]:
    reason = f.reason.value if f.reason else None
    return [
        f.text,
        f.status.value,
        reason,
        f.kind.value,
        f.note,
        f.generated,
        f.case.value,
        f.matched,
    ]


def _entry(e: Entry) -> list[Any]:
    origin = [e.origin.file, e.origin.line, e.origin.column] if e.origin else None
    return [
        e.id,
        e.term,
        [_form(f) for f in e.forms],
        [
            [[[d.text, d.source, d.section, d.headword] for d in s.definitions], s.context]
            for s in e.senses
        ],
        e.acronym,
        e.expansion,
        e.case.value,
        list(e.see_also),
        list(e.tags),
        list(e.config_keys),
        e.symbol,
        [list(e.tests.flag), list(e.tests.passing)],
        origin,
        e.well_known,
    ]


def encode(file: GlossaryFile, key: str) -> str:
    return json.dumps(
        {
            "format": FORMAT,
            "key": key,
            "path": file.path,
            "sources": [[s.id, s.name, s.url, s.licence] for s in file.sources],
            "entries": [_entry(e) for e in file.entries],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _decode_form(f: list[Any]) -> Form:
    reason = _REASON[f[2]] if f[2] else None
    return Form(f[0], _STATUS[f[1]], reason, _KIND[f[3]], f[4], f[5], _CASE[f[6]], f[7])


def _decode_entry(x: list[Any]) -> Entry:
    case = _CASE
    return Entry(
        x[0],
        x[1],
        tuple(_decode_form(f) for f in x[2]),
        tuple(Sense(tuple(Definition(*d) for d in s[0]), s[1]) for s in x[3]),
        x[4],
        x[5],
        case[x[6]],
        tuple(x[7]),
        tuple(x[8]),
        tuple(x[9]),
        x[10],
        SelfTests(tuple(x[11][0]), tuple(x[11][1])),
        SourceRef(*x[12]) if x[12] else None,
        x[13],
    )


def decode(text: str, key: str) -> GlossaryFile | None:
    """The glossary file in a cache text, or None when it is not the one for ``key``."""
    data = json.loads(text)
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
        return None
    return GlossaryFile(
        data["path"],
        tuple(_decode_entry(x) for x in data["entries"]),
        tuple(Source(*s) for s in data["sources"]),
    )


# --- the file -----------------------------------------------------------------------------


def read(key: str, prefix: str = PREFIX) -> GlossaryFile | None:
    """The cached glossary file for ``key``, or None (a miss, or a cache it cannot use)."""
    directory = cache_dir()
    if directory is None or not _shape_ok():
        return None
    try:
        with open(directory / f"{prefix}{key}.json", "rb") as handle:
            if not trusted(handle.fileno()):
                return None
            text = handle.read().decode("utf-8")
        return decode(text, key)
    except (OSError, ValueError, TypeError, KeyError, IndexError):
        return None


def write(file: GlossaryFile, key: str, prefix: str = PREFIX) -> None:
    """Cache ``file`` under ``key``, keeping the :data:`KEEP` newest; failures are ignored."""
    directory = cache_dir()
    if directory is None or not _shape_ok():
        return
    text = encode(file, key)
    if decode(text, key) != file:  # a model the codec does not fully cover
        return
    target = directory / f"{prefix}{key}.json"
    temp = directory / f".{prefix}{key}.{os.getpid()}.tmp"
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        # O_EXCL: never write through a file or link that is already there.
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
        os.replace(temp, target)
        caches = sorted(
            directory.glob(f"{prefix}*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True
        )
        for old in caches[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
