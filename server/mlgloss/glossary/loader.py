"""Loads glossary YAML files into entries, checking them as it goes.

The format is documented in ``glossary/README.md`` and ``glossary/schema.json``. Every
error names the file, line and column of the offending node: unknown fields, wrong types,
a form listed twice, a form claimed by two entries, see-also to a missing entry. YAML is
read with the safe loader, and aliases are refused (no alias bombs, no shared nodes).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, TypeVar

from mlgloss.errors import GlossaryError
from mlgloss.glossary.forms import auto_case_rule, generate_forms
from mlgloss.glossary.model import (
    CaseRule,
    Definition,
    Entry,
    Form,
    FormKind,
    FormReason,
    FormStatus,
    SelfTests,
    Sense,
    Source,
    SourceRef,
    slug,
)

if TYPE_CHECKING:
    import yaml


def yaml_loader() -> Any:
    """libyaml's safe loader, or PyYAML's pure-Python one where libyaml is missing.

    ``yaml`` is imported here, on first use: the built-in glossary usually comes from
    :mod:`mlgloss.glossary.builtin_cache` without it.
    """
    import yaml

    try:
        return yaml.CSafeLoader
    except AttributeError:  # pragma: no cover - PyYAML built without libyaml
        return yaml.SafeLoader


_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})
"""A glossary holds plain mappings and lists: ``!!python/...`` and custom tags are refused."""

TOP_FIELDS = frozenset({"version", "sources", "entries"})
SOURCE_FIELDS = frozenset({"id", "name", "url", "licence"})
ENTRY_FIELDS = frozenset(
    {
        "id",
        "term",
        "case",
        "acronym",
        "expansion",
        "forms",
        "senses",
        "definition",
        "see_also",
        "tags",
        "config_keys",
        "symbol",
        "tests",
        "generate_forms",
        "well_known",
        "in_prose",
    }
)
FORM_FIELDS = frozenset({"text", "status", "reason", "kind", "note", "case", "in_prose"})
SENSE_FIELDS = frozenset({"context", "definitions"})
DEFINITION_FIELDS = frozenset({"text", "source", "section", "headword"})
TEST_FIELDS = frozenset({"flag", "pass"})

_E = TypeVar("_E")

MAX_GLOSSARY_BYTES = 8 * 1024 * 1024
"""The largest glossary file read (8 MiB): about 50,000 entries with a definition each.

