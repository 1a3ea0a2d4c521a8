"""The glossary the front ends query: entries by id, by any form, by config key, fuzzily.

A :class:`Glossary` is built from layers (the built-in glossary, then a project's files);
a later layer's entry with the same id replaces the earlier one, and a form a later layer
claims is taken away from the earlier entry that had it. Within one layer a form claimed by
two entries, or a see-also link to a missing entry, is an error naming the place.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING

from mlgloss.errors import GlossaryError
from mlgloss.gc_pause import collector_paused
from mlgloss.glossary.forms import apply_word_conventions
from mlgloss.glossary.index import TermIndex
from mlgloss.glossary.model import CaseRule, Entry, Form, Source

if TYPE_CHECKING:
    from mlgloss.glossary.loader import GlossaryFile


@dataclass(frozen=True, slots=True)
class SearchHit:
    entry: Entry
    matched: str  # the form or expansion that matched the query
    score: float  # 0..100


def _relevance(query: str, choice: str, **_: object) -> float:
    """How well ``choice`` answers ``query``: whole-string similarity, a prefix or part of a
    longer term (completion), or the same words in another order."""
    from rapidfuzz import fuzz  # imported on first search: checking never needs it

    score = fuzz.ratio(query, choice)
    if len(choice) >= len(query):
        partial = fuzz.partial_ratio(query, choice)
        score = max(score, partial if choice.startswith(query) else partial * 0.9)
    return max(score, fuzz.token_set_ratio(query, choice) * 0.95)


def _letters(text: str) -> str:
    """A spelling's letters and digits, case-folded: "Low-Rank Adaptation" → "lowrankadaptation"."""
    return "".join(c for c in text.casefold() if c.isalnum())


def _form_key(form: Form) -> str:
    return form.text.casefold()


def _claims(entries: Iterable[Entry]) -> dict[str, list[tuple[Entry, Form]]]:
    claims: dict[str, list[tuple[Entry, Form]]] = {}
    for entry in entries:
        for form in entry.forms:
            claims.setdefault(_form_key(form), []).append((entry, form))
    return claims


def _conflict(a: Form, b: Form) -> bool:
    """Would some text be both forms? (Sensitive forms differ when their letters differ.)"""
    if a.case is CaseRule.SENSITIVE and b.case is CaseRule.SENSITIVE:
        return a.text == b.text
    return True


def check_layer(files: Sequence[GlossaryFile]) -> None:
    """Cross-entry checks within one layer: duplicate ids and forms claimed twice."""
    by_id: dict[str, Entry] = {}
    for file in files:
        for entry in file.entries:
            if entry.id in by_id:
                first = by_id[entry.id].origin
                where = f" (first at {first.file}:{first.line})" if first else ""
                raise _entry_error(entry, f"entry id {entry.id!r} is used twice{where}")
            by_id[entry.id] = entry
    for claimants in _claims(by_id.values()).values():
        if len(claimants) < 2:
            continue
        for i, (entry, form) in enumerate(claimants):
            for other, other_form in claimants[:i]:
                if (
                    other.id != entry.id
                    and _conflict(form, other_form)
                    and not (form.generated or other_form.generated)
                ):
                    raise _entry_error(
                        entry,
                        f"form {form.text!r} is claimed by entry {other.id!r} too",
                    )


def _entry_error(entry: Entry, message: str) -> GlossaryError:
    origin = entry.origin
    if origin is None:
        return GlossaryError(message)
    return GlossaryError(message, origin.file, origin.line, origin.column)


