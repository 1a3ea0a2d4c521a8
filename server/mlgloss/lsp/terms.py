"""Which glossary term is at a position: shared by hover, definition and references.

A term is found, in order: as an occurrence of any form in the document's prose (the
extraction of the latest analysis, so code is not taken for prose; the raw text when the
analysis is older than the text); as a config key the glossary maps (``lora_alpha`` in a
YAML file, from the extraction's keys); as an identifier under the cursor the glossary maps
(``lora_alpha`` in Python code, ``peft.lora_dropout``).
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.uris import from_fs_path

from mlgloss.analysis.config_tools.key_info import KeyInfo, key_info
from mlgloss.glossary.model import Entry
from mlgloss.lsp import documents
from mlgloss.lsp.documents import Snapshot
from mlgloss.lsp.position_encoding import LineIndex
from mlgloss.lsp.results import Result

if TYPE_CHECKING:
    from mlgloss.glossary.lookup import Glossary
    from mlgloss.glossary.occurrence import Occurrence
    from mlgloss.lsp.server import MlglossServer

_IDENTIFIER = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*")


@dataclass(frozen=True, slots=True)
class View:
    """A document as features other than diagnostics see it."""

    snapshot: Snapshot
    glossary: Glossary
    lines: LineIndex
    result: Result | None  # the analysis of exactly this text, if there is one

    @property
    def prose(self) -> str | None:
        return self.result.analysis.extraction.prose if self.result else None


@dataclass(frozen=True, slots=True)
class TermAt:
    entry: Entry
    start: int
    end: int
    occurrence: Occurrence | None  # None for config keys and identifiers
    key: KeyInfo | None = None  # a config key (or identifier) the glossary maps


def view(ls: MlglossServer, uri: str) -> View | None:
    snap = documents.snapshot(ls, uri)
    if snap is None:
        return None
    latest = ls.diagnostics.latest(uri)
    fresh = latest is not None and latest.snapshot.text == snap.text
    if latest is not None:
        glossary = latest.glossary
    else:
        glossary = ls.diagnostics.last_good.recall(None)[1]
        # A broken configuration is reported by the diagnostics module.
        with contextlib.suppress(Exception):
            glossary = ls.session.glossary_for(ls.session.config_for(snap.path))
    if fresh and latest is not None:
        return View(snap, glossary, latest.lines, latest)
    return View(snap, glossary, documents.line_index(ls, snap), None)


def term_at(v: View, offset: int) -> TermAt | None:
    text = v.snapshot.text
    prose = v.prose
    occurrence = v.glossary.index.occurrence_at(prose if prose is not None else text, offset)
    if occurrence is not None:
        return TermAt(occurrence.entry, occurrence.start, occurrence.end, occurrence)
    if v.result is not None:
        analysis = v.result.analysis
        for key in analysis.extraction.keys:
            if key.start <= offset <= key.end:
                # A generic key (`r`, `stage`) has a concept only in a file its tool reads.
                info = key_info(key, analysis.config_tool, v.glossary)
                if info.entry is not None:
                    return TermAt(info.entry, key.start, key.end, None, info)
    return identifier_at(v, offset)


def identifier_at(v: View, offset: int) -> TermAt | None:
    """A config key or identifier the glossary maps, under the cursor."""
    text = v.snapshot.text
    lo = max(0, offset - 200)
    for match in _IDENTIFIER.finditer(text, lo, min(len(text), offset + 200)):
        if match.start() > offset:
            break
        if match.end() < offset:
            continue
        word = match.group().strip(".-")
        base = match.start() + match.group().find(word)
        pieces = [(word, base)]
        pos = base
        for part in word.split("."):
            pieces.append((part, pos))
            pos += len(part) + 1
        for piece, start in pieces:
            if not start <= offset <= start + len(piece):
                continue
            entry = v.glossary.by_config_key(piece)
            if entry is not None:
                info = KeyInfo(piece, None, None, entry)
                return TermAt(entry, start, start + len(piece), None, info)
    return None


def entry_location(entry: Entry) -> types.Location | None:
    """Where an entry is written in its glossary YAML (for go-to-definition)."""
    origin = entry.origin
    if origin is None:
        return None
    uri = from_fs_path(origin.file)
    if uri is None:
        return None
    position = types.Position(line=max(origin.line - 1, 0), character=0)
    return types.Location(uri=uri, range=types.Range(start=position, end=position))


def entry_link(entry: Entry) -> str | None:
    """A link to the entry in its glossary file, for Markdown (``file:…#L<line>``)."""
    origin = entry.origin
    if origin is None:
        return None
    uri = from_fs_path(origin.file)
    return f"{uri}#L{origin.line}" if uri else None
