"""What one key of a detected config file is: its tool, the class declaring it, its concept.

For the hover and ``define`` of a config key: ``PEFT LoraConfig`` and the glossary entry the
key denotes (the glossary's ``config_keys`` for a distinctive key, the tool's ``concepts``
for a generic one such as ``r`` or ``stage``).
"""

from __future__ import annotations

from dataclasses import dataclass

from mlgloss.analysis.config_tools.keysets import tool_keys
from mlgloss.analysis.config_tools.specs import BY_ID, concept_of
from mlgloss.analysis.document import ConfigKey
from mlgloss.glossary.lookup import Glossary
from mlgloss.glossary.model import Entry


@dataclass(frozen=True, slots=True)
class KeyInfo:
    key: str
    tool: str | None  # the tool's name as it writes it ("PEFT"); None if not known
    class_name: str | None  # "LoraConfig"
    entry: Entry | None  # the concept the key sets
    from_tool: bool = False  # the tool's own ``concepts`` tie the key to ``entry`` (``r``)


def key_info(key: ConfigKey, tool_id: str | None, glossary: Glossary) -> KeyInfo:
    """What ``key`` is in a file that ``tool_id`` reads (None: no tool detected)."""
    tool = BY_ID.get(tool_id) if tool_id else None
    record = tool_keys(tool.data, tool.id).record(key.section, key.name) if tool else None
    entry = glossary.by_config_key(key.name)
    concept = concept_of(tool_id, key.name)
    tied = glossary.entry(concept) if concept is not None else None
    return KeyInfo(
        key.name,
        tool.name if tool and record else None,
        record.class_name if record else None,
        tied or entry,
        tied is not None,
    )
