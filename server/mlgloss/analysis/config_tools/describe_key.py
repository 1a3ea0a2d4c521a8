"""Renders one config key for people: the hover of ``lora_alpha`` in a PEFT config.

The head says what the key is and where it comes from (``lora_alpha`` — config key of PEFT
``LoraConfig``), one line on what it sets (the first sentence of its entry's chosen
definition) and its concept: the entry, and for a key that sets the entry itself the
broader entry whose see-also lists it (LoRA alpha, part of LoRA); a key that is one
setting of a concept (``lora_dropout``) names that concept alone. After
:data:`~mlgloss.glossary.describe.MORE` comes the entry's own hover. Pure: the language
server only swaps the ``link_base`` links for its own.
"""

from __future__ import annotations

import re

from mlgloss.analysis.config_tools.key_info import KeyInfo
from mlgloss.glossary.describe import (
    HEAD_LIMIT,
    MORE,
    chosen_definition,
    clip,
    entry_as_markdown,
    entry_as_text,
)
from mlgloss.glossary.lookup import Glossary
from mlgloss.glossary.model import Entry

_KEY_WORDS = re.compile(r"[^\W_]+")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z(\"“])")
_WHAT_IT_SETS = 200
"""Characters of the definition line in a key's head."""


def broader_entry(entry: Entry, glossary: Glossary) -> Entry | None:
    """The first entry whose see-also names ``entry`` (LoRA for LoRA alpha), if any."""
    for other in glossary.entries.values():
        if other is entry:
            continue
        for target in other.see_also:
            linked = glossary.entry(target) or glossary.lookup(target)
            if linked is entry:
                return other
    return None


def _names_entry(key: str, entry: Entry) -> bool:
    """Whether the key's words are a form of the entry: ``lora_alpha`` and "LoRA alpha"."""
    words = [w.casefold() for w in _KEY_WORDS.findall(key)]
    return any(
        [w.casefold() for w in _KEY_WORDS.findall(form.text)] == words for form in entry.forms
    )


def _narrow(info: KeyInfo, entry: Entry) -> bool:
    """Whether the key sets the entry itself (``lora_alpha``: LoRA alpha; PEFT's ``r``: LoRA
    rank) rather than one of its settings (``lora_dropout``: LoRA)."""
    return info.from_tool or _names_entry(info.key, entry)


def origin_label(info: KeyInfo) -> str:
    """``PEFT LoraConfig``, ``PEFT`` or ``""``: the tool and class that declare the key."""
    return " ".join(part for part in (info.tool, info.class_name) if part)


def what_it_sets(info: KeyInfo) -> str | None:
    """One line: "Sets LoRA alpha: Scales the adapter's contribution (~alpha/r); …"."""
    entry = info.entry
    if entry is None:
        return None
    verb = "Sets" if _narrow(info, entry) else "A setting of"
    chosen = chosen_definition(entry)
    if chosen is None:
        return f"{verb} {entry.term}."
    first = _SENTENCE_END.split(chosen[1].text, 1)[0]
    return f"{verb} {entry.term}: {clip(first, _WHAT_IT_SETS)}"


def key_as_markdown(info: KeyInfo, glossary: Glossary, link_base: str | None = None) -> str:
    """Hover text for a config key: a head under :data:`HEAD_LIMIT` characters, then "more"."""

    def link(entry: Entry) -> str:
        return f"[{entry.term}]({link_base}{entry.id})" if link_base else f"**{entry.term}**"

    title = f"**`{info.key}`** — config key"
    if info.tool:
        title += f" of {info.tool}"
    if info.class_name:
        title += f" `{info.class_name}`"
    head = [title]
    entry = info.entry
    if entry is not None:
        line = what_it_sets(info)
        if line:
            head.append(line.replace(entry.term, f"**{entry.term}**", 1))
        concept = f"Concept: {link(entry)}"
        broader = broader_entry(entry, glossary) if _narrow(info, entry) else None
        if broader is not None:
            concept += f", part of {link(broader)}"
            if broader.expansion:
                concept += f" ({broader.expansion})"
        elif entry.expansion:
            concept += f" ({entry.expansion})"
        head.append(concept)
    text = "\n\n".join(head)
    if len(text) > HEAD_LIMIT:  # only a very long term or key could get here
        text = clip(text, HEAD_LIMIT)
    if entry is None:
        return text
    return f"{text}\n\n{MORE}\n\n{entry_as_markdown(entry, glossary, link_base=link_base)}"


def key_as_text(info: KeyInfo, glossary: Glossary) -> str:
    """The same for clients without Markdown, the entry as ``mlgloss define`` prints it."""
    origin = origin_label(info)
    lines = [f"{info.key} — config key" + (f" of {origin}" if origin else "")]
    if info.entry is not None:
        line = what_it_sets(info)
        if line:
            lines.append(line)
        broader = broader_entry(info.entry, glossary) if _narrow(info, info.entry) else None
        if broader is not None:
            lines.append(f"Part of {broader.term}.")
        lines.append("")
        lines.append(entry_as_text(info.entry, glossary).rstrip())
    return "\n".join(lines) + "\n"
