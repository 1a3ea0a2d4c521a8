"""Merges seed records into one draft entry per concept.

Records fall into one group when their names have the same skeleton (case, hyphens, spaces
and a plural "s" folded: "Pre-Training", "pretraining" and "pre-training"; "Chinchilla
Scaling Law" and "Chinchilla Scaling Laws"), or when an acronym and its expansion tie them
("BF16 (Brain Float 16)", "BFloat16 (Brain Float 16)"). Each group becomes a draft in the
glossary file format (a plain dict), with every source's definition attributed. Curation
(``curation.py``) then corrects what the rules here cannot know.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from mlgloss.glossary.build.casing import CasingStats, common_noun_form, running_text_form
from mlgloss.glossary.build.definitions import mark_formula_gaps
from mlgloss.glossary.build.importers.records import SeedRecord
from mlgloss.glossary.model import slug

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def skeleton(name: str) -> str:
    """The merge key of a name: "Pre-Training" → "pretraining", "Scaling Laws" → "scalinglaw"."""
    key = _NON_ALNUM.sub("", name.casefold().replace("\N{GREEK SMALL LETTER ALPHA}", "alpha"))
    if len(key) > 4 and key.endswith("s") and not key.endswith(("ss", "us", "is")):
        key = key[:-1]
    return key


@dataclass
class _Group:
    records: list[SeedRecord] = field(default_factory=list)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _expand_also_names(records: Iterable[SeedRecord]) -> list[SeedRecord]:
    """A record naming several concepts ("Temperature / top-p") counts for each of them."""
    out: list[SeedRecord] = []
    for record in records:
        out.append(record)
        for other in record.also_names:
            out.append(
                SeedRecord(
                    source=record.source,
                    headword=record.headword,
                    name=other,
                    definition=record.definition,
                    line=record.line,
                    section=record.section,
                )
            )
    return out


def group_records(records: Sequence[SeedRecord]) -> list[list[SeedRecord]]:
    """Groups of records that name one concept, in first-seen order."""
    uf = _UnionFind()
    for record in records:
        key = skeleton(record.name)
        uf.find(key)
        pair_keys: tuple[str, ...]
        if record.acronym and record.expansion:
            pair_keys = (skeleton(record.acronym), skeleton(record.expansion))
        elif record.expansion:
            pair_keys = (key, skeleton(record.expansion))
        elif record.acronym:
            pair_keys = (key, skeleton(record.acronym))
        else:
            pair_keys = ()
        pair_keys = (*pair_keys, *(skeleton(s) for s in record.synonyms))
        for other in pair_keys:
            if other and len(other) >= 2:
                uf.union(key, other)
    groups: dict[str, list[SeedRecord]] = {}
    for record in records:
        groups.setdefault(uf.find(skeleton(record.name)), []).append(record)
    return list(groups.values())


def _fold(name: str) -> str:
    """A name's identity as a spelling: case and the apostrophe's typography set aside
    ("Goodhart's law" is "Goodhart’s law"; the term index reads both apostrophes alike)."""
    return name.replace("\N{RIGHT SINGLE QUOTATION MARK}", "'").casefold()


def _choose(counter: Counter[str], prefer_short: bool = True) -> str:
    return sorted(
        counter.items(), key=lambda kv: (-kv[1], len(kv[0]) if prefer_short else 0, kv[0])
    )[0][0]


def running_text_sources(records: Iterable[SeedRecord]) -> frozenset[str]:
    """The sources that write headwords as running text does ("chain-of-thought (CoT)",
    "temperature"): most of their headwords that start with a plain word start lower case.

    In such a source a capital is the writer's, not the layout's: "Constitutional AI",
    "Common Crawl" and "Bradley–Terry model" are names there.
    """
    lower: Counter[str] = Counter()
    plain: Counter[str] = Counter()
    for record in records:
        first = record.name.split(" ", 1)[0].split("-", 1)[0]
        if first.isalpha() and not any(c.isupper() for c in first[1:]):
            plain[record.source] += 1
            lower[record.source] += first[0].islower()
    return frozenset(src for src, n in plain.items() if lower[src] * 2 > n)


def _cased_as_written(
    term: str, records: Sequence[SeedRecord], running_text: frozenset[str]
) -> str:
    """``term`` as a running-text source writes it ("Constitutional AI", "Medusa"), unless
    that is mere sentence case of a phrase ("Quality retained")."""
    for record in records:
        name = record.name
        if record.source not in running_text or name.casefold() != term.casefold():
            continue
        sentence_case = " " in name and not any(c.isupper() for c in name[1:])
        if not sentence_case:
            return name
    return term


def draft_entry(
    records: Sequence[SeedRecord],
    stats: CasingStats,
    running_text: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """One glossary entry (as a dict in the file format) from a group of records.

    ``running_text``: sources whose headwords keep their casing (see
    :func:`running_text_sources`); the term is written as they write it.
    """
    names: Counter[str] = Counter()
    acronyms: Counter[str] = Counter()
    expansions: Counter[str] = Counter()
    synonyms: dict[str, None] = {}
    symbols: Counter[str] = Counter()
    for record in records:
        names[running_text_form(record.name, stats)] += 1
        if record.acronym:
            acronyms[record.acronym] += 1
        if record.expansion:
            expansions[common_noun_form(record.expansion)] += 1
        elif record.acronym:  # "Service-Level Objective (SLO)": the name is the long form
            expansions[common_noun_form(record.name)] += 1
        for synonym in record.synonyms:
            synonyms[running_text_form(synonym, stats)] = None
        if record.symbol:
            symbols[record.symbol] += 1
    term = _choose(names)
    term = _cased_as_written(term, records, running_text)
    entry: dict[str, Any] = {"id": slug(term), "term": term}
    acronym = _choose(acronyms) if acronyms else None
    expansion = _choose(expansions, prefer_short=False) if expansions else None
    term_key = skeleton(term)
    if acronym and skeleton(acronym) != term_key:
        entry["acronym"] = acronym
    elif acronym or (expansion and " " not in term and any(c.isupper() for c in term)):
        entry["acronym"] = term
    if expansion and skeleton(expansion) != term_key:
        entry["expansion"] = expansion
    if symbols:
        entry["symbol"] = _choose(symbols)
    forms: list[dict[str, str]] = []
    listed = {_fold(term), *(_fold(x) for x in (acronym, expansion) if x)}
    for name in names:
        if _fold(name) in listed or _fold(name) in (_fold(term) + "s", _fold(term) + "es"):
            continue
        listed.add(_fold(name))
        kind = "spelling" if skeleton(name) == term_key else "synonym"
        if kind == "synonym" and acronym and skeleton(name) == skeleton(acronym):
            continue
        forms.append({"text": name, "kind": kind} if kind != "spelling" else {"text": name})
    for synonym in synonyms:
        if _fold(synonym) not in listed:
            listed.add(_fold(synonym))
            forms.append({"text": synonym, "kind": "synonym"})
    if forms:
        entry["forms"] = forms
    definitions = [_definition(record) for record in records if record.definition]
    if definitions:
        entry["senses"] = [{"definitions": definitions}]
    entry["_headwords"] = [f"{r.source}:{r.headword}" for r in records]
    return entry


def _definition(record: SeedRecord) -> dict[str, str]:
    out = {"source": record.source, "headword": record.headword}
    if record.section:
        out["section"] = record.section
    out["text"] = mark_formula_gaps(record.definition)
    return out


def draft_entries(records_by_source: dict[str, list[SeedRecord]]) -> list[dict[str, Any]]:
    """Draft entries for every record of every seed, merged by concept."""
    records = _expand_also_names(r for rs in records_by_source.values() for r in rs)
    stats = CasingStats(r.definition for r in records)
    running_text = running_text_sources(records)
    drafts = [draft_entry(group, stats, running_text) for group in group_records(records)]
    seen: dict[str, int] = {}
    for draft in drafts:  # ids stay unique when two concepts share a written form
        base = draft["id"]
        seen[base] = seen.get(base, 0) + 1
        if seen[base] > 1:
            draft["id"] = f"{base}-{seen[base]}"
    return drafts
