"""Where and what to write into a project glossary so that it admits one more form.

Behind the server's "Add '<form>' to the project glossary". The glossary must stay valid
after any number of additions: a form that an entry of the file already admits adds
nothing; a form that is another spelling of one of the file's entries (``LORA`` after
``LoRa``: the same letters but for case) is merged into that entry's ``forms``; anything
else becomes a new entry with an id no other entry of the file has (``project-c-2`` for
``c++`` beside ``C``). The edited text is parsed and checked (:func:`check_layer`) before
it is offered: an addition that would break the file (a form that an entry of the same
file flags, a file that is already broken) is no addition at all (``None``).

Positions are code-point offsets into the text, as PyYAML's marks count them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mlgloss.errors import GlossaryError
from mlgloss.glossary.loader import GlossaryFile, parse_glossary
from mlgloss.glossary.lookup import check_layer
from mlgloss.glossary.model import slug

if TYPE_CHECKING:
    import yaml

    from mlgloss.glossary.model import Entry

NEW_GLOSSARY = "version: 1\nentries:\n"
_ENTRIES = re.compile(r"^entries:[ \t]*(?:#.*)?$", re.MULTILINE)
_ITEM = re.compile(r"^([ \t]*)- ", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Insertion:
    """Insert ``text`` at code-point ``offset``."""

    offset: int
    text: str

    def apply(self, to: str) -> str:
        return to[: self.offset] + self.text + to[self.offset :]


def new_glossary(form: str) -> str:
    """The text of a new project glossary admitting ``form``."""
    return NEW_GLOSSARY + _entry_yaml(form, "  ", f"project-{slug(form)}")


def addition(text: str, path: str, form: str) -> Insertion | None:
    """The insertion that makes the glossary ``text`` (of file ``path``) admit ``form``.

    ``None`` when the file admits it already, or when no insertion keeps it valid.
    """
    try:
        before = parse_glossary(text, path)
    except GlossaryError:
        return None  # a broken file is the user's to mend first
    if _admits(before, form):
        return None
    entry = _entry_to_merge(before, form)
    insertion = _merge(text, path, entry, form) if entry is not None else None
    if insertion is None:
        insertion = _new_entry(text, before, form)
    try:
        after = parse_glossary(insertion.apply(text), path)
        check_layer([after])
    except GlossaryError:
        return None
    return insertion if _admits(after, form) else None


def _admits(file: GlossaryFile, form: str) -> bool:
    for entry in file.entries:
        found = entry.form(form)
        if found is not None and not found.status.flagged:
            return True
    return False


def _entry_to_merge(file: GlossaryFile, form: str) -> Entry | None:
    """The entry ``form`` is another spelling of: one with a form of the same letters."""
    folded = form.casefold()
    return next(
        (e for e in file.entries if any(f.text.casefold() == folded for f in e.forms)), None
    )


def _quoted(form: str) -> str:
    return json.dumps(form, ensure_ascii=False)


def _entry_yaml(form: str, indent: str, entry_id: str) -> str:
    return f"{indent}- id: {entry_id}\n{indent}  term: {_quoted(form)}\n"


def _unique_id(file: GlossaryFile, form: str) -> str:
    ids = {e.id for e in file.entries}
    base = f"project-{slug(form)}"
    candidate, n = base, 2
    while candidate in ids:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _new_entry(text: str, file: GlossaryFile, form: str) -> Insertion:
    entry_id = _unique_id(file, form)
    match = _ENTRIES.search(text)
    if match is None:
        prefix = "" if not text or text.endswith("\n") else "\n"
        return Insertion(len(text), prefix + "entries:\n" + _entry_yaml(form, "  ", entry_id))
    after = text.find("\n", match.end())
    offset = len(text) if after == -1 else after + 1
    item = _ITEM.search(text, offset)
    indent = item.group(1) if item else "  "
    prefix = "" if after != -1 else "\n"
    return Insertion(offset, prefix + _entry_yaml(form, indent, entry_id))


def _line_end(text: str, index: int) -> tuple[int, str]:
    """The offset just past the line holding ``index``, and a newline to add if there is none."""
    if index > 0 and text[index - 1] == "\n":
        return index, ""
    end = text.find("\n", index)
    return (len(text), "\n") if end == -1 else (end + 1, "")


def _merge(text: str, path: str, entry: Entry, form: str) -> Insertion | None:
    """``form`` added to ``entry``'s forms, in the style the entry is written in."""
    node = _entry_node(text, entry)
    if node is None:
        return None
    import yaml

    quoted = _quoted(form)
    forms = next((v for k, v in node.value if k.value == "forms"), None)
    if isinstance(forms, yaml.SequenceNode):
        if forms.flow_style or not forms.value:
            close = forms.end_mark.index - 1  # the closing ']'
            if text[close : close + 1] != "]":
                return None
            return Insertion(close, (", " if forms.value else "") + quoted)
        first = forms.value[0].start_mark.index
        line_start = text.rfind("\n", 0, first) + 1
        dash = text.rfind("-", line_start, first)
        if dash == -1:
            return None
        offset, newline = _line_end(text, forms.value[-1].end_mark.index)
        return Insertion(offset, f"{newline}{text[line_start:dash]}- {quoted}\n")
    if forms is not None:
        return None  # forms written as something else: the loader will say what
    if node.flow_style:
        close = node.end_mark.index - 1  # the closing '}'
        if text[close : close + 1] != "}":
            return None
        return Insertion(close, f", forms: [{quoted}]")
    column = node.value[0][0].start_mark.column
    offset, newline = _line_end(text, node.value[-1][1].end_mark.index)
    return Insertion(offset, f"{newline}{' ' * column}forms: [{quoted}]\n")


def _entry_node(text: str, entry: Entry) -> yaml.MappingNode | None:
    """The mapping node ``entry`` was read from (found by its line and column)."""
    import yaml

    from mlgloss.glossary.loader import yaml_loader

    origin = entry.origin
    if origin is None:
        return None
    root = yaml.compose(text, Loader=yaml_loader())
    if not isinstance(root, yaml.MappingNode):
        return None
    entries = next((v for k, v in root.value if k.value == "entries"), None)
    if not isinstance(entries, yaml.SequenceNode):
        return None
    for item in entries.value:
        mark = item.start_mark
        if (mark.line + 1, mark.column + 1) == (origin.line, origin.column):
            return item if isinstance(item, yaml.MappingNode) else None
    return None
