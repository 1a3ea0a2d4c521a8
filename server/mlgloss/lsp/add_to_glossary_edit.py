"""The workspace edit behind "Add '<form>' to the project glossary".

Decision: the form becomes a project entry of its own (``id: project-<slug>``,
``term: <form>``) in the project glossary, or, when it is another spelling of one of that
file's entries (``LORA`` after ``LoRa``), one more form of that entry; an edit that would
leave the glossary invalid is never offered (:mod:`mlgloss.glossary.add_form`). A project
layer's form takes that form away from the built-in entry that flagged it, so the project's
spelling is then accepted everywhere the project's configuration applies.

Which file: the first YAML glossary the document's configuration names; when none is
named, ``.mlgloss/glossary.yaml`` under the project root (the directory of the nearest
configuration, else the workspace folder), created if missing (``CreateFile``), and named
in the configuration: a ``glossary = [...]`` line added at the top of ``.mlgloss.toml``
(created if there is no configuration at all) or under ``[tool.mlgloss]`` in
``pyproject.toml``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.uris import from_fs_path

from mlgloss.analysis.config.model import (
    CONFIG_FILE,
    MAX_CONFIG_FILE_BYTES,
    PYPROJECT,
    ProjectConfig,
)
from mlgloss.files.reading import Missing, NotText, Unreadable, read_text
from mlgloss.glossary.add_form import addition, new_glossary
from mlgloss.glossary.loader import MAX_GLOSSARY_BYTES
from mlgloss.lsp import documents
from mlgloss.lsp.position_encoding import LineIndex

if TYPE_CHECKING:
    from mlgloss.lsp.server import MlglossServer

DEFAULT_GLOSSARY = Path(".mlgloss") / "glossary.yaml"


class _NotRead(Exception):
    """A file the edit would change cannot be read: ``str()`` names it and says why."""


def _read(ls: MlglossServer, path: Path, limit: int) -> tuple[str, int | None] | None:
    """(text, version) of a file: the open buffer if there is one, else the disk (read by
    the core's bounded reader: a regular file of at most ``limit`` bytes, UTF-8); None if
    there is no such file. Raises :class:`_NotRead` for a file that is there but unreadable."""
    uri = from_fs_path(str(path)) or ""
    document = documents.open_document(ls, uri)
    if document is not None:
        return document.source, document.version
    try:
        return read_text(path, limit)[1].text, None
    except Missing:
        return None
    except (Unreadable, NotText) as exc:
        raise _NotRead(f"{path}: {exc}") from None


def _insert(
    ls: MlglossServer, path: Path, text: str, version: int | None, offset: int, new_text: str
) -> types.TextDocumentEdit:
    lines = LineIndex(text, ls.encoding)
    position = lines.position(offset)
    return types.TextDocumentEdit(
        text_document=types.OptionalVersionedTextDocumentIdentifier(
            uri=from_fs_path(str(path)) or str(path), version=version
        ),
        edits=[types.TextEdit(range=types.Range(start=position, end=position), new_text=new_text)],
    )


def supports_create(ls: MlglossServer) -> bool:
    caps = ls.client_capabilities.workspace
    edit = caps.workspace_edit if caps else None
    if edit is None or not edit.document_changes:
        return False
    return types.ResourceOperationKind.Create in (edit.resource_operations or [])


def supports_document_changes(ls: MlglossServer) -> bool:
    caps = ls.client_capabilities.workspace
    edit = caps.workspace_edit if caps else None
    return bool(edit and edit.document_changes)


def add_form_edit(
    ls: MlglossServer, document: Path, config: ProjectConfig, form: str
) -> types.WorkspaceEdit | None:
    """The edit adding ``form`` to the project glossary, or None if the client can't (or a
    file it would change cannot be read: then one log line names it)."""
    if not supports_document_changes(ls):
        return None
    try:
        return _add_form_edit(ls, document, config, form)
    except _NotRead as exc:
        ls.log(f"cannot add to the project glossary: {exc}")
        return None


def _add_form_edit(
    ls: MlglossServer, document: Path, config: ProjectConfig, form: str
) -> types.WorkspaceEdit | None:
    folder = next((f for f in ls.folder_paths() if document.is_relative_to(f)), None)
    root = config.root or folder or document.parent
    named = [p for p in config.glossary if p.suffix.lower() in (".yaml", ".yml")]
    target = named[0] if named else root / DEFAULT_GLOSSARY
    changes: list[types.TextDocumentEdit | types.CreateFile] = []
    existing = _read(ls, target, MAX_GLOSSARY_BYTES)
    if existing is None:
        if not supports_create(ls):
            return None
        uri = from_fs_path(str(target)) or str(target)
        changes.append(
            types.CreateFile(uri=uri, options=types.CreateFileOptions(ignore_if_exists=True))
        )
        changes.append(_insert(ls, target, "", None, 0, new_glossary(form)))
    else:
        text, version = existing
        insertion = addition(text, str(target), form)
        if insertion is None:
            return None  # already admitted, or no edit would keep the glossary valid
        changes.append(_insert(ls, target, text, version, insertion.offset, insertion.text))
    if not named:
        config_change = _name_in_config(ls, config, root, target)
        if config_change is None:
            return None
        changes.extend(config_change)
    return types.WorkspaceEdit(document_changes=changes)


def _name_in_config(
    ls: MlglossServer, config: ProjectConfig, root: Path, glossary: Path
) -> list[types.TextDocumentEdit | types.CreateFile] | None:
    source = config.sources[0] if config.sources else None
    relative = glossary.relative_to(source.parent if source else root).as_posix()
    line = f"glossary = [{json.dumps(relative)}]\n"
    if source is None:
        path = root / CONFIG_FILE
        if not supports_create(ls):
            return None
        uri = from_fs_path(str(path)) or str(path)
        return [
            types.CreateFile(uri=uri, options=types.CreateFileOptions(ignore_if_exists=True)),
            _insert(ls, path, "", None, 0, line),
        ]
    existing = _read(ls, source, MAX_CONFIG_FILE_BYTES)
    if existing is None:
        return None
    text, version = existing
    if source.name == PYPROJECT:
        header = re.search(r"^\[tool\.mlgloss\][ \t]*(?:#.*)?$", text, re.MULTILINE)
        if header is None:
            return None
        after = text.find("\n", header.end())
        offset = len(text) if after == -1 else after + 1
        return [_insert(ls, source, text, version, offset, ("" if after != -1 else "\n") + line)]
    return [_insert(ls, source, text, version, 0, line)]
