"""Systematic form generation: the spellings an entry has without anyone listing them.

From an entry's preferred form this derives hyphen / space / solid spellings of compounds
(``pre-training``, ``pre training``, ``pretraining``) as admitted spellings, and for
case-sensitive entries (acronyms, proper names) the capitalised and upper-case spellings as
deprecated casing variants (``Lora``, ``LORA`` for ``LoRA``). Forms written in the glossary
always win over generated ones. Plurals and possessives are not forms: the index recognises
them.

Generation errs on the side of silence: a space spelling is not generated when a part is an
ordinary function word ("on-policy" does not make "on policy", which is common English), and
lower-case spellings of acronyms are never generated (``rag``, ``peft`` and ``trl`` are a word
and package names).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from mlgloss.glossary.model import CaseRule, Entry, Form, FormKind, FormReason, FormStatus

# Prefixes that ML writing joins solid, hyphenated or spaced: "pretraining", "pre-training".
SPLITTABLE_PREFIXES = (
    "pre",
    "post",
    "fine",
    "mid",
    "multi",
    "self",
    "hyper",
    "sub",
    "over",
    "under",
    "co",
    "re",
    "non",
    "cross",
    "inter",
    "intra",
    "semi",
    "meta",
    "few",
    "zero",
    "one",
    "back",
)

# Words too common to stand alone in a generated space spelling.
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "on",
        "off",
        "in",
        "out",
        "to",
        "of",
        "for",
        "by",
        "at",
        "as",
        "is",
        "be",
        "all",
        "any",
        "top",
        "up",
        "down",
        "no",
        "not",
        "non",
        "one",
        "two",
        "per",
        "via",
        "and",
        "or",
        "but",
        "so",
        "if",
        "it",
        "its",
        "with",
        "from",
        "into",
        "onto",
        "over",
        "under",
        "self",
        "co",
        "re",
        "pre",
        "post",
        "sub",
        "mid",
        "multi",
        "few",
        "zero",
        "back",
        "cross",
        "inter",
        "intra",
        "semi",
        "meta",
        "low",
        "high",
    ]
)

_HYPHEN_SPLIT = re.compile(r"-")


def _solid_splits(word: str) -> list[str]:
    """Hyphenated spellings of a solid word that starts with a known prefix."""
    if word.isupper():
        return []  # an acronym or a name in capitals (REINFORCE) is not a prefixed word
    lower = word.lower()
    out = []
    for prefix in SPLITTABLE_PREFIXES:
        rest = lower[len(prefix) :]
        if lower.startswith(prefix) and len(rest) >= 4 and rest.isalpha():
            out.append(word[: len(prefix)] + "-" + word[len(prefix) :])
    return out


def spelling_variants(term: str) -> list[str]:
    """Hyphen / space / solid spellings of ``term``, not including ``term`` itself."""
    variants: list[str] = []
    words = term.split(" ")
    for i, word in enumerate(words):
        pieces = _HYPHEN_SPLIT.split(word)
        candidates: list[tuple[str, str]] = []  # (replacement for this word, kind)
        if len(pieces) > 1 and all(p.isalpha() for p in pieces):
            candidates.append(("".join(pieces), "solid"))
            if not any(
                p.lower() in _FUNCTION_WORDS and p.lower() not in SPLITTABLE_PREFIXES
                for p in pieces
            ) and all(len(p) >= 2 for p in pieces):
                candidates.append((" ".join(pieces), "space"))
        elif len(pieces) == 1 and word.isalpha():
            for split in _solid_splits(word):
                candidates.append((split, "hyphen"))
                head, tail = split.split("-", 1)
                candidates.append((head + " " + tail, "space"))
        for replacement, kind in candidates:
            if kind == "space" and replacement.split(" ")[0].lower() in _FUNCTION_WORDS - set(
                SPLITTABLE_PREFIXES
            ):
                continue
            variants.append(" ".join([*words[:i], replacement, *words[i + 1 :]]))
    seen = {term}
    unique = []
    for v in variants:
        if v not in seen:
            seen.add(v)
            unique.append(v)
    return unique


def casing_variants(term: str) -> list[str]:
    """Wrong casings of a case-sensitive term: capitalised and upper case."""
    out = []
    words = term.split(" ")
    if len(words) == 1:
        out.append(term[:1].upper() + term[1:].lower())
        out.append(term.upper())
    else:
        out.append(term[:1].upper() + term[1:].lower())  # "Hugging face"
        out.append(term.lower())  # "hugging face": multi-word proper names only
        out.append(term.upper())
    return [v for v in dict.fromkeys(out) if v != term and any(c.isalpha() for c in v)]


def generate_forms(
    term: str,
    case: CaseRule,
    explicit: Iterable[Form],
    *,
    generate: bool = True,
) -> tuple[Form, ...]:
    """Every form of an entry: the preferred ``term`` first, then written, then generated.

    A written form replaces a generated one of the same text (exactly, or case-folded for
    insensitive entries).
    """

    def key(text: str) -> str:
        return text if case is CaseRule.SENSITIVE else text.casefold()

    forms: dict[str, Form] = {key(term): Form(term, FormStatus.PREFERRED, case=case)}
    for form in explicit:
        forms.setdefault(key(form.text), form)
    if not generate:
        return tuple(forms.values())
    spellings = [
        f.text for f in forms.values() if f.kind is FormKind.SPELLING and not f.status.flagged
    ]
    for spelling in spellings:
        for variant in spelling_variants(spelling):
            forms.setdefault(
                key(variant),
                Form(variant, FormStatus.ADMITTED, generated=True, case=case),
            )
    sensitive_spellings = [
        f.text
        for f in forms.values()
        if f.kind is FormKind.SPELLING and f.case is CaseRule.SENSITIVE and not f.status.flagged
    ]
    if sensitive_spellings:
        for spelling in sensitive_spellings:
            for variant in casing_variants(spelling):
                forms.setdefault(
                    key(variant),
                    Form(
                        variant,
                        FormStatus.DEPRECATED,
                        FormReason.CASING,
                        generated=True,
                        case=CaseRule.SENSITIVE,
                    ),
                )
    return tuple(forms.values())


def auto_case_rule(term: str) -> CaseRule:
    """Case-sensitive when the term has a capital that is not a word's first letter.

    LoRA, PyTorch, BF16, GPT-4 and vLLM are case-sensitive; Transformer and
    "Chinchilla scaling law" are not, unless the glossary says so.
    """
    for word in re.split(r"[\s\-/]+", term):
        if any(c.isupper() for c in word[1:]) or (
            word[:1].islower() and any(c.isupper() for c in word)
        ):
            return CaseRule.SENSITIVE
    return CaseRule.INSENSITIVE


def apply_word_conventions(entries: Iterable[Entry]) -> list[Entry]:
    """Carry one entry's verdict on a word into the generated spellings of other entries.

    When the glossary deprecates "finetuning" in favour of "fine-tuning", the generated
    spelling "supervised finetuning" of "supervised fine-tuning" is deprecated too, for the
    same reason, rather than admitted.
    """
    entries = list(entries)
    verdicts: dict[str, Form] = {}
    for entry in entries:
        for form in entry.forms:
            if form.status.flagged and not form.generated and " " not in form.text:
                verdicts.setdefault(form.text.casefold(), form)
    if not verdicts:
        return entries
    out = []
    for entry in entries:
        changed = False
        forms = []
        for form in entry.forms:
            if form.generated and not form.status.flagged:
                words = form.text.casefold().split(" ")
                hit = next((verdicts[w] for w in words if w in verdicts), None)
                if hit is not None and len(words) > 1:
                    form = replace(form, status=hit.status, reason=hit.reason)
                    changed = True
            forms.append(form)
        out.append(replace(entry, forms=tuple(forms)) if changed else entry)
    return out
