"""Applies the hand-written curation layer to the drafts the importers produced.

Curation lives in ``glossary/curation/*.yaml``, apart from generated output, so re-running
the importers never loses it. A curation file has three optional lists:

``merge``
    groups of names whose entries become one (``[pre-training, pretraining]``).
``senses``
    splits of an entry's definitions into distinct senses: ``match`` names the entry,
    ``split`` lists ``{context, headwords: ["source:headword", ...]}``.
``move``
    definitions filed under the wrong entry: ``{headwords: ["source:headword", ...], to: name}``
    moves them to the entry ``to`` names (one concept, one entry: the flash cards' "Alpha
    (α)" is LoRA alpha), after the patches; a sense left empty is dropped.
``entries``
    patches: ``match`` names an existing entry by any of its names (or ``id``); the other
    fields are in the glossary entry format and replace the draft's, except ``forms``,
    which are merged (a curated form replaces the draft's form of the same text). A patch
    whose ``match`` finds nothing, or that has no ``match``, adds a new entry.

    Four more fields make a name entry short to write (``names.yaml``): ``definition``, a
    one-line definition by the curation itself, added to the entry's first sense;
    ``spelling``, where the preferred spelling comes from (the project's documentation, the
    paper's title), shown as that definition's section; ``also``, spellings admitted beside
    the term; ``wrong``, spellings to flag, deprecated for ``casing`` when they differ from
    the term or an admitted spelling only in case, for ``spelling`` otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from mlgloss.errors import GlossaryError
from mlgloss.glossary.build.casing import common_noun_form
from mlgloss.glossary.build.definitions import clean_definition, rank_definitions
from mlgloss.glossary.build.merge import skeleton
from mlgloss.glossary.model import slug


class _Drafts:
    """Drafts with a name → draft look-up that follows merges."""

    def __init__(self, drafts: list[dict[str, Any]]) -> None:
        self.drafts = drafts

    def names(self, draft: dict[str, Any]) -> list[str]:
        out = [draft["term"], draft["id"]]
        out += [f["text"] for f in draft.get("forms", [])]
        out += [draft[k] for k in ("acronym", "expansion") if draft.get(k)]
        out += [h.split(":", 1)[1] for h in draft.get("_headwords", [])]
        return out

    def find(self, name: str) -> dict[str, Any] | None:
        exact = [d for d in self.drafts if name in self.names(d) or d["id"] == name]
        if exact:
            return exact[0]
        key = skeleton(name)
        for draft in self.drafts:
            if any(skeleton(n) == key for n in self.names(draft)):
                return draft
        return None

    def merge(self, names: list[str], where: str) -> None:
        found = [self.find(n) for n in names]
        missing = [n for n, d in zip(names, found, strict=True) if d is None]
        if missing:
            raise GlossaryError(f"merge names unknown entries: {', '.join(missing)}", where)
        target = found[0]
        assert target is not None
        for other in found[1:]:
            if other is None or other is target:
                continue
            _absorb(target, other)
            self.drafts.remove(other)


def _absorb(target: dict[str, Any], other: dict[str, Any]) -> None:
    forms = target.setdefault("forms", [])
    known = {target["term"].casefold(), *(f["text"].casefold() for f in forms)}
    for text in [other["term"], *(f["text"] for f in other.get("forms", []))]:
        if text.casefold() not in known:
            known.add(text.casefold())
            forms.append({"text": text})
    for key in ("acronym", "expansion", "symbol"):
        if other.get(key) and not target.get(key):
            target[key] = other[key]
    for key in ("config_keys", "tags", "see_also"):  # lists: the union, in order
        merged = list(dict.fromkeys([*target.get(key, []), *other.get(key, [])]))
        if merged:
            target[key] = merged
    if other.get("senses"):
        senses = target.setdefault("senses", [{"definitions": []}])
        senses[0]["definitions"].extend(other["senses"][0]["definitions"])
        for extra in other["senses"][1:]:
            senses.append(extra)
    target["_headwords"] = target.get("_headwords", []) + other.get("_headwords", [])


def _split_senses(draft: dict[str, Any], split: list[dict[str, Any]], where: str) -> None:
    definitions = [d for s in draft.get("senses", []) for d in s["definitions"]]
    senses: list[dict[str, Any]] = []
    used: set[int] = set()
    for part in split:
        wanted = set(part.get("headwords", []))
        chosen = [
            d for i, d in enumerate(definitions) if f"{d['source']}:{d['headword']}" in wanted
        ]
        if not chosen:
            raise GlossaryError(
                f"sense split of {draft['id']!r} matches no definition: {sorted(wanted)}", where
            )
        used |= {i for i, d in enumerate(definitions) if d in chosen}
        senses.append({"context": part["context"], "definitions": chosen})
    rest = [d for i, d in enumerate(definitions) if i not in used]
    if rest:
        senses[0]["definitions"].extend(rest)
    draft["senses"] = senses


def _key(definition: dict[str, Any]) -> str:
    return f"{definition.get('source')}:{definition.get('headword')}"


def _move(state: _Drafts, headwords: list[str], to: str, where: str) -> None:
    target = state.find(to)
    if target is None:
        raise GlossaryError(f"move names an unknown entry: {to!r}", where)
    wanted = set(headwords)
    moved: list[dict[str, Any]] = []
    for draft in state.drafts:
        if draft is target:
            continue
        for sense in draft.get("senses", []):
            taken = [d for d in sense["definitions"] if _key(d) in wanted]
            sense["definitions"] = [d for d in sense["definitions"] if d not in taken]
            moved += taken
        if "senses" in draft:
            draft["senses"] = [s for s in draft["senses"] if s["definitions"]]
            if not draft["senses"]:
                del draft["senses"]
    found = {_key(d) for d in moved}
    if found != wanted:
        raise GlossaryError(f"move finds no definition for: {sorted(wanted - found)}", where)
    senses = target.setdefault("senses", [{"definitions": []}])
    senses[0]["definitions"].extend(moved)
    target["_headwords"] = target.get("_headwords", []) + sorted(found)


_NAME_FIELDS = ("definition", "spelling", "also", "wrong")
CURATION_SOURCE = "mlgloss"
"""The source id of definitions the curation writes itself (``render`` lists it)."""


def _name_forms(patch: dict[str, Any], term: str) -> list[dict[str, Any]]:
    """The forms a name entry's ``also`` and ``wrong`` lists stand for."""
    admitted = [str(text) for text in patch.get("also", [])]
    spellings = {text.casefold() for text in [term, *admitted]}
    forms: list[dict[str, Any]] = [{"text": text} for text in admitted]
    for text in map(str, patch.get("wrong", [])):
        reason = "casing" if text.casefold() in spellings else "spelling"
        forms.append({"text": text, "status": "deprecated", "reason": reason})
    return forms


