"""Renders a glossary entry for people (text, Markdown) and for tools (a JSON-ready dict).

``mlgloss define`` prints the text form; the language server's hover shows the Markdown.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from mlgloss.glossary.model import Definition, Entry, FormKind

if TYPE_CHECKING:
    from mlgloss.glossary.lookup import Glossary


def source_label(definition: Definition, glossary: Glossary) -> str:
    source = glossary.sources.get(definition.source)
    label = source.name if source else definition.source
    if definition.section:
        label += f", {definition.section}"
    return label


def flagged_forms(entry: Entry) -> list[str]:
    return [f.text for f in entry.forms if f.status.flagged]


def admitted_forms(entry: Entry) -> list[str]:
    return [
        f.text
        for f in entry.forms[1:]
        if not f.status.flagged and not f.generated and f.kind is not FormKind.EXPANSION
    ]


def see_also_terms(entry: Entry, glossary: Glossary) -> list[tuple[str, str]]:
    """(entry id, preferred term) for each see-also link that resolves."""
    out = []
    for target in entry.see_also:
        linked = glossary.entry(target) or glossary.lookup(target)
        if linked is not None:
            out.append((linked.id, linked.term))
    return out


def entry_as_text(entry: Entry, glossary: Glossary, width: int = 88) -> str:
    head = entry.term
    if entry.expansion:
        head += f" ({entry.expansion})"
    elif entry.acronym and entry.acronym != entry.term:
        head += f" ({entry.acronym})"
    lines = [head]
    for number, sense in enumerate(entry.senses, 1):
        context = f" [{sense.context}]" if sense.context else ""
        prefix = f"{number}." if len(entry.senses) > 1 else "-"
        lines.append("")
        lines.append(f"{prefix}{context}".rstrip() if context or len(entry.senses) > 1 else "")
        for definition in sense.definitions:
            wrapped = textwrap.fill(
                definition.text, width=width, initial_indent="  ", subsequent_indent="  "
            )
            lines.append(wrapped)
            heard = f' (as "{definition.headword}")' if definition.headword else ""
            lines.append(f"    — {source_label(definition, glossary)}{heard}")
    lines = [line for i, line in enumerate(lines) if line or (i and lines[i - 1])]
    lines.append("")
    if entry.symbol:
        lines.append(f"Symbol: {entry.symbol}")
    others = admitted_forms(entry)
    if others:
        lines.append("Also written: " + ", ".join(others))
    flagged = flagged_forms(entry)
    if flagged:
        lines.append(f"Write {entry.term}, not: " + ", ".join(flagged))
    links = see_also_terms(entry, glossary)
    if links:
        lines.append("See also: " + ", ".join(term for _, term in links))
    if entry.config_keys:
        lines.append("Config keys: " + ", ".join(entry.config_keys))
    if not entry.senses:
        lines.append("(No definition in the glossary: it records the preferred spelling.)")
    return "\n".join(lines).rstrip() + "\n"


def entry_as_markdown(entry: Entry, glossary: Glossary, link_base: str | None = None) -> str:
    """Hover text: the term, its expansion, each sense with its source, see-also links."""
    title = f"**{entry.term}**"
    if entry.expansion:
        title += f" — {entry.expansion}"
    parts = [title]
    for number, sense in enumerate(entry.senses, 1):
        context = f" *({sense.context})*" if sense.context else ""
        label = (
            f"{number}.{context} "
            if len(entry.senses) > 1
            else (context.strip() + " " if context else "")
        )
        for i, definition in enumerate(sense.definitions):
            lead = label if i == 0 else ""
            parts.append(f"{lead}{definition.text}  \n— *{source_label(definition, glossary)}*")
    flagged = flagged_forms(entry)
    if flagged:
        parts.append(f"Write **{entry.term}**, not " + ", ".join(f"~~{f}~~" for f in flagged))
    links = see_also_terms(entry, glossary)
    if links:
        rendered = [
            f"[{term}]({link_base}{entry_id})" if link_base else term for entry_id, term in links
        ]
        parts.append("See also: " + ", ".join(rendered))
    if entry.config_keys:
        parts.append("Config keys: " + ", ".join(f"`{k}`" for k in entry.config_keys))
    return "\n\n".join(parts)


def entry_as_dict(entry: Entry, glossary: Glossary) -> dict[str, Any]:
    return {
        "id": entry.id,
        "term": entry.term,
        "acronym": entry.acronym,
        "expansion": entry.expansion,
        "case": entry.case.value,
        "symbol": entry.symbol,
        "senses": [
            {
                "context": sense.context,
                "definitions": [
                    {
                        "text": d.text,
                        "source": d.source,
                        "source_name": source_label(d, glossary),
                        "section": d.section,
                        "headword": d.headword,
                    }
                    for d in sense.definitions
                ],
            }
            for sense in entry.senses
        ],
        "forms": [
            {
                "text": f.text,
                "status": f.status.value,
                "reason": f.reason.value if f.reason else None,
                "kind": f.kind.value,
                "generated": f.generated,
            }
            for f in entry.forms
        ],
        "see_also": [term for _, term in see_also_terms(entry, glossary)],
        "tags": list(entry.tags),
        "config_keys": list(entry.config_keys),
    }
