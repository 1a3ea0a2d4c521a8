"""Typed editor settings: the ``mlgloss`` section an editor sends.

They arrive three ways — ``initializationOptions`` (``initialize``), the answer to
``workspace/configuration`` for the section ``mlgloss`` (asked on ``initialized`` and after
every ``workspace/didChangeConfiguration``), and, from clients without
``workspace/configuration``, the ``didChangeConfiguration`` payload itself. All three are
read here into :class:`Settings`; the project-setting keys (``glossary``,
``builtinGlossary``, ``rules``, ``prefer``, ``ignoreWords``, …) become the editor layer
``Session.set_overrides`` lays over every file configuration, and are validated by the
same code that reads configuration files, so a wrong value is reported with its key.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mlgloss.analysis.config.model import ProjectConfig
from mlgloss.analysis.errors import ConfigError

SECTION = "mlgloss"
TRACE_LEVELS = ("off", "messages", "verbose")


def plain(value: Any) -> Any:
    """JSON-like data from whatever the protocol layer made of it (dicts, namedtuples)."""
    if hasattr(value, "_asdict"):
        value = value._asdict()
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


@dataclass(frozen=True, slots=True)
class Settings:
    """What the editor asked for. ``overrides`` is what the engine gets."""

    overrides: Mapping[str, Any] = field(default_factory=dict)
    trace: str = "off"

    @property
    def glossary(self) -> tuple[str, ...]:
        return tuple(self.overrides.get("glossary", ()))

    @property
    def builtin_glossary(self) -> bool:
        return bool(self.overrides.get("builtinGlossary", True))

    @property
    def rules(self) -> Mapping[str, Any]:
        rules = self.overrides.get("rules", {})
        return rules if isinstance(rules, Mapping) else {}


def section_of(raw: Any) -> Mapping[str, Any] | None:
    """The ``mlgloss`` section of a payload that may or may not be wrapped in it."""
    raw = plain(raw)
    if not isinstance(raw, Mapping):
        return None
    inner = raw.get(SECTION)
    if isinstance(inner, Mapping):
        return inner
    return raw


def parse_settings(raw: Any, base_dir: Path | None) -> Settings:
    """Settings from an editor payload; raises :class:`ConfigError` naming the bad key.

    Relative glossary paths are made absolute against ``base_dir`` (the first workspace
    folder) here, because the engine's editor layer is shared by every folder.
    """
    section = section_of(raw)
    if section is None:
        return Settings()
    trace = section.get("trace")
    if isinstance(trace, Mapping):  # VS Code's "mlgloss.trace.server"
        trace = trace.get("server")
    trace_level = trace if isinstance(trace, str) and trace in TRACE_LEVELS else "off"
    overrides: dict[str, Any] = {}
    for key, value in section.items():
        if value is None or key in ("trace", "interpreter"):
            continue
        overrides[key] = value
    glossary = overrides.get("glossary")
    if isinstance(glossary, str):
        glossary = [glossary]
    if isinstance(glossary, list):
        overrides["glossary"] = [_absolute(p, base_dir) for p in glossary]
    # The engine's own reader checks every value and names the key of the first bad one.
    ProjectConfig().with_overrides(overrides, base_dir=base_dir)
    return Settings(overrides=overrides, trace=trace_level)


def _absolute(path: object, base_dir: Path | None) -> object:
    if not isinstance(path, str):
        return path  # the engine reports the wrong type
    expanded = os.path.expanduser(path)
    if os.path.isabs(expanded) or base_dir is None:
        return expanded
    return str(base_dir / expanded)


__all__ = ["SECTION", "ConfigError", "Settings", "parse_settings", "plain", "section_of"]
