"""Reads a project's Markdown glossary (``docs/glossary.md``) as a glossary layer.

The layout is the definition list of the LargeForgeAI glossary: ``**Term**`` then
``: definition``, with an optional acronym table. Records are read by the seed importer
for that layout and merged per concept as the built-in glossary's are; each draft entry is
then handed to the loader as YAML nodes marked with its line in the Markdown file, so the
loader's checks and errors point at the Markdown, and no YAML text is written or parsed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mlgloss.errors import GlossaryError
from mlgloss.glossary.build.casing import CasingStats
from mlgloss.glossary.build.importers.definition_list import parse_definition_list
from mlgloss.glossary.build.importers.errors import SeedFormatError
from mlgloss.glossary.build.merge import draft_entry, group_records
from mlgloss.glossary.loader import GlossaryFile, read_glossary_nodes

if TYPE_CHECKING:
    import yaml

_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"


def _node(value: Any, mark: yaml.Mark) -> yaml.Node:
    """``value`` (a draft's plain dicts, lists, strings and booleans) as YAML nodes at ``mark``."""
    import yaml

    if isinstance(value, dict):
        pairs = [(_node(str(k), mark), _node(v, mark)) for k, v in value.items()]
        return yaml.MappingNode("tag:yaml.org,2002:map", pairs, mark, mark)
    if isinstance(value, list):
        items = [_node(v, mark) for v in value]
        return yaml.SequenceNode("tag:yaml.org,2002:seq", items, mark, mark)
    if isinstance(value, bool):
        return yaml.ScalarNode(_BOOL, "true" if value else "false", mark, mark)
    return yaml.ScalarNode(_STR, str(value), mark, mark)


def parse_markdown_glossary(text: str, path: str, default_source: str = "project") -> GlossaryFile:
    import yaml

    try:
        records = parse_definition_list(text, default_source, path)
    except SeedFormatError as exc:
        raise GlossaryError(exc.message, path, exc.line) from None
    stats = CasingStats(r.definition for r in records)
    entries: list[yaml.Node] = []
    for group in group_records(records):
        draft = draft_entry(group, stats)
        draft.pop("_headwords", None)
        mark = yaml.Mark(path, 0, group[0].line - 1, 0, None, 0)
        entries.append(_node(draft, mark))
    top = yaml.Mark(path, 0, 0, 0, None, 0)
    root = yaml.MappingNode(
        "tag:yaml.org,2002:map",
        [(_node("entries", top), yaml.SequenceNode("tag:yaml.org,2002:seq", entries, top, top))],
        top,
        top,
    )
    return read_glossary_nodes(root, path, default_source)
