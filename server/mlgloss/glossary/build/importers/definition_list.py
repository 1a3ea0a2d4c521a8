"""Importer for a Markdown definition list: ``**Term**``, then ``: definition``.

The layout of the LargeForgeAI glossary and of a project's own ``docs/glossary.md``:

    ## A

    **Adapter**
    : A small, trainable module added to a frozen base model.

A ``## Heading`` names the section of the entries under it. A blank line may separate a
term from its definition; the definition runs on over the following non-blank lines. A
term may have several ``:`` definitions; each becomes its own record. A Markdown table
lists acronyms: one record per row, the first column the acronym, the second its
expansion, a third (if any) its definition. Other paragraphs (an introduction, a
footer) are left alone, but anything that looks like a broken entry is an error that
says where it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NoReturn

from mlgloss.glossary.build.importers.errors import SeedFormatError
from mlgloss.glossary.build.importers.names import record_from_headword
from mlgloss.glossary.build.importers.records import SeedRecord
from mlgloss.glossary.build.importers.text import join_broken_lines, normalise_space

_HEADING = re.compile(r"^#{1,6}\s+(?P<title>.+?)\s*#*$")
_TERM = re.compile(r"^\*\*(?P<headword>[^*]+)\*\*$")
_TERM_WITH_DEFINITION = re.compile(r"^\*\*[^*]+\*\*\s*:")  # "**Term**: definition"
_DEFINITION = re.compile(r"^:\s+(?P<text>.*)$")
_TABLE_ROW = re.compile(r"^\|.*\|$")
_TABLE_RULE = re.compile(r"^\|(?:\s*:?-+:?\s*\|)+$")
_THEMATIC_BREAK = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$")


@dataclass
class _Term:
    headword: str
    line: int
    section: str | None
    definitions: list[list[str]] = field(default_factory=list)


def import_definition_list(text: str, source: str) -> list[SeedRecord]:
    """Records of a Markdown definition-list glossary (the seed importer signature)."""
    return parse_definition_list(text, source, file=source)


def parse_definition_list(text: str, source: str, file: str) -> list[SeedRecord]:
    """Records of a Markdown definition-list glossary, in file order.

    ``source`` is the Source.id the records are attributed to; ``file`` names the text in
    error messages (``docs/glossary.md:12: …``). Raises ``SeedFormatError``.
    """
    parser = _Parser(source=source, file=file)
    for number, raw in enumerate(text.splitlines(), start=1):
        parser.feed(number, raw)
    parser.finish()
    return parser.records


class _Parser:
    def __init__(self, source: str, file: str) -> None:
        self.source = source
        self.file = file
        self.records: list[SeedRecord] = []
        self.section: str | None = None
        self.term: _Term | None = None
        self.in_definition = False  # the last non-blank line belonged to a definition
        self.table_columns: int | None = None
        self.table_header_line = 0

    def feed(self, number: int, raw: str) -> None:
        line = raw.strip()
        if not _TABLE_ROW.match(line):
            self.table_columns = None  # a table ends at its first non-row line
        if not line:
            self.in_definition = False
            return
        if _TABLE_ROW.match(line):
            self._table_line(number, line)
            return
        heading = _HEADING.match(line)
        if heading or _THEMATIC_BREAK.match(line):
            self._close_term(number)
            if heading:
                self.section = heading["title"]
            return
        term = _TERM.match(line)
        if term:
            self._close_term(number)
            self.term = _Term(normalise_space(term["headword"]), number, self.section)
            return
        if _TERM_WITH_DEFINITION.match(line):
            self._error(
                number,
                "a term line must hold only **Term**; put the definition on the next line, "
                "after ': '",
            )
        definition = _DEFINITION.match(line)
        if definition:
            if self.term is None:
                self._error(number, "a ': ' definition with no **Term** line above it")
            self.term.definitions.append([definition["text"]])
            self.in_definition = True
            return
        if self.term is None:
            return  # a paragraph that is not an entry (an introduction, a footer)
        if not self.term.definitions:
            self._error(
                number,
                f"**{self.term.headword}** (line {self.term.line}) needs a definition: "
                "a line starting with ': '",
            )
        if self.in_definition or _is_indented(raw):
            self.term.definitions[-1].append(line)  # the definition runs on
            self.in_definition = True

    def finish(self) -> None:
        self._close_term(None)

    def _close_term(self, number: int | None) -> None:
        term, self.term = self.term, None
        self.in_definition = False
        if term is None:
            return
        if not term.definitions:
            where = f"before line {number}" if number is not None else "before the end"
            self._error(
                term.line,
                f"**{term.headword}** has no definition {where}: "
                "expected a line starting with ': '",
            )
        for pieces in term.definitions:
            self.records.append(
                record_from_headword(
                    source=self.source,
                    headword=term.headword,
                    definition=join_broken_lines(pieces),
                    line=term.line,
                    section=term.section,
                )
            )

    def _table_line(self, number: int, line: str) -> None:
        self._close_term(number)
        cells = [normalise_space(cell) for cell in line.strip("|").split("|")]
        if self.table_columns is None:
            if len(cells) < 2:
                self._error(number, "an acronym table needs two columns: acronym | full form")
            self.table_columns = len(cells)
            self.table_header_line = number
            return
        if _TABLE_RULE.match(line.replace(" ", "")):
            return
        if len(cells) != self.table_columns:
            self._error(
                number,
                f"this row has {len(cells)} cells; the table's header "
                f"(line {self.table_header_line}) has {self.table_columns}",
            )
        acronym, expansion, *rest = cells
        if not acronym:
            self._error(number, "an acronym table row with an empty first cell")
        self.records.append(
            SeedRecord(
                source=self.source,
                headword=acronym,
                name=acronym,
                definition=normalise_space(" ".join(rest)),
                line=number,
                section=self.section,
                expansion=expansion or None,
            )
        )

    def _error(self, line: int, message: str) -> NoReturn:
        raise SeedFormatError(self.file, line, message)


def _is_indented(raw: str) -> bool:
    """An indented paragraph after a blank line continues the definition above it."""
    return raw.startswith(("  ", "\t"))
