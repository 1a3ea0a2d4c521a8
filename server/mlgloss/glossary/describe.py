"""Renders a glossary entry for people (text, Markdown) and for tools (a JSON-ready dict).

``mlgloss define`` prints the text form, every definition in full; the language server's
hover shows the Markdown, short: the term and its expansion, one chosen definition (the
clearest complete one: no formula gap), and after a thematic break (:data:`MORE`, the part
editors show on scroll) the other senses and sources as one-line labels, see-also links and
config keys. What to write instead is the hover's own note, shown only on a flagged form.
"""

from __future__ import annotations

import re
import textwrap
from typing import TYPE_CHECKING, Any

from mlgloss.glossary.model import FORMULA_GAP, Definition, Entry, FormKind, Sense

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


MORE = "---"
"""Separates a hover's head from its "more" part (a Markdown thematic break)."""

HEAD_LIMIT = 600
"""Characters a hover's head may take, before :data:`MORE`."""

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"“])")


def clip(text: str, limit: int) -> str:
    """``text`` cut at a sentence end (else a word) to at most ``limit`` characters."""
    if len(text) <= limit:
        return text
    cut = ""
    for sentence in _SENTENCE.split(text):
        if len(cut) + len(sentence) + 1 > limit:
            break
        cut = f"{cut} {sentence}".strip()
    if not cut:
        cut = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return cut


def chosen_definition(entry: Entry) -> tuple[Sense, Definition] | None:
    """The definition a hover opens with: from the first sense, one without a formula gap,
    the shortest that is a sentence of some length (60 characters), else the first."""
    if not entry.senses:
        return None
    for sense in entry.senses:
        whole = [d for d in sense.definitions if FORMULA_GAP not in d.text]
        if whole:
            full = [d for d in whole if len(d.text) >= 60]
            return sense, min(full or whole, key=lambda d: len(d.text))
    first = entry.senses[0]
    return (first, first.definitions[0]) if first.definitions else None


def _first_sentence(text: str, limit: int = 90) -> str:
    return clip(_SENTENCE.split(text, 1)[0], limit)


def entry_as_markdown(entry: Entry, glossary: Glossary, link_base: str | None = None) -> str:
    """Hover text: a short head (under :data:`HEAD_LIMIT` characters), then "more"."""
    title = f"**{entry.term}**"
    if entry.expansion:
        title += f" — {entry.expansion}"
    head = [title]
    chosen = chosen_definition(entry)
    if chosen is not None:
        sense, definition = chosen
        context = f"*({sense.context})* " if sense.context and len(entry.senses) > 1 else ""
        source = f"  \n— *{source_label(definition, glossary)}*"
        room = HEAD_LIMIT - len(title) - len(context) - len(source) - 4
        head.append(f"{context}{clip(definition.text, room)}{source}")
    more: list[str] = []
    for sense in entry.senses:
        for definition in sense.definitions:
            if chosen is not None and definition is chosen[1]:
                continue
            context = f"*({sense.context})* " if sense.context else ""
            name = glossary.sources.get(definition.source)
            label = name.name if name else definition.source
            more.append(f"- {context}{_first_sentence(definition.text)} — *{label}*")
    links = see_also_terms(entry, glossary)
    if links:
        rendered = [
            f"[{term}]({link_base}{entry_id})" if link_base else term for entry_id, term in links
        ]
        more.append("See also: " + ", ".join(rendered))
    if entry.config_keys:
        more.append("Config keys: " + ", ".join(f"`{k}`" for k in entry.config_keys))
    parts = ["\n\n".join(head)]
    if more:
        parts.append(MORE)
        parts.append("\n".join(line for line in more if line.startswith("- ")))
        parts.extend(line for line in more if not line.startswith("- "))
    return "\n\n".join(p for p in parts if p)


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
