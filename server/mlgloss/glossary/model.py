"""The glossary's data model: entries, their written forms, senses and sources.

Plain frozen dataclasses, built by the loader and read by everything else. A form's
status follows terminology-management practice: ``preferred`` (the one to write),
``admitted`` (acceptable), ``deprecated`` (flag, suggest the preferred form) and
``forbidden`` (flag harder).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

_ID_CHARS = re.compile(r"[^a-z0-9]+")

FORMULA_GAP = "[formula]"
"""Where a seed lost a formula in scraping, a definition says so with this mark."""


def slug(text: str) -> str:
    """A stable entry id made from a term: "Pre-Training" → "pre-training"."""
    return _ID_CHARS.sub("-", text.casefold()).strip("-") or "entry"


class FormStatus(StrEnum):
    PREFERRED = "preferred"
    ADMITTED = "admitted"
    DEPRECATED = "deprecated"
    FORBIDDEN = "forbidden"

    @property
    def flagged(self) -> bool:
        return self in (FormStatus.DEPRECATED, FormStatus.FORBIDDEN)


class FormReason(StrEnum):
    CASING = "casing"
    HYPHENATION = "hyphenation"
    SPELLING = "spelling"
    OUTDATED = "outdated"


class FormKind(StrEnum):
    """What a form is to its entry. Only spellings compete for consistency."""

    SPELLING = "spelling"  # a way to write the term itself: pre-training, pretraining
    EXPANSION = "expansion"  # an acronym's expansion: Low-Rank Adaptation
    SYNONYM = "synonym"  # another name for the concept: nucleus sampling for top-p
    ACRONYM = "acronym"  # the acronym of a term written out: SFT for supervised fine-tuning


class CaseRule(StrEnum):
    """How letter case decides which form a piece of text is.

    ``sensitive``: acronyms and proper names (LoRA, PyTorch, Hugging Face); a form matches
    only as written. ``insensitive``: ordinary words; case never makes a variant.
    """

    SENSITIVE = "sensitive"
    INSENSITIVE = "insensitive"


@dataclass(frozen=True, slots=True)
class SourceRef:
    """A place in the files a thing was read from, for error messages and navigation."""

    file: str
    line: int  # 1-based
    column: int = 1  # 1-based


@dataclass(frozen=True, slots=True)
class Source:
    """A glossary that definitions are attributed to (a seed, or a project's own)."""

    id: str
    name: str
    url: str | None = None
    licence: str | None = None


@dataclass(frozen=True, slots=True)
class Definition:
    text: str
    source: str  # a Source.id
    section: str | None = None  # the source's section, chapter or "see" reference
    headword: str | None = None  # the name the source filed it under, as written there


@dataclass(frozen=True, slots=True)
class Sense:
    """One distinct meaning of an entry, with every definition its sources give."""

    definitions: tuple[Definition, ...]
    context: str | None = None  # e.g. "decoding" vs "distillation"


@dataclass(frozen=True, slots=True)
class Form:
    text: str
    status: FormStatus
    reason: FormReason | None = None
    kind: FormKind = FormKind.SPELLING
    note: str | None = None
    generated: bool = False  # made by the systematic form generator, not written by hand
    case: CaseRule = CaseRule.INSENSITIVE  # how case decides whether text is this form
    matched: bool = True  # found in prose; False: only define, hover and look-up know it

    def matches(self, text: str) -> bool:
        if self.case is CaseRule.SENSITIVE:
            return self.text == text
        return self.text.casefold() == text.casefold()


@dataclass(frozen=True, slots=True)
class SelfTests:
    """Example sentences the loader checks: ``flag`` must be flagged, ``pass`` must not."""

    flag: tuple[str, ...] = ()
    passing: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    term: str  # the preferred written form
    forms: tuple[Form, ...]  # every form, the preferred one first
    senses: tuple[Sense, ...] = ()
    acronym: str | None = None
    expansion: str | None = None
    case: CaseRule = CaseRule.INSENSITIVE
    see_also: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    config_keys: tuple[str, ...] = ()
    symbol: str | None = None
    tests: SelfTests = field(default_factory=SelfTests)
    origin: SourceRef | None = None  # where the entry is written
    well_known: bool = False  # an acronym everybody knows (GPU, API): needs no expansion

    @property
    def preferred(self) -> Form:
        return self.forms[0]

    def form(self, text: str) -> Form | None:
        """The form ``text`` is, by each form's case rule; exact matches first."""
        for candidate in self.forms:
            if candidate.text == text:
                return candidate
        for candidate in self.forms:
            if candidate.matches(text):
                return candidate
        return None
