"""A cache of parsed glossary files, so that start-up does not parse their YAML again.

Parsing ``builtin.yaml`` (YAML, then checking and form generation) takes some 200 ms of every
``mlgloss`` run; reading this cache takes about 13. A second file per key
(:data:`ASSEMBLED_PREFIX`) holds the built-in glossary as ``Glossary.from_layers`` assembles
it on its own, with each form's index keys: what a run without project glossaries starts
from, so that start-up neither checks the layer again nor splits 3,000 forms into words.
Project glossaries are cached the same way (:data:`PROJECT_PREFIX`; see
:func:`mlgloss.glossary.loader.load_glossary_file`): a 50,000-entry project glossary takes
seconds to parse and a fraction of that to read back. Each cache is one JSON file in the
user's cache directory (``$XDG_CACHE_HOME/mlgloss``, else ``~/.cache/mlgloss``), named by a
digest of everything the parse depends on: the file's
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
from mlgloss.glossary.lookup import Glossary
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

FORMAT = 3
"""Bump when the layout below changes."""

PREFIX = "builtin-"
PROJECT_PREFIX = "project-"
ASSEMBLED_PREFIX = "assembled-"
"""The built-in glossary assembled on its own (no project layer) and its index keys."""
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

_CASE = {m.value: m for m in CaseRule}

_FormFlags = tuple[FormStatus, FormReason | None, FormKind, CaseRule, bool, bool]
# A form's status, reason, kind, case rule, generated and matched, as one number: the
# cache holds some 3,000 forms, and a number reads faster than six values.
_FLAGS: dict[int, _FormFlags] = {
    code: flags
    for code, flags in enumerate(
        (status, reason, kind, case, generated, matched)
        for status in FormStatus
        for reason in (None, *FormReason)
        for kind in FormKind
        for case in CaseRule
        for generated in (False, True)
        for matched in (False, True)
    )
}
_CODE = {flags: code for code, flags in _FLAGS.items()}


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
    code = _CODE[(f.status, f.reason, f.kind, f.case, f.generated, f.matched)]
    return [f.text, code] if f.note is None else [f.text, code, f.note]


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


# Decoding sets each slot of a new object directly, as a frozen dataclass's __init__ does
# through object.__setattr__, in under half the time: start-up makes some 9,000 of them.
# The fields are in model order (_SHAPES), and a cache is written only when it decodes back
# into equal entries, so a setter out of order would mean no cache, never a wrong one.
def _setters(cls: type) -> tuple[Any, ...]:
    """The slot setters of ``cls`` in codec order; none when the model has other fields
    (then :func:`_shape_ok` is false and nothing is decoded)."""
    try:
        return tuple(getattr(cls, name).__set__ for name in _SHAPES[cls])
    except AttributeError:
        return ()


_F = _setters(Form)
_E = _setters(Entry)
_D = _setters(Definition)
_S = _setters(Sense)
_R = _setters(SourceRef)
_NO_TESTS = SelfTests()
_new = object.__new__


def _decode_form(f: list[Any]) -> Form:
    form: Form = _new(Form)
    status, reason, kind, case, generated, matched = _FLAGS[f[1]]
    _F[0](form, f[0])
    _F[1](form, status)
    _F[2](form, reason)
    _F[3](form, kind)
    _F[4](form, f[2] if len(f) > 2 else None)
    _F[5](form, generated)
    _F[6](form, case)
    _F[7](form, matched)
    return form


def _decode_definition(d: list[Any]) -> Definition:
    definition: Definition = _new(Definition)
    _D[0](definition, d[0])
    _D[1](definition, d[1])
    _D[2](definition, d[2])
    _D[3](definition, d[3])
    return definition


def _decode_sense(s: list[Any]) -> Sense:
    sense: Sense = _new(Sense)
    _S[0](sense, tuple([_decode_definition(d) for d in s[0]]))
    _S[1](sense, s[1])
    return sense


def _decode_origin(o: list[Any] | None) -> SourceRef | None:
    if not o:
        return None
    origin: SourceRef = _new(SourceRef)
    _R[0](origin, o[0])
    _R[1](origin, o[1])
    _R[2](origin, o[2])
    return origin


def _decode_entry(x: list[Any]) -> Entry:
    entry: Entry = _new(Entry)
    tests = x[11]
    _E[0](entry, x[0])
    _E[1](entry, x[1])
    _E[2](entry, tuple([_decode_form(f) for f in x[2]]))
    _E[3](entry, tuple([_decode_sense(s) for s in x[3]]))
    _E[4](entry, x[4])
    _E[5](entry, x[5])
    _E[6](entry, _CASE[x[6]])
    _E[7](entry, tuple(x[7]))
    _E[8](entry, tuple(x[8]))
    _E[9](entry, tuple(x[9]))
    _E[10](entry, x[10])
    _E[11](
        entry, SelfTests(tuple(tests[0]), tuple(tests[1])) if tests[0] or tests[1] else _NO_TESTS
    )
    _E[12](entry, _decode_origin(x[12]))
    _E[13](entry, x[13])
    return entry


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


def encode_assembled(glossary: Glossary, index_keys: list[list[list[str] | None]], key: str) -> str:
    """The built-in glossary as :meth:`Glossary.from_layers` assembled it, with each form's
    index keys (:func:`~mlgloss.glossary.index.form_keys`), in entry order."""
    return json.dumps(
        {
            "format": FORMAT,
            "key": key,
            "sources": [[s.id, s.name, s.url, s.licence] for s in glossary.sources.values()],
            "entries": [_entry(e) for e in glossary.entries.values()],
            "index_keys": index_keys,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def decode_assembled(text: str, key: str) -> Glossary | None:
    """The assembled glossary in a cache text, or None when it is not the one for ``key``."""
    data = json.loads(text)
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
        return None
    entries = [_decode_entry(x) for x in data["entries"]]
    index_keys = data["index_keys"]
    if len(index_keys) != len(entries) or any(
        len(k) != len(e.forms) for k, e in zip(index_keys, entries, strict=True)
    ):
        return None
    return Glossary.assembled(entries, (Source(*s) for s in data["sources"]), index_keys)


# The entry codec and the shape check, for the compiled glossary (mlgloss.glossary.compiled).
encode_entry = _entry
decode_entry = _decode_entry
shape_ok = _shape_ok


# --- the file -----------------------------------------------------------------------------


def _read_text(key: str, prefix: str) -> str | None:
    directory = cache_dir()
    if directory is None or not _shape_ok():
        return None
    try:
        with open(directory / f"{prefix}{key}.json", "rb") as handle:
            if not trusted(handle.fileno()):
                return None
            return handle.read().decode("utf-8")
    except (OSError, ValueError):
        return None


def read(key: str, prefix: str = PREFIX) -> GlossaryFile | None:
    """The cached glossary file for ``key``, or None (a miss, or a cache it cannot use)."""
    text = _read_text(key, prefix)
    try:
        return decode(text, key) if text is not None else None
    except (ValueError, TypeError, KeyError, IndexError):
        return None


def read_assembled(key: str) -> Glossary | None:
    """The cached assembled built-in glossary for ``key``, or None."""
    text = _read_text(key, ASSEMBLED_PREFIX)
    try:
        return decode_assembled(text, key) if text is not None else None
    except (ValueError, TypeError, KeyError, IndexError):
        return None


def write(file: GlossaryFile, key: str, prefix: str = PREFIX) -> None:
    """Cache ``file`` under ``key``, keeping the :data:`KEEP` newest; failures are ignored."""
    if cache_dir() is None or not _shape_ok():
        return
    text = encode(file, key)
    if decode(text, key) != file:  # a model the codec does not fully cover
        return
    _write_text(text, key, prefix)


def write_assembled(glossary: Glossary, index_keys: list[list[list[str] | None]], key: str) -> None:
    """Cache the assembled built-in glossary, once it reads back into the same entries."""
    if cache_dir() is None or not _shape_ok():
        return
    text = encode_assembled(glossary, index_keys, key)
    back = decode_assembled(text, key)
    if back is None or back.entries != glossary.entries or back.sources != glossary.sources:
        return
    _write_text(text, key, ASSEMBLED_PREFIX)


def _write_text(text: str, key: str, prefix: str) -> None:
    write_bytes(text.encode("utf-8"), f"{prefix}{key}.json", prefix)


def write_bytes(data: bytes, name: str, prefix: str, keep: int | None = None) -> None:
    """Write the cache file ``name`` atomically, keeping the ``keep`` (default
    :data:`KEEP`) newest of ``prefix``; failures are ignored."""
    keep = KEEP if keep is None else keep
    directory = cache_dir()
    if directory is None:
        return
    target = directory / name
    temp = directory / f".{name}.{os.getpid()}.tmp"
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        # O_EXCL: never write through a file or link that is already there.
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, target)
        caches = sorted(
            directory.glob(f"{prefix}*"), key=lambda p: p.stat().st_mtime_ns, reverse=True
        )
        for old in caches[keep:]:
            old.unlink(missing_ok=True)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