def _add_definition(draft: dict[str, Any], patch: dict[str, Any]) -> None:
    definition: dict[str, Any] = {"text": patch["definition"], "source": CURATION_SOURCE}
    if patch.get("spelling"):
        definition["section"] = f"spelling from {patch['spelling']}"
    senses = draft.setdefault("senses", [])
    if not senses:
        senses.append({"definitions": []})
    senses[0]["definitions"].append(definition)


def _patch(draft: dict[str, Any], patch: dict[str, Any]) -> None:
    old_term = draft["term"]
    for key, value in patch.items():
        if key in ("match", "forms", *_NAME_FIELDS):
            continue
        draft[key] = value
    if "term" in patch:
        draft["id"] = patch.get("id", draft["id"])
        _keep_long_form(draft, old_term)
    if "definition" in patch:
        _add_definition(draft, patch)
    curated_forms = [*(patch.get("forms") or []), *_name_forms(patch, draft["term"])]
    if curated_forms:
        curated = [f if isinstance(f, dict) else {"text": f} for f in curated_forms]
        texts = {f["text"] for f in curated}
        kept = [f for f in draft.get("forms", []) if f["text"] not in texts]
        draft["forms"] = curated + kept
    # A form the curated term now is must not stay listed as another form.
    draft["forms"] = [f for f in draft.get("forms", []) if f["text"] != draft["term"]]
    if not draft["forms"]:
        del draft["forms"]


def _keep_long_form(draft: dict[str, Any], old_term: str) -> None:
    """A patch that makes an entry's acronym its term keeps the long form as the expansion.

    "Chain-of-Thought (CoT)" drafts as term "chain-of-thought", acronym "CoT"; curating the
    term to "CoT" must not drop "chain-of-thought", or its spellings would be left as
    competing spellings of "CoT" (and "chain of thought (CoT)" "fixed" to "CoT (CoT)").
    """
    if (
        draft["term"] != old_term
        and draft.get("acronym") == draft["term"]
        and not draft.get("expansion")
        and skeleton(old_term) != skeleton(draft["term"])
    ):
        draft["expansion"] = common_noun_form(old_term)


def apply_curation(drafts: list[dict[str, Any]], files: Iterable[Path]) -> list[dict[str, Any]]:
    """The drafts with every curation file applied, in file-name order."""
    state = _Drafts(drafts)
    loaded: list[tuple[str, dict[str, Any]]] = []
    for path in sorted(files):
        where = str(path)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise GlossaryError(f"invalid YAML in curation: {exc}", where) from None
        unknown = set(data) - {"merge", "senses", "entries", "move"}
        if unknown:
            raise GlossaryError(f"unknown curation field(s): {', '.join(sorted(unknown))}", where)
        loaded.append((where, data))
    # Merges first, so that patches and splits see the merged entries whatever the file order;
    # a merge naming an entry that a patch adds waits for the patches.
    waiting: list[tuple[list[str], str]] = []
    for where, data in loaded:
        for names in data.get("merge", []):
            group = [str(n) for n in names]
            if all(state.find(n) is not None for n in group):
                state.merge(group, where)
            else:
                waiting.append((group, where))
    for where, data in loaded:
        for patch in data.get("entries", []):
            match = patch.get("match")
            draft = state.find(str(match)) if match else None
            if draft is None:
                if match and "term" not in patch:
                    raise GlossaryError(f"curation patch matches no entry: {match!r}", where)
                draft = {"id": patch.get("id") or slug(patch["term"]), "term": patch["term"]}
                state.drafts.append(draft)
            _patch(draft, patch)
    for group, where in waiting:
        state.merge(group, where)
    for where, data in loaded:
        for move in data.get("move", []):
            _move(state, [str(h) for h in move["headwords"]], str(move["to"]), where)
    for where, data in loaded:
        for split in data.get("senses", []):
            draft = state.find(str(split["match"]))
            if draft is None:
                raise GlossaryError(f"sense split matches no entry: {split['match']!r}", where)
            _split_senses(draft, split["split"], where)
    for draft in state.drafts:
        _tidy_definitions(draft)
    return state.drafts


def _tidy_definitions(draft: dict[str, Any]) -> None:
    """The seeds' chapter pointers and debris out, whole definitions first."""
    for sense in draft.get("senses", []):
        for definition in sense["definitions"]:
            if "text" in definition:
                definition["text"] = clean_definition(definition["text"])
        sense["definitions"] = [d for d in sense["definitions"] if d.get("text")]
    rank_definitions(draft)
