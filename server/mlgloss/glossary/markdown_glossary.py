"""Reads a project's Markdown glossary (``docs/glossary.md``) as a glossary layer.

The layout is the definition list of the LargeForgeAI glossary: ``**Term**`` then
``: definition``, with an optional acronym table. Records are merged per concept as the
built-in glossary's are, and each entry points back to its line in the Markdown file.
"""

from __future__ import annotations

from dataclasses import replace

import yaml

from mlgloss.errors import GlossaryError
from mlgloss.glossary.casing import CasingStats
from mlgloss.glossary.importers.definition_list import parse_definition_list
from mlgloss.glossary.importers.errors import SeedFormatError
from mlgloss.glossary.loader import GlossaryFile, parse_glossary
from mlgloss.glossary.merge import draft_entry, group_records
from mlgloss.glossary.model import SourceRef


def parse_markdown_glossary(text: str, path: str, default_source: str = "project") -> GlossaryFile:
    try:
        records = parse_definition_list(text, default_source, path)
    except SeedFormatError as exc:
        raise GlossaryError(exc.message, path, exc.line) from None
    stats = CasingStats(r.definition for r in records)
    groups = group_records(records)
    drafts = [draft_entry(group, stats) for group in groups]
    lines = {}
    for draft, group in zip(drafts, groups, strict=True):
        lines[draft["id"]] = group[0].line
        draft.pop("_headwords", None)
    generated = yaml.safe_dump({"entries": drafts}, sort_keys=False, allow_unicode=True)
    parsed = parse_glossary(generated, path, default_source)
    entries = tuple(
        replace(entry, origin=SourceRef(path, lines.get(entry.id, 1))) for entry in parsed.entries
    )
    return GlossaryFile(path, entries, parsed.sources)
