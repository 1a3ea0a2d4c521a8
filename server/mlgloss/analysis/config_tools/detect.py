"""Which supported tool reads one config file, or ``None`` when that cannot be told.

Signals, strongest first (see ``specs``): the project's ``config_tools`` mapping, a schema
comment or ``$schema`` key, a marker key's value, then fingerprints and file names. A
mapping or schema that names no supported tool is an answer too: nobody known reads the
file. Weak signals (fingerprints, file names, the fallback) must also be borne out by the
file's own keys: most of its top-level keys must be keys of the tool.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import PurePath

from mlgloss.analysis.config_tools.keysets import tool_keys
from mlgloss.analysis.config_tools.specs import (
    BY_ID,
    TOOLS,
    TRL_FINGERPRINT_KEYS,
    TRL_FINGERPRINT_MIN,
    ToolSpec,
)
from mlgloss.analysis.document import ConfigKey, DocumentKind

MIN_KNOWN_SHARE = 0.6
"""Share of a file's top-level keys that must be the tool's when only its keys say so."""

# `# yaml-language-server: $schema=URL` (YAML), `#:schema URL` (taplo, TOML),
# `"$schema": "URL"` (JSON): read from the first lines only.
_SCHEMA = re.compile(
    r"^[ \t]*#[ \t]*(?:yaml-language-server:[ \t]*\$schema=|:schema[ \t]+)(?P<a>\S+)"
    r"|\"\$schema\"[ \t]*:[ \t]*\"(?P<b>[^\"]+)\"",
    re.MULTILINE,
)
_SCHEMA_WINDOW = 2000
_URL_WORDS = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")


@dataclass(frozen=True, slots=True)
class Detection:
    """The tool that reads a file and what said so (``fingerprint``, ``schema``, ...)."""

    tool: ToolSpec
    reason: str


def detect_tool(
    text: str,
    kind: DocumentKind,
    keys: Sequence[ConfigKey],
    path: str | None = None,
    mapped: str | None = None,
) -> Detection | None:
    """The tool that reads this config file, or ``None``.

    ``mapped``: the tool id the project's ``config_tools`` gives the file's path (or
    :data:`NO_TOOL`), if any.
    """
    if mapped is not None:
        tool = BY_ID.get(mapped)
        return Detection(tool, "project configuration") if tool is not None else None
    schema = _schema_url(text)
    if schema is not None:
        tool = _tool_in_url(schema)
        return Detection(tool, "schema") if tool is not None else None
    candidates = [t for t in TOOLS if kind in t.kinds]
    for tool in candidates:
        if tool.markers and _has_marker(text, tool):
            return Detection(tool, "marker")
    top = frozenset(k.name for k in keys if k.section == "")
    if not top:
        return None
    matched = [t for t in candidates if any(fp <= top for fp in t.fingerprints)]
    reason = "fingerprint"
    if not matched and path is not None:
        name = PurePath(path).name
        matched = [t for t in candidates if any(fnmatch.fnmatch(name, p) for p in t.file_names)]
        reason = "file name"
    if not matched and len(top & TRL_FINGERPRINT_KEYS) >= TRL_FINGERPRINT_MIN:
        matched = [t for t in candidates if t.fallback]
        reason = "fingerprint"
    if len(matched) != 1:
        return None  # nothing, or two tools: quiet when unsure
    tool = matched[0]
    own = tool_keys(tool.data, tool.id).all_keys
    if len(top & own) < MIN_KNOWN_SHARE * len(top):
        return None
    return Detection(tool, reason)


def _schema_url(text: str) -> str | None:
    end = min(len(text), _SCHEMA_WINDOW)
    if "schema" not in text[:end]:
        return None
    m = _SCHEMA.search(text, 0, end)
    if m is None:
        return None
    return m.group("a") or m.group("b")


def _tool_in_url(url: str) -> ToolSpec | None:
    words = set(_URL_WORDS.findall(url.lower()))
    for tool in TOOLS:
        if words.intersection(tool.schema_words):
            return tool
    return None


def _has_marker(text: str, tool: ToolSpec) -> bool:
    for key, prefix in tool.markers:
        if key in text and _marker_pattern(key, prefix).search(text):
            return True
    return False


@cache
def _marker_pattern(key: str, prefix: str) -> re.Pattern[str]:
    return re.compile(rf"[\"']?{re.escape(key)}[\"']?[ \t]*[:=][ \t]*[\"']?{re.escape(prefix)}")