class Glossary:
    """Entries from one or more layers, with look-ups for the engine and the front ends."""

    def __init__(self, entries: Iterable[Entry], sources: Iterable[Source] = ()) -> None:
        by_id: dict[str, Entry] = {}
        for entry in entries:
            by_id[entry.id] = entry
        # A mapping, not always a dict: a compiled glossary decodes each entry on first use.
        self.entries: Mapping[str, Entry] = by_id
        self.sources: dict[str, Source] = {s.id: s for s in sources}
        self._index_keys: list[list[list[str] | None]] | None = None
        self.digest: str | None = None
        """The content digest this glossary was compiled under, if it was: what tables
        derived from it are cached by (:mod:`mlgloss.glossary.derived_tables`)."""
        self._check_see_also()

    @classmethod
    def assembled(
        cls,
        entries: Iterable[Entry],
        sources: Iterable[Source],
        index_keys: list[list[list[str] | None]],
    ) -> Glossary:
        """A glossary as :meth:`from_layers` assembled it before, read back from the start-up
        cache: no checks run again, and the index takes each form's keys as they were."""
        glossary = cls.__new__(cls)
        glossary.entries = {entry.id: entry for entry in entries}
        glossary.sources = {s.id: s for s in sources}
        glossary._index_keys = index_keys
        glossary.digest = None
        return glossary

    @classmethod
    def compiled(
        cls, entries: Mapping[str, Entry], sources: Iterable[Source], index: TermIndex, digest: str
    ) -> Glossary:
        """A glossary read back from a compiled glossary (:mod:`mlgloss.glossary.compiled`):
        entries decoded on first use, the index as it was built, no checks run again."""
        glossary = cls.__new__(cls)
        glossary.entries = entries
        glossary.sources = {s.id: s for s in sources}
        glossary._index_keys = None
        glossary.digest = digest
        glossary.__dict__["index"] = index  # the cached property, already known
        return glossary

    @classmethod
    def from_layers(cls, layers: Sequence[Sequence[GlossaryFile]]) -> Glossary:
        """Stack layers (earliest first). Each layer is checked on its own first."""
        entries: dict[str, Entry] = {}
        sources: dict[str, Source] = {}
        for layer in layers:
            check_layer(layer)
            layer_entries = [e for f in layer for e in f.entries]
            claimed = (
                {_form_key(f) for e in layer_entries for f in e.forms if not f.generated}
                if entries
                else set()
            )
            for entry_id, entry in list(entries.items()):
                kept = tuple(
                    f for i, f in enumerate(entry.forms) if i == 0 or _form_key(f) not in claimed
                )
                if len(kept) != len(entry.forms):
                    entries[entry_id] = replace(entry, forms=kept)
            for entry in layer_entries:
                entries[entry.id] = entry
            for file in layer:
                sources.update({s.id: s for s in file.sources})
        return cls(apply_word_conventions(entries.values()), sources.values())

    def _check_see_also(self) -> None:
        for entry in self.entries.values():
            for target in entry.see_also:
                if target not in self.entries and self.lookup(target) is None:
                    raise _entry_error(
                        entry, f"see_also names {target!r}, which is not an entry of the glossary"
                    )

    @cached_property
    def index(self) -> TermIndex:
        with collector_paused():
            index = TermIndex(self.entries.values(), self._index_keys)
        self._index_keys = None  # used once
        return index

    @cached_property
    def _by_form(self) -> dict[str, list[tuple[Entry, Form]]]:
        return _claims(self.entries.values())

    @cached_property
    def _by_config_key(self) -> dict[str, Entry]:
        out: dict[str, Entry] = {}
        for entry in self.entries.values():
            for key in entry.config_keys:
                out.setdefault(key, entry)
        return out

    @cached_property
    def _choices(self) -> list[tuple[str, Entry]]:
        seen: set[tuple[str, str]] = set()
        out: list[tuple[str, Entry]] = []
        for entry in self.entries.values():
            for form in entry.forms:
                if form.status.flagged or form.generated:
                    continue
                if (form.text, entry.id) not in seen:
                    seen.add((form.text, entry.id))
                    out.append((form.text, entry))
        return out

    @cached_property
    def _by_headword(self) -> dict[str, Entry]:
        out: dict[str, Entry] = {}
        for entry in self.entries.values():
            for sense in entry.senses:
                for definition in sense.definitions:
                    if definition.headword:
                        out.setdefault(" ".join(definition.headword.split()).casefold(), entry)
        return out

    def __len__(self) -> int:
        return len(self.entries)

    def entry(self, entry_id: str) -> Entry | None:
        return self.entries.get(entry_id)

    def lookup(self, text: str) -> Entry | None:
        """The entry ``text`` is a form of (any status), honouring each form's case rule.

        When the case rule does not match (``lora`` for the case-sensitive LoRA), the
        case-folded match is still returned: a user asking about a term means it.
        """
        text = " ".join(text.split())
        candidates = self._by_form.get(text.casefold(), [])
        for entry, form in candidates:
            if form.text == text:
                return entry
        for entry, form in candidates:
            if form.matches(text):
                return entry
        if candidates:
            return candidates[0][0]
        return self.entries.get(text) or self._by_headword.get(text.casefold())

    @cached_property
    def _by_letters(self) -> dict[str, Entry]:
        by_letters: dict[str, Entry] = {}
        for entry in self.entries.values():
            for form in entry.forms:
                by_letters.setdefault(_letters(form.text), entry)
        return by_letters

    def resolve(self, text: str) -> Entry | None:
        """What a person asking about ``text`` means: a form (:meth:`lookup`), a config key
        (``lora_alpha``), or a form written with other spacing and hyphenation ("low rank
        adaptation", "Low-rank-adaptation")."""
        entry = self.lookup(text) or self.by_config_key(text.strip())
        if entry is None and _letters(text):
            entry = self._by_letters.get(_letters(text))
        return entry

    def forms_folded(self, text: str) -> list[tuple[Entry, Form]]:
        """Every (entry, form) whose form is ``text`` case-folded, in any status."""
        return list(self._by_form.get(" ".join(text.split()).casefold(), ()))

    def lookup_all(self, text: str) -> list[Entry]:
        """Every entry that has ``text`` as a form, case-folded."""
        seen: dict[str, Entry] = {}
        for entry, _ in self._by_form.get(" ".join(text.split()).casefold(), []):
            seen.setdefault(entry.id, entry)
        return list(seen.values())

    def by_config_key(self, key: str) -> Entry | None:
        return self._by_config_key.get(key)

    @property
    def config_keys(self) -> frozenset[str]:
        return frozenset(self._by_config_key)

    def search(self, query: str, limit: int = 10, cutoff: float = 60.0) -> list[SearchHit]:
        """Entries ranked by how well one of their forms matches ``query`` (rapidfuzz)."""
        query = query.strip()
        if not query:
            return []
        from rapidfuzz import process, utils

        choices = self._choices
        results = process.extract(
            query,
            [text for text, _ in choices],
            scorer=_relevance,
            processor=utils.default_process,
            limit=limit * 4,
            score_cutoff=cutoff,
        )
        hits: dict[str, SearchHit] = {}
        folded = query.casefold()
        for text, score, i in results:
            entry = choices[i][1]
            if text.casefold() == folded:
                score = 100.0 + 1.0  # exact forms before everything else
            elif text.casefold().startswith(folded):
                score = max(score, 99.0)
            best = hits.get(entry.id)
            if best is None or score > best.score:
                hits[entry.id] = SearchHit(entry, text, float(score))
        ranked = sorted(hits.values(), key=lambda h: (-h.score, len(h.matched), h.entry.term))
        return ranked[:limit]
