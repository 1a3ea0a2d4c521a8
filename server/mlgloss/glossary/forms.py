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

from mlgloss.english import is_english, is_english_word
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

# Prefixes that ML writing also joins solid to the word after them: "pretraining",
# "finetuning", "hyperparameter". Not "self", "cross", "few", "zero", "one", "back":
# "selfattention" and "fewshot" are nobody's spelling; nor "multi" and "post", joined solid
# only in some words ("multimodal" but not "multitoken"), which the glossary lists by hand.
SOLID_PREFIXES = frozenset(
    [
        "pre",
        "fine",
        "mid",
        "sub",
        "over",
        "under",
        "co",
        "re",
        "non",
        "inter",
        "intra",
        "semi",
        "meta",
        "hyper",
    ]
)

# Prefixes that are no word on their own: never followed by a space ("pre training").
BOUND_PREFIXES = frozenset(
    ["pre", "multi", "co", "re", "non", "sub", "mid", "semi", "meta", "inter", "intra", "hyper"]
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
    """Hyphenated spellings of a solid word made of a known prefix and a word.

    Only where the rest is an English word and the whole is not: "pretraining" →
    "pre-training", "subword" → "sub-word"; never "reward" → "re-ward", "prediction" →
    "pre-diction" or "corpus" → "co-rpus" (a word, or a rest that is none).
    """
    if word.isupper():
        return []  # an acronym or a name in capitals (REINFORCE) is not a prefixed word
    lower = word.lower()
    if is_english_word(lower):
        return []
    out = []
    for prefix in SPLITTABLE_PREFIXES:
        rest = lower[len(prefix) :]
        if lower.startswith(prefix) and len(rest) >= 4 and rest.isalpha() and is_english_word(rest):
            out.append(word[: len(prefix)] + "-" + word[len(prefix) :])
    return out


def _stands_alone(piece: str) -> bool:
    """Whether a piece of a compound is written as a word of its own ("fine tuning", "cold
    start", "auto RAG"): an English word that is not a bound prefix, or a name or acronym
    (it has a capital). Not "pre training", "multi head", "co rpus", "llama cpp"."""
    if len(piece) < 2:
        return False
    if any(c.isupper() for c in piece[1:]) or any(c.isdigit() for c in piece):
        return True
    return piece.lower() not in BOUND_PREFIXES and is_english_word(piece)


def _joins_solid(pieces: list[str]) -> bool:
    """Whether a hyphenated word is also written solid: a prefix and one word
    ("pre-training" → "pretraining"), not a compound of words ("decoder-only",
    "fill-in-the-middle", "bits-per-token")."""
    return len(pieces) == 2 and pieces[0].lower() in SOLID_PREFIXES


def spelling_variants(term: str) -> list[str]:
    """Hyphen / space / solid spellings of ``term``, not including ``term`` itself."""
    variants: list[str] = []
    words = term.split(" ")
    for i, word in enumerate(words):
        pieces = _HYPHEN_SPLIT.split(word)
        candidates: list[tuple[str, str]] = []  # (replacement for this word, kind)
        if len(pieces) > 1 and all(p.isalpha() for p in pieces):
            if _joins_solid(pieces):
                candidates.append(("".join(pieces), "solid"))
            if not any(
                p.lower() in _FUNCTION_WORDS and p.lower() not in SPLITTABLE_PREFIXES
                for p in pieces
            ) and all(_stands_alone(p) for p in pieces):
                candidates.append((" ".join(pieces), "space"))
        elif len(pieces) == 1 and word.isalpha():
            for split in _solid_splits(word):
                candidates.append((split, "hyphen"))
                head, tail = split.split("-", 1)
                if _stands_alone(head):
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
    # Casing variants of the written spellings only: a variant of a generated spelling
    # ("BRADLEYTERRY" of "BradleyTerry") differs in hyphenation too, and is no casing error.
    # None of a spelling that is also ordinary English ("Star" of STaR, "Rag" of RAG).
    sensitive_spellings = [
        f.text
        for f in forms.values()
        if f.kind is FormKind.SPELLING
        and f.case is CaseRule.SENSITIVE
        and not f.status.flagged
        and not f.generated
        and not is_english(f.text)
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
                verdicts.setdefault(_verdict_key(form.text, form.case), form)
    if not verdicts:
        return entries
    out = []
    for entry in entries:
        changed = False
        forms = []
        for form in entry.forms:
            if form.generated and not form.status.flagged:
                words = form.text.split(" ")
                hit = next((v for w in words if (v := _verdict_for(w, verdicts))), None)
                if hit is not None and len(words) > 1:
                    form = replace(form, status=hit.status, reason=hit.reason)
                    changed = True
            forms.append(form)
        out.append(replace(entry, forms=tuple(forms)) if changed else entry)
    return out


def _verdict_key(text: str, case: CaseRule) -> str:
    return text if case is CaseRule.SENSITIVE else text.casefold()


def _verdict_for(word: str, verdicts: dict[str, Form]) -> Form | None:
    """The verdict on ``word``: a case-sensitive one ("sft" is wrong casing of "SFT") only
    for the word written that way, so "cold start SFT" is not a casing error."""
    exact = verdicts.get(word)
    if exact is not None and exact.case is CaseRule.SENSITIVE:
        return exact
    folded = verdicts.get(word.casefold())
    if folded is not None and folded.case is not CaseRule.SENSITIVE:
        return folded
    return None
