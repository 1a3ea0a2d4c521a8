"""Headword parsing shared by all importers: what a glossary's headword says besides the name.

Glossaries pack several things into a headword. A parenthetical can be an expansion
(``LoRA (Low-Rank Adaptation)``), an acronym (``Supervised Fine-Tuning (SFT)``), a
synonym (``Parameter (weight)``), a symbol (``Rank (r)``) or a qualifier that only says
where the term is used (``Greedy decoding (T1)``, ``alpha (KD)``). Slashes and "vs" join
several terms (``Layer / hidden layer``, ``Latency vs throughput``), each its own concept: a
hidden layer is a kind of layer, not another name for one. ``parse_headword``
reads these by form alone; ``record_from_headword`` builds a ``SeedRecord`` with them.

Acronyms are recognised by initials: each word of the long form gives the acronym a
prefix or a subsequence starting with its first letter (``Low-Rank Adaptation`` →
``LoRA``, ``pretraining`` → ``PT`` in ``CPT``); small words (of, and, from) and
lower-case hyphen tails (``Activation-aware``) may give nothing; digits must appear on
both sides (``BF16`` / ``Brain Float 16``, ``NF4`` / ``4-bit Normal Float``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cache

from mlgloss.glossary.build.importers.records import SeedRecord
from mlgloss.glossary.build.importers.text import normalise_space


class ParenKind(StrEnum):
    """What a parenthetical in a headword is, relative to the name before it."""

    EXPANSION = "expansion"  # the name is an acronym of it
    ACRONYM = "acronym"  # it is an acronym of the name
    SYNONYM = "synonym"
    SYMBOL = "symbol"
    QUALIFIER = "qualifier"  # a context label, not part of the name


@dataclass(frozen=True, slots=True)
class ParsedHeadword:
    name: str
    expansion: str | None = None
    acronym: str | None = None
    synonyms: tuple[str, ...] = ()
    symbol: str | None = None
    qualifier: str | None = None
    also_names: tuple[str, ...] = ()


# Words an acronym may skip: "Reinforcement Learning from Human Feedback" → RLHF.
_SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to"}
    | {"with", "&"}
)
# Prefixes that make a modifier, not a name: "Decision engine (post-eval)".
_MODIFIER_PREFIX = re.compile(r"^(?:post|pre|non|anti)-", re.IGNORECASE)

_QUOTES = {'"': '"', "\u201c": "\u201d", "'": "'", "\u2018": "\u2019"}  # straight and curly quotes
_TRAILING_PAREN = re.compile(r"^(?P<name>.*\S)\s+\((?P<inner>[^()]+)\)$")
_MIDDLE_PAREN = re.compile(r"^(?P<before>.*\S)\s+\((?P<inner>[^()]+)\)\s+(?P<after>\S.*)$")
_SLASH = re.compile(r"\s+/\s+")
_VERSUS = re.compile(r"\s+(?:vs\.?|versus)\s+", re.IGNORECASE)
_LETTER_DIGIT_SPLIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")
_DIGITS = re.compile(r"\d+")


def parse_headword(headword: str) -> ParsedHeadword:
    """Split a headword into its name and the other things it says."""
    text = _strip_quotes(normalise_space(headword))
    middle = _MIDDLE_PAREN.match(text)
    if middle:
        return _parse_middle_paren(middle["before"], middle["inner"], middle["after"])
    trailing = _TRAILING_PAREN.match(text)
    if trailing:
        return _parse_trailing_paren(trailing["name"], normalise_space(trailing["inner"]))
    return _parse_joined_terms(text)


def record_from_headword(
    *,
    source: str,
    headword: str,
    definition: str,
    line: int,
    section: str | None = None,
) -> SeedRecord:
    """A seed record whose name fields are read out of ``headword``."""
    parsed = parse_headword(headword)
    return SeedRecord(
        source=source,
        headword=headword,
        name=parsed.name,
        definition=normalise_space(definition),
        line=line,
        section=section,
        expansion=parsed.expansion,
        acronym=parsed.acronym,
        synonyms=parsed.synonyms,
        symbol=parsed.symbol,
        qualifier=parsed.qualifier,
        also_names=parsed.also_names,
    )


def classify_parenthetical(name: str, inner: str) -> ParenKind:
    """Decide what ``inner`` in ``name (inner)`` is, by its form and its initials."""
    if len(inner) == 1 and inner.isalpha():
        return ParenKind.SYMBOL
    if is_acronym_of(name, inner):
        return ParenKind.EXPANSION
    if is_acronym_of(inner, name) or _is_elliptical_acronym(inner, name):
        return ParenKind.ACRONYM
    if _is_context_label(name, inner):
        return ParenKind.QUALIFIER
    return ParenKind.SYNONYM


def is_acronym_of(short: str, long: str) -> bool:
    """Whether ``short`` abbreviates ``long`` by initials.

    Words both sides end with are set aside first, so ``KV Cache`` abbreviates
    ``Key-Value Cache``.
    """
    short_words, long_words = short.split(), long.split()
    while (
        len(short_words) > 1
        and len(long_words) > 1
        and short_words[-1].casefold() == long_words[-1].casefold()
    ):
        short_words.pop()
        long_words.pop()
    if len(short_words) != 1 or not looks_like_acronym(short_words[0]):
        return False
    acronym = short_words[0]
    words = _long_form_words(" ".join(long_words))
    letters = "".join(ch for ch in acronym.casefold() if ch.isalpha())
    long_letters = sum(len(word) for word, _ in words if not word.isdigit())
    if not letters or long_letters <= len(letters):
        return False
    if sorted(_DIGITS.findall(acronym)) != sorted(w for w, _ in words if w.isdigit()):
        return False
    lettered = tuple((word, optional) for word, optional in words if not word.isdigit())
    return _initials_match(letters, lettered)


def looks_like_acronym(token: str) -> bool:
    """A single token written like an acronym or code: ``SFT``, ``LoRA``, ``T1``, ``bf16``."""
    if not token or any(ch.isspace() for ch in token):
        return False
    uppercase = sum(ch.isupper() for ch in token)
    has_digit = any(ch.isdigit() for ch in token)
    has_letter = any(ch.isalpha() for ch in token)
    return uppercase >= 2 or (has_digit and has_letter and len(token) <= 5)


def _parse_trailing_paren(name: str, inner: str) -> ParsedHeadword:
    kind = classify_parenthetical(name, inner)
    base = _parse_joined_terms(name)
    match kind:
        case ParenKind.EXPANSION:
            return replace(base, expansion=inner)
        case ParenKind.ACRONYM:
            return replace(base, acronym=inner)
        case ParenKind.SYMBOL:
            return replace(base, symbol=inner)
        case ParenKind.QUALIFIER:
            return replace(base, qualifier=inner)
        case ParenKind.SYNONYM:
            return replace(base, synonyms=(*base.synonyms, inner))


def _parse_middle_paren(before: str, inner: str, after: str) -> ParsedHeadword:
    """``Causal (autoregressive) attention``: the parenthetical replaces the word before it."""
    name = f"{before} {after}"
    inner = normalise_space(inner)
    if len(inner) == 1 and inner.isalpha():
        return ParsedHeadword(name=name, symbol=inner)
    if any(looks_like_acronym(token) for token in inner.split()):
        return ParsedHeadword(name=name, qualifier=inner)
    head = before.rsplit(" ", 1)[0] + " " if " " in before else ""
    return ParsedHeadword(name=name, synonyms=(f"{head}{inner} {after}",))


def _parse_joined_terms(text: str) -> ParsedHeadword:
    """Names joined by `` / `` or ``vs``; ``Train/validation/test split`` stays one name."""
    versus = _VERSUS.split(text)
    if len(versus) > 1:
        first, *others = _distribute_head(versus)
        return ParsedHeadword(name=first, also_names=tuple(others))
    parts = _SLASH.split(text)
    if len(parts) == 1:
        return ParsedHeadword(name=text)
    first, *others = _distribute_head(parts)
    return ParsedHeadword(name=first, also_names=tuple(others))


def _distribute_head(parts: list[str]) -> list[str]:
    """Share a trailing head noun: ``Head / layer / channel pruning`` → ``Head pruning``, ….

    Only when every part but the last is one plain word that could stand in for the last
    part's first word. Not for ``Job / Notification bell`` (a capital inside a lower-case
    phrase starts a new name), ``RejectedRow / reason code`` (an identifier takes no
    modifier) or ``Drift / drift detection`` (the last part already holds the first).
    """
    *heads, last = parts
    last_words = last.split()
    if len(last_words) < 2:
        return parts
    if any(" " in head or not _is_plain_word(head) for head in heads):
        return parts
    if any(head.casefold() in last.casefold().split() for head in heads):
        return parts
    title_case = all(word[:1].isupper() for word in last_words if word[:1].isalpha())
    if last_words[0][:1].isupper() and not title_case:
        return parts
    rest = " ".join(last_words[1:])
    return [f"{head} {rest}" for head in heads] + [last]


def _is_plain_word(word: str) -> bool:
    """A word, not an identifier: ``layer``, ``SSM``, ``Top-p``; not ``RejectedRow``."""
    if not re.fullmatch(r"[^\W\d_][\w\-]*", word) or "_" in word:
        return False
    inner_capitals = any(ch.isupper() for ch in word[1:])
    return not inner_capitals or word.isupper()


def _is_elliptical_acronym(inner: str, name: str) -> bool:
    """``Distillation (KD)``: the acronym of a fuller name whose first word was dropped."""
    if not looks_like_acronym(inner) or not inner[:1].isalpha():
        return False
    rest = inner[1:]
    return bool(rest) and any(ch.isalpha() for ch in rest) and _initials_of(rest, name)


def _initials_of(letters_text: str, phrase: str) -> bool:
    letters = "".join(ch for ch in letters_text.casefold() if ch.isalpha())
    if any(ch.isdigit() for ch in letters_text):
        return False
    words = tuple(pair for pair in _long_form_words(phrase) if not pair[0].isdigit())
    return bool(letters) and _initials_match(letters, words)


def _is_context_label(name: str, inner: str) -> bool:
    """A parenthetical that says where or how a term is used, rather than naming it."""
    tokens = inner.split()
    if any(looks_like_acronym(token) for token in tokens):
        return True  # "CPT view", "T1", "KD", "bf16", "A/B"
    if re.match(r"^-?\d", inner) or "," in inner:
        return True  # "11 stages", "-100", "precision, recall"
    if len(tokens) == 1 and _MODIFIER_PREFIX.match(inner):
        return True  # "post-eval"
    name_words = name.split()
    if _is_plural(tokens[-1]) and not _is_plural(name_words[-1]):
        return True  # "Sparsity (n-grams)": a synonym would agree in number
    # "AdamW (optimizer)": a lower-case common noun after an identifier names its kind.
    identifier = len(name_words) == 1 and not _is_plain_word(name)
    return identifier and len(tokens) == 1 and inner.islower()


def _is_plural(word: str) -> bool:
    lowered = word.casefold()
    return lowered.endswith("s") and not lowered.endswith(("ss", "us", "is"))


def _strip_quotes(text: str) -> str:
    if len(text) >= 2 and _QUOTES.get(text[0]) == text[-1]:
        return text[1:-1].strip()
    return text


def _long_form_words(phrase: str) -> tuple[tuple[str, bool], ...]:
    """The long form's words, each with whether an acronym may skip it."""
    words: list[tuple[str, bool]] = []
    for chunk in phrase.split():
        pieces = [piece for piece in chunk.split("-") if piece]
        for position, piece in enumerate(pieces):
            for part in _LETTER_DIGIT_SPLIT.split(piece):
                cleaned = "".join(ch for ch in part if ch.isalnum()).casefold()
                if not cleaned:
                    continue
                hyphen_tail = position > 0 and part[:1].islower()
                after_number = bool(words) and words[-1][0].isdigit()
                optional = cleaned in _SMALL_WORDS or hyphen_tail or after_number
                words.append((cleaned, optional))
    return tuple(words)


def _initials_match(letters: str, words: tuple[tuple[str, bool], ...]) -> bool:
    @cache
    def match(position: int, word_index: int) -> bool:
        if word_index == len(words):
            return position == len(letters)
        word, optional = words[word_index]
        if optional and match(position, word_index + 1):
            return True
        if position == len(letters) or letters[position] != word[0]:
            return False
        # The word gives letters[position:end], taken in order from the word.
        cursor = 1
        for end in range(position + 1, len(letters) + 1):
            if end > position + 1:
                found = word.find(letters[end - 1], cursor)
                if found < 0:
                    break
                cursor = found + 1
            if match(end, word_index + 1):
                return True
        return False

    return match(0, 0)
