"""``misspelling``: a near miss of a glossary term (Transfomer, backpropogation, Chinchila).

Tuned for precision, because a spell checker that flags names and code gets switched off.
A word is a candidate only when all of these hold:

- it has at least six letters and only letters, and it does not touch code punctuation
  (``model.generate``, ``--lr``); code is already masked out of the prose;
- it is not an ordinary English word (the word list in ``analysis/data``, with simple
  inflections and English prefixes: "deduplicating"), not a word of any glossary form or
  definition, and not in ``ignore_words``;
- the document does not also write it in a URL, a path or code (masked text): there it is
  a name, a handle or an identifier ("Cadene" of ``github.com/Cadene``);
- it is lower case or merely capitalised; a capitalised word in running text is taken for
  a proper name: it is compared with capitalised glossary terms, and with the others only
  for a lost, added or swapped letter (``Transfomer``), never a changed one (``Inferenz``);

and then it must lie within one edit (two for words of ten letters or more, transpositions
counting as one) of a glossary word of six letters or more starting with the same letter,
where the difference is not an inflection (``quantizing``/``quantize``) or a British
spelling (``tokeniser``/``tokenizer``); a glossary word two edits away is no target for a
word one edit from an English word ("compliation": "compilation") or made of two English
words ("datasheets"). Words under nine letters may only miss a letter,
gain one or swap two: a changed letter in a short word makes another word as often as a
typo (``muxing``/``mixing``, ``quantile``/``quantize``). Look-ups are cached per word and
glossary.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from mlgloss import ascii_words
from mlgloss.analysis import caseless
from mlgloss.analysis.findings import Finding, Fix, TextEdit
from mlgloss.analysis.rule_metadata import metadata
from mlgloss.analysis.rules.base import Rule, RuleContext
from mlgloss.analysis.rules.near_miss import Buckets, buckets, near_misses, osa_distance
from mlgloss.ascii_words import (
    LETTERS,
    blanked,
    has_ascii_words,
)
from mlgloss.ascii_words import (
    distinct_tokens as _tokens,
)
from mlgloss.english import is_english_word, long_words
from mlgloss.glossary.derived_tables import derived_table
from mlgloss.glossary.lookup import Glossary

CODE = "misspelling"
MIN_LETTERS = 6
SUBSTITUTION_LETTERS = 9  # shorter words may miss a letter, gain one or swap two, no more

_WORD = re.compile(r"\b[^\W\d_]{6,}\b")
_LETTERS = re.compile(r"[^\W\d_]+")
_WORD_CHAR = re.compile(r"\w")
_BAD_BEFORE = frozenset("./\\@#$%&=+~^`:_")
_BAD_AFTER = frozenset("/\\@=(`$_")
_INFLECTIONS = (
    "ies", "ied", "ing", "ings", "ed", "es", "s", "er", "ers", "or", "ors", "ion", "ions",
    "ation", "ations", "ly", "al", "ally", "e", "d", "y", "ize", "izes", "ized", "izing",
    "ise", "ised", "ment", "ments", "ness", "ity", "ive", "able", "ably",
)  # fmt: skip
_SUFFIXES = ("ies", "ied", "ing", "ed", "es", "s", "ly", "er", "ers")
# English prefixes that make a word of a word: "deduplicating" is "de" + "duplicating".
_PREFIXES = ("de", "re", "un", "pre", "non", "sub", "co", "mis", "dis", "over", "under", "multi")
_PREFIXED_MIN = 5  # letters the word after the prefix must keep


def english_words() -> frozenset[str]:
    """Ordinary English words, lower case, five letters or more (see ``data/README.md``)."""
    return long_words()


@dataclass
class _Vocabulary:
    """What one glossary knows: its words, and the words a misspelling can be fixed to."""

    known: frozenset[str]
    targets: dict[str, str]  # case-folded word → the word as the glossary writes it
    buckets: Buckets  # the words a near miss may be fixed to
    verdicts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # cache per word


_VOCABULARIES: weakref.WeakKeyDictionary[Glossary, _Vocabulary] = weakref.WeakKeyDictionary()


def _vocabulary(glossary: Glossary) -> _Vocabulary:
    vocabulary = _VOCABULARIES.get(glossary)
    if vocabulary is None:
        # Cached by the glossary's digest: building it reads every entry, which a compiled
        # project glossary otherwise decodes only when asked for.
        vocabulary = derived_table(
            glossary,
            "misspelling-vocabulary",
            (__file__, ascii_words.__file__),
            lambda: _build(glossary),
            _dump,
            _load,
        )
        _VOCABULARIES[glossary] = vocabulary
    return vocabulary


# Words joined by line breaks (a word holds none), which str.split reads back far faster
# than JSON reads a list of 170,000 strings.
def _dump(vocabulary: _Vocabulary) -> dict[str, object]:
    return {
        "known": "\n".join(sorted(vocabulary.known)),
        "targets": ["\n".join(vocabulary.targets), "\n".join(vocabulary.targets.values())],
        "buckets": [
            [first, length, "\n".join(words)]
            for (first, length), words in vocabulary.buckets.items()
        ],
    }


def _load(data: dict[str, Any]) -> _Vocabulary:
    folded, written = data["targets"]
    known = data["known"].split("\n") if data["known"] else []
    targets = dict(zip(folded.split("\n"), written.split("\n"), strict=True)) if folded else {}
    loaded: Buckets = {
        (first, length): words.split("\n") for first, length, words in data["buckets"]
    }
    return _Vocabulary(frozenset(known), targets, loaded)


def _build(glossary: Glossary) -> _Vocabulary:
    texts: list[str] = []  # config keys and definitions: only their words are wanted
    known: set[str] = set()
    targets: dict[str, str] = {}
    for entry in glossary.entries.values():
        for form in entry.forms:
            for word in _LETTERS.findall(form.text):
                folded = word.casefold()
                known.add(folded)
                # A word written both ways is an ordinary word that a name capitalises
                # ("Swin Transformer"): the fix is the lower case, and takes the writer's
                # capital back (``_written_like``).
                if (
                    not form.status.flagged
                    and len(word) >= MIN_LETTERS
                    and not any(c.isupper() for c in word[1:])
                    and (folded not in targets or word.islower())
                ):
                    targets[folded] = word
        texts.extend(entry.config_keys)
        for sense in entry.senses:
            texts.extend(definition.text for definition in sense.definitions)
    known.update(_words_of(texts))
    return _Vocabulary(frozenset(known), targets, buckets(targets))


def _words_of(texts: list[str]) -> set[str]:
    """The case-folded ``_LETTERS`` words of ``texts``, found in one pass over them all.

    Texts whose letters are all ASCII are lower-cased with every other byte blanked and
    split, as :func:`_tokens` does (for ASCII, lower case is case folding); the rest are
    searched with the pattern, each distinct word case-folded once. A line break parts the
    texts, as no word holds one.
    """
    plain: list[str] = []
    foreign: list[str] = []
    for text in texts:
        if has_ascii_words(text):
            plain.append(text)
        else:
            foreign.append(text)
    words = set(blanked("\n".join(plain), LETTERS).split())
    words.update(map(str.casefold, set(_LETTERS.findall("\n".join(foreign)))))
    return words


def _is_known(word: str, vocabulary: _Vocabulary, prefixed: bool = True) -> bool:
    """An English word or a glossary word, with simple inflections, or one of them after an
    English prefix ("deduplicating", "unshard")."""
    english = english_words()
    if word in english or word in vocabulary.known:
        return True
    if prefixed:
        for prefix in _PREFIXES:
            rest = word[len(prefix) :]
            if (
                word.startswith(prefix)
                and len(rest) >= _PREFIXED_MIN
                and _is_known(rest, vocabulary, prefixed=False)
            ):
                return True
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            stem = word[: -len(suffix)]
            for candidate in (
                stem,
                stem + "e",
                stem[:-1] if stem[-1:] == stem[-2:-1] else stem,
                stem[:-1] + "y" if suffix in ("ies", "ied") else stem,
            ):
                if candidate in english or candidate in vocabulary.known:
                    return True
    return False


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _is_inflection(word: str, target: str) -> bool:
    """``quantizing`` of ``quantize``, ``tokenizers`` of ``tokenizer``: a form, not a typo."""
    if word.startswith(target) or target.startswith(word):
        return True
    p = _common_prefix(word, target)
    if p < min(len(word), len(target)) - 5:
        return False
    return word[p:] in _INFLECTIONS and (target[p:] in _INFLECTIONS or not target[p:])


_BRITISH = (("s", "z"), ("our", "or"), ("ll", "l"), ("re", "er"), ("ce", "se"), ("ogue", "og"))


def _is_british(word: str, target: str) -> bool:
    """``tokeniser`` for ``tokenizer``, ``modelling`` for ``modeling``: not a misspelling."""
    for british, american in _BRITISH:
        start = 0
        while (i := word.find(british, start)) != -1:
            if word[:i] + american + word[i + len(british) :] == target:
                return True
            start = i + 1
    return False


def _suggestions(word: str, vocabulary: _Vocabulary) -> tuple[str, ...]:
    cached = vocabulary.verdicts.get(word)
    if cached is not None:
        return cached
    found: tuple[str, ...] = ()
    if len(word) >= MIN_LETTERS and not _is_known(word, vocabulary):
        hits = [
            (distance, target)
            for distance, target in near_misses(word, vocabulary.buckets)
            if not _is_inflection(word, target)
            and not _is_british(word, target)
            and (
                len(word) >= SUBSTITUTION_LETTERS
                or len(word) != len(target)
                or sorted(word) == sorted(target)
            )
        ]
        if hits and not (hits[0][0] > 1 and (_english_neighbour(word) or _compound(word))):
            best = hits[0][0]
            nearest = [target for distance, target in hits if distance == best]
            # "optimiation": "optimization" before "optimisation", as the glossary spells.
            found = tuple(
                t for t in nearest if not any(_is_british(t, u) for u in nearest if u != t)
            )
    vocabulary.verdicts[word] = found
    return found


_COMPOUND_PART = 4  # letters each word of a closed compound keeps ("data" + "sheets")
# Words that end English words as suffixes do: "scalar" + "able" is no compound.
_SUFFIX_WORDS = frozenset(["able", "ably", "ible", "less", "ness", "ment", "ship", "wise", "ward"])


def _compound(word: str) -> bool:
    """Two English words written solid ("datasheets"): a compound the word list lacks, not
    a misspelling of the glossary word two edits away that it resembles ("datasets")."""
    return any(
        word[i:] not in _SUFFIX_WORDS and is_english_word(word[:i]) and is_english_word(word[i:])
        for i in range(_COMPOUND_PART, len(word) - _COMPOUND_PART + 1)
    )


_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def _english_neighbour(word: str) -> bool:
    """Whether an English word lies one edit from ``word`` (a letter lost, added, changed or
    two swapped): then a glossary word two edits away is not what the writer meant
    ("compliation" is "compilation" misspelt, not "completion")."""
    english = english_words()
    for i in range(len(word) + 1):
        head, tail = word[:i], word[i:]
        if tail and head + tail[1:] in english:
            return True
        if len(tail) > 1 and head + tail[1] + tail[0] + tail[2:] in english:
            return True
        for c in _ALPHABET:
            if head + c + tail in english or (tail and head + c + tail[1:] in english):
                return True
    return False


def _with_plural(target: str, word: str) -> str:
    """``target`` with the plural ``s`` the misspelt ``word`` has ("hyperparamters" is
    "hyperparameters" misspelt, not "hyperparameter")."""
    if word.endswith("s") and not target.endswith("s"):
        plural = target + "s"
        if osa_distance(word, plural.lower()) < osa_distance(word, target.lower()):
            return plural
    return target


def _written_like(target: str, surface: str) -> str:
    """``target`` in the writer's case: capitalised where the writer's word is, and in
    lower case where the writer's word is and the target is a capitalised English word
    ("weigths" is "weights" misspelt, not "Weights" of Weights & Biases)."""
    if surface[0].isupper() and target[0].islower():
        return target[0].upper() + target[1:]
    if (
        surface.islower()
        and target[0].isupper()
        and target[1:].islower()
        and is_english_word(target.lower())
    ):
        return target.lower()
    return target


def _is_typo(surface: str, replacement: str) -> bool:
    """Whether replacing ``surface`` is the mechanical fix of a typo, safe to apply blind: one
    letter added, dropped, changed or swapped, and the writer's capital kept. Two letters
    away ("deduplicating" → "deduplication", "composible" → "composite") may be another word;
    a new capital ("distrbuted" → "Distributed") changes a word into a name."""
    if surface[:1].isupper() != replacement[:1].isupper():
        return False
    return osa_distance(surface.lower(), replacement.lower()) == 1


def _in_code(prose: str, start: int, end: int) -> bool:
    if start > 0 and prose[start - 1] in _BAD_BEFORE:
        return True
    if end < len(prose):
        after = prose[end]
        if after in _BAD_AFTER:
            return True
        if after in ".:" and end + 1 < len(prose) and prose[end + 1].isalnum():
            return True
    return False


def _suspect_words(
    prose: str, suspects: set[str], chunk: int = caseless.CHUNK
) -> list[tuple[int, int]]:
    """The spans of the ``_WORD`` matches of ``prose``, in order, whose lower case may be one
    of the ``suspects`` (the caller drops the others by their lower case).

    Where every suspect is ASCII, each is looked for with ``str.find`` in the lower-cased
    prose and kept where it is a whole ``\\w`` token, instead of every word of the prose
    being looked at in Python. Lower-casing keeps the length and whether a character is a
    letter, a digit or neither for every code point but U+0130 (checked over them all), so a
    token of the lower-cased prose is a token of the prose, and a ``_WORD`` match, a whole
    token of letters, is found wherever its lower case is a suspect.
    """
    if "\u0130" in prose or not all(word.isascii() for word in suspects):
        return [match.span() for match in _WORD.finditer(prose)]
    spans: list[tuple[int, int]] = []
    # Lowered a piece of lines at a time (no word spans two; see caseless.lowered_pieces).
    for lo, lowered in caseless.lowered_pieces(prose, chunk):
        length = len(lowered)
        found: list[tuple[int, int]] = []
        for word in suspects:
            at = lowered.find(word)
            while at >= 0:
                end = at + len(word)
                if (at == 0 or not _WORD_CHAR.match(lowered, at - 1)) and (
                    end == length or not _WORD_CHAR.match(lowered, end)
                ):
                    found.append((lo + at, lo + end))
                at = lowered.find(word, end)
        found.sort()
        spans.extend(found)
    return spans


def check(ctx: RuleContext) -> Iterator[Finding]:
    vocabulary = _vocabulary(ctx.glossary)
    prose = ctx.extraction.prose
    severity = ctx.severity(CODE, RULE.default_severity)
    english = english_words()
    known = vocabulary.known
    # Where the term index split the prose as ASCII, its words (runs of letters and digits,
    # hashed already) hold every all-letter token, and maybe letter runs beside a "_",
    # which no _WORD match below can be: they change nothing found.
    tokens = _tokens(prose) if ctx.words is None else ctx.words
    suspects = {
        word
        for word in tokens - english - known
        if len(word) >= MIN_LETTERS and _LETTERS.fullmatch(word) and _suggestions(word, vocabulary)
    }
    if not suspects:
        return  # the usual case: one set operation, no per-word work
    for start, end in _suspect_words(prose, suspects):
        surface = prose[start:end]
        folded = surface.lower()
        if folded not in suspects:
            continue
        if any(c.isupper() for c in surface[1:]):
            continue  # camelCase, acronyms and names such as DeepSpeed
        suggestions = _suggestions(folded, vocabulary)
        if not suggestions:
            continue
        if _in_code(prose, start, end) or ctx.config.is_ignored_word(surface):
            continue
        if ctx.in_quotation(start):
            continue
        if ctx.writes_where_masked(folded):
            continue  # "Cadene's models" beside github.com/Cadene/…: a handle, a name
        shown = [vocabulary.targets[s] for s in suggestions]
        if surface[0].isupper() and not (ctx.is_sentence_start(start) or ctx.in_heading(start)):
            # A capitalised word mid-sentence is a name: a misspelt capitalised term, or a
            # term that lost, gained or swapped a letter (Transfomer), never a changed one.
            shown = [
                s
                for s in shown
                if s[0].isupper() or len(s) != len(surface) or sorted(s) == sorted(folded)
            ]
            if not shown:
                continue
        shown = [_with_plural(s, folded) for s in shown]
        replacements = list(dict.fromkeys(_written_like(s, surface) for s in shown))[:3]
        clear = len(replacements) == 1 and _is_typo(surface, replacements[0])
        quoted = " or ".join(f"'{r}'" for r in replacements)
        yield Finding(
            rule=CODE,
            severity=severity,
            start=start,
            end=end,
            message=f"'{surface}' looks like a misspelling of {quoted}",
            fixes=tuple(
                Fix(f"Replace with '{r}'", (TextEdit(start, end, r),), safe=clear)
                for r in replacements
            ),
        )


RULE = Rule(metadata(CODE), check)
