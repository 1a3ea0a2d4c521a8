"""The config keys each supported tool reads, loaded from ``analysis/data/config_tools``.

Each tool's JSON file lists, per class (a dataclass, pydantic model, argparse parser or set
of shipped configs), the keys it declares and the section they sit in (``""`` for the top
level, ``zero_optimization``, ``train``; ``*`` for keys of nested sections whose place the
data does not pin down). The files are written by ``scripts/gather_config_keys.py`` and are
read the first time a config file is checked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ANY_SECTION = "*"


@dataclass(frozen=True, slots=True)
class KeyRecord:
    """Where one key of one tool comes from: the class that declares it and its section."""

    tool: str
    class_name: str
    section: str


@dataclass(frozen=True, slots=True)
class ToolKeys:
    """The keys of one tool, by section."""

    tool: str
    source: str
    sections: dict[str, dict[str, KeyRecord]] = field(default_factory=dict)
    all_keys: frozenset[str] = frozenset()  # every key, in any section

    def record(self, section: str, key: str) -> KeyRecord | None:
        """The record of ``key`` in ``section``, else in the tool's unplaced keys."""
        found = self.sections.get(section, {}).get(key)
        if found is None:
            found = self.sections.get(ANY_SECTION, {}).get(key)
        return found


DATA_DIR = Path(__file__).parent.parent / "data" / "config_tools"


def _data_text(name: str) -> str:
    return (DATA_DIR / f"{name}.json").read_text(encoding="utf-8")


@cache
def tool_keys(data_files: tuple[str, ...], tool: str) -> ToolKeys:
    """The keys of ``tool``, merged from its data files (the first file to declare a key wins)."""
    sources: list[str] = []
    sections: dict[str, dict[str, KeyRecord]] = {}
    for name in data_files:
        data = json.loads(_data_text(name))
        sources.append(str(data["source"]))
        for item in data["classes"]:
            section = str(item["section"])
            keys = sections.setdefault(section, {})
            for key in item["keys"]:
                keys.setdefault(key, KeyRecord(tool, str(item["class"]), section))
    every = frozenset(k for keys in sections.values() for k in keys)
    return ToolKeys(tool, "; ".join(sources), sections, every)