Past it the file is refused before it is read: a 20 MB glossary of a million entries took
145 s and 2.2 GB to load. Measured by ``benchmarks/memory.py``."""

MAX_GLOSSARY_ENTRIES = 100_000
"""The most entries one glossary file may hold; checked before any entry is read."""


def too_many_entries(count: int) -> str:
    return (
        f"too many glossary entries: {count:,} (the limit is {MAX_GLOSSARY_ENTRIES:,} "
        "per file); split it into several files"
    )


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # all but TAB, LF, CR
_LINE_BREAK = re.compile("[\t\n\r\x85\u2028\u2029]")


def _letters(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def _as_expansion(form: Form, expansion: str) -> Form:
    """A form that is the expansion written another way ("out of distribution" for
    "out-of-distribution") is an expansion, not a competing spelling of the acronym."""
    if form.kind is FormKind.SPELLING and _letters(form.text) == _letters(expansion):
        return replace(form, kind=FormKind.EXPANSION, case=auto_case_rule(form.text))
    return form


@dataclass(frozen=True, slots=True)
class GlossaryFile:
    """What one glossary file holds."""

    path: str
    entries: tuple[Entry, ...]
    sources: tuple[Source, ...]


class _Reader:
    """Turns composed YAML nodes into model objects, raising positioned errors."""

    def __init__(self, path: str, default_source: str) -> None:
        import yaml  # here, not at the top: see yaml_loader

        self.path = path
        self.default_source = default_source
        self._seen: set[int] = set()
        self._scalar = yaml.ScalarNode
        self._sequence = yaml.SequenceNode
        self._mapping = yaml.MappingNode

    def error(self, node: yaml.Node | None, message: str) -> GlossaryError:
        if node is None:
            return GlossaryError(message, self.path)
        mark = node.start_mark
        return GlossaryError(message, self.path, mark.line + 1, mark.column + 1)

    def ref(self, node: yaml.Node) -> SourceRef:
        return SourceRef(self.path, node.start_mark.line + 1, node.start_mark.column + 1)

    def visit(self, node: yaml.Node) -> None:
        if id(node) in self._seen:
            raise self.error(node, "YAML aliases are not allowed in a glossary")
        self._seen.add(id(node))

    def plain(self, node: yaml.Node) -> None:
        if node.tag not in _PLAIN_TAGS:
            raise self.error(node, f"YAML tag {node.tag!r} is not allowed in a glossary")

    def mapping(
        self, node: yaml.Node, fields: frozenset[str], what: str
    ) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        self.visit(node)
        if not isinstance(node, self._mapping):
            raise self.error(node, f"{what} must be a mapping")
        self.plain(node)
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, self._scalar) else None
            if not isinstance(key, str):
                raise self.error(key_node, f"{what} keys must be strings")
            if key not in fields:
                allowed = ", ".join(sorted(fields))
                raise self.error(key_node, f"unknown field {key!r} in {what} (allowed: {allowed})")
            if key in out:
                raise self.error(key_node, f"field {key!r} appears twice in {what}")
            out[key] = (key_node, value_node)
        return out

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        self.visit(node)
        if not isinstance(node, self._sequence):
            raise self.error(node, f"{what} must be a list")
        self.plain(node)
        return list(node.value)

    def string(self, node: yaml.Node, what: str) -> str:
        self.visit(node)
        if not isinstance(node, self._scalar) or node.tag not in (
            "tag:yaml.org,2002:str",
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float",
        ):
            raise self.error(node, f"{what} must be a string")
        text = str(node.value).strip()
        if not text:
            raise self.error(node, f"{what} must not be empty")
        control = _CONTROL.search(text)
        if control:
            raise self.error(
                node, f"{what} holds the control character {control.group()!r}, which no text does"
            )
        return text

    def one_line(self, node: yaml.Node, what: str) -> str:
        """A term, form, acronym or id: a string on one line (it is matched in prose and
        printed in reports, where a line break or tab would forge or break lines)."""
        text = self.string(node, what)
        if _LINE_BREAK.search(text):
            raise self.error(node, f"{what} must be on one line, without tabs")
        return text

    def boolean(self, node: yaml.Node, what: str) -> bool:
        self.visit(node)
        if not isinstance(node, self._scalar) or node.tag != "tag:yaml.org,2002:bool":
            raise self.error(node, f"{what} must be true or false")
        return str(node.value).lower() in ("true", "yes", "on")

    def strings(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        if isinstance(node, self._scalar):
            return (self.string(node, what),)
        return tuple(self.string(item, what) for item in self.sequence(node, what))

    def choice(self, node: yaml.Node, enum: Callable[[str], _E], what: str) -> _E:
        text = self.string(node, what)
        try:
            return enum(text)
        except ValueError:
            allowed = ", ".join(str(v) for v in getattr(enum, "__members__", {}).values())
            raise self.error(node, f"{what} {text!r} is not one of: {allowed}") from None

    # --- the document -------------------------------------------------------------

    def read(self, root: yaml.Node | None) -> GlossaryFile:
        if root is None:
            return GlossaryFile(self.path, (), ())
        top = self.mapping(root, TOP_FIELDS, "the glossary")
        sources: list[Source] = []
        if "sources" in top:
            for item in self.sequence(top["sources"][1], "sources"):
                sources.append(self.source(item))
        source_ids = {s.id for s in sources} | {self.default_source}
        entries: list[Entry] = []
        if "entries" in top:
            items = self.sequence(top["entries"][1], "entries")
            if len(items) > MAX_GLOSSARY_ENTRIES:
                raise self.error(top["entries"][1], too_many_entries(len(items)))
            for item in items:
                entries.append(self.entry(item, source_ids))
        return GlossaryFile(self.path, tuple(entries), tuple(sources))

    def source(self, node: yaml.Node) -> Source:
        fields = self.mapping(node, SOURCE_FIELDS, "a source")
        for required in ("id", "name"):
            if required not in fields:
                raise self.error(node, f"a source needs {required!r}")

        def opt(name: str) -> str | None:
            return self.string(fields[name][1], name) if name in fields else None

        return Source(
            id=self.string(fields["id"][1], "id"),
            name=self.string(fields["name"][1], "name"),
            url=opt("url"),
            licence=opt("licence"),
        )

    def entry(self, node: yaml.Node, source_ids: set[str]) -> Entry:
        fields = self.mapping(node, ENTRY_FIELDS, "an entry")
        if "term" not in fields:
            raise self.error(node, "an entry needs a 'term' (its preferred written form)")
        term = self.one_line(fields["term"][1], "term")

        def opt(name: str) -> str | None:
            return self.string(fields[name][1], name) if name in fields else None

        def opt_line(name: str) -> str | None:
            return self.one_line(fields[name][1], name) if name in fields else None

        case = (
            self.choice(fields["case"][1], CaseRule, "case")
            if "case" in fields
            else auto_case_rule(term)
        )
        explicit: list[Form] = []
        acronym, expansion = opt_line("acronym"), opt_line("expansion")
        if "forms" in fields:
            for item in self.sequence(fields["forms"][1], "forms"):
                explicit.append(self.form(item, case))
        written = {f.text for f in explicit}
        if acronym and acronym != term and acronym not in written:
            explicit.append(
                Form(acronym, FormStatus.ADMITTED, kind=FormKind.ACRONYM, case=CaseRule.SENSITIVE)
            )
        if expansion and expansion.casefold() != term.casefold() and expansion not in written:
            explicit.append(
                Form(
                    expansion,
                    FormStatus.ADMITTED,
                    kind=FormKind.EXPANSION,
                    case=auto_case_rule(expansion),
                )
            )
        if expansion:
            explicit = [_as_expansion(form, expansion) for form in explicit]
        self.check_duplicate_forms(fields.get("forms"), term, explicit, case)
        generate = (
            self.boolean(fields["generate_forms"][1], "generate_forms")
            if ("generate_forms" in fields)
            else True
        )
        senses = self.senses(fields, source_ids)
        tests = SelfTests()
        if "tests" in fields:
            test_fields = self.mapping(fields["tests"][1], TEST_FIELDS, "tests")
            tests = SelfTests(
                flag=self.strings(test_fields["flag"][1], "flag") if "flag" in test_fields else (),
                passing=(
                    self.strings(test_fields["pass"][1], "pass") if "pass" in test_fields else ()
                ),
            )
        forms = generate_forms(term, case, explicit, generate=generate)
        if "in_prose" in fields and not self.boolean(fields["in_prose"][1], "in_prose"):
            forms = tuple(replace(f, matched=False) for f in forms)
        return Entry(
            id=opt_line("id") or slug(term),
            term=term,
            forms=forms,
            senses=senses,
            acronym=acronym,
            expansion=expansion,
            case=case,
            see_also=self.strings(fields["see_also"][1], "see_also")
            if "see_also" in fields
            else (),
            tags=self.strings(fields["tags"][1], "tags") if "tags" in fields else (),
            config_keys=(
                self.strings(fields["config_keys"][1], "config_keys")
                if "config_keys" in fields
                else ()
            ),
            symbol=opt("symbol"),
            tests=tests,
            origin=self.ref(node),
            well_known=(
                self.boolean(fields["well_known"][1], "well_known")
                if "well_known" in fields
                else False
            ),
        )

    def check_duplicate_forms(
        self,
        forms_field: tuple[yaml.Node, yaml.Node] | None,
        term: str,
        forms: list[Form],
        case: CaseRule,
    ) -> None:
        nodes = list(forms_field[1].value) if forms_field else []
        seen: dict[str, str] = {(term if case is CaseRule.SENSITIVE else term.casefold()): term}
        for i, form in enumerate(forms):
            key = form.text if form.case is CaseRule.SENSITIVE else form.text.casefold()
            if key in seen:
                node = nodes[i] if i < len(nodes) else (forms_field[0] if forms_field else None)
                raise self.error(node, f"form {form.text!r} is listed twice (as {seen[key]!r})")
            seen[key] = form.text

    def form(self, node: yaml.Node, case: CaseRule) -> Form:
        if isinstance(node, self._scalar):
            return Form(self.one_line(node, "a form"), FormStatus.ADMITTED, case=case)
        fields = self.mapping(node, FORM_FIELDS, "a form")
        if "text" not in fields:
            raise self.error(node, "a form needs 'text'")
        status = (
            self.choice(fields["status"][1], FormStatus, "status")
            if "status" in fields
            else FormStatus.ADMITTED
        )
        if status is FormStatus.PREFERRED:
            raise self.error(
                fields["status"][1], "the preferred form is the entry's 'term'; list others here"
            )
        reason = (
            self.choice(fields["reason"][1], FormReason, "reason") if "reason" in fields else None
        )
        kind = (
            self.choice(fields["kind"][1], FormKind, "kind")
            if "kind" in fields
            else FormKind.SPELLING
        )
        text = self.one_line(fields["text"][1], "text")
        if "case" in fields:
            form_case = self.choice(fields["case"][1], CaseRule, "case")
        elif status.flagged and reason is FormReason.CASING:
            form_case = CaseRule.SENSITIVE
        else:
            form_case = case if kind is FormKind.SPELLING else auto_case_rule(text)
        return Form(
            text=text,
            status=status,
            reason=reason,
            kind=kind,
            note=self.string(fields["note"][1], "note") if "note" in fields else None,
            case=form_case,
            matched=(
                self.boolean(fields["in_prose"][1], "in_prose") if "in_prose" in fields else True
            ),
        )

    def senses(
        self, fields: dict[str, tuple[yaml.Node, yaml.Node]], source_ids: set[str]
    ) -> tuple[Sense, ...]:
        senses: list[Sense] = []
        if "definition" in fields:
            text = self.string(fields["definition"][1], "definition")
            senses.append(Sense((Definition(text, self.default_source),)))
        if "senses" in fields:
            for item in self.sequence(fields["senses"][1], "senses"):
                sense_fields = self.mapping(item, SENSE_FIELDS, "a sense")
                definitions: list[Definition] = []
                if "definitions" in sense_fields:
                    for d in self.sequence(sense_fields["definitions"][1], "definitions"):
                        definitions.append(self.definition(d, source_ids))
                context = (
                    self.string(sense_fields["context"][1], "context")
                    if "context" in sense_fields
                    else None
                )
                senses.append(Sense(tuple(definitions), context))
        return tuple(senses)

    def definition(self, node: yaml.Node, source_ids: set[str]) -> Definition:
        if isinstance(node, self._scalar):
            return Definition(self.string(node, "a definition"), self.default_source)
        fields = self.mapping(node, DEFINITION_FIELDS, "a definition")
        if "text" not in fields:
            raise self.error(node, "a definition needs 'text'")
        source = self.default_source
        if "source" in fields:
            source = self.string(fields["source"][1], "source")
            if source not in source_ids:
                raise self.error(
                    fields["source"][1], f"definition cites source {source!r}, which is not listed"
                )

        def opt(name: str) -> str | None:
            return self.string(fields[name][1], name) if name in fields else None

        return Definition(
            text=self.string(fields["text"][1], "text"),
            source=source,
            section=opt("section"),
            headword=opt("headword"),
        )


_ENTRIES_KEY = re.compile(r"^entries:[ \t]*(?:#.*)?\n([ \t]*)- ", re.MULTILINE)


def _count_entries_roughly(text: str, path: str) -> None:
    """Refuse a block list of entries over the limit before YAML reads it (composing takes
    about a quarter of a millisecond per entry); items at the entries' indentation are
    counted, which may include a few of other lists (an upper bound). The exact count is
    checked again once composed."""
    found = _ENTRIES_KEY.search(text)
    if found is None:
        return
    item = re.compile("^" + re.escape(found.group(1)) + "- ", re.MULTILINE)
    count = sum(1 for _ in item.finditer(text, found.start(1)))
    if count > MAX_GLOSSARY_ENTRIES:
        line = text.count("\n", 0, found.start(1)) + 1
        raise GlossaryError(too_many_entries(count), path, line, len(found.group(1)) + 1)


def parse_glossary(text: str, path: str, default_source: str = "project") -> GlossaryFile:
    """Parse and check one glossary file's text (entries are checked in isolation)."""
    loader = yaml_loader()
    import yaml

    _count_entries_roughly(text, path)
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if mark is None:
            raise GlossaryError(f"invalid YAML: {problem}", path) from None
        raise GlossaryError(
            f"invalid YAML: {problem}", path, mark.line + 1, mark.column + 1
        ) from None
    except yaml.YAMLError as exc:
        raise GlossaryError(f"invalid YAML: {exc}", path) from None
    return read_glossary_nodes(root, path, default_source)


def read_glossary_nodes(
    root: yaml.Node | None, path: str, default_source: str = "project"
) -> GlossaryFile:
    """Check a composed glossary document (YAML nodes) and read it into entries.

    Errors name ``path`` and the line and column of each node's start mark, so a reader
    that builds the nodes itself (the Markdown glossary) gets errors at its own lines.
    """
    return _Reader(path, default_source).read(root)
