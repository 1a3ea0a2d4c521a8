"""``TermIndex.find`` finds exactly what the plain word-by-word walk finds.

The index blanks everything but letters and digits in each span of text, splits the copy
into words in bulk (lower-casing bytes where all letters are ASCII) and walks the trie only
from words that start a term, locating them with ``str.find``. The oracle is the walk it
replaced (``index_reference.py``). Texts are built from glossary
forms in every letter case, plural endings, terms broken across lines and hyphens, words
glued to their neighbours, code-like tokens and hostile code points (``İ``, ``Σ``, the
Kelvin sign, NUL); the searched range and the span the index splits at once are drawn too,
so terms straddle span edges.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from contextlib import contextmanager

import index_reference
import pytest
from hardening_support import FORMS, GLOSSARY, MULTIWORD, PROFILE, SEPARATORS, SPECIALS, WORDS
from hypothesis import example, given, settings
from hypothesis import strategies as st
from index_reference import ReferenceIndex

from glossary_helpers import glossary_from
from mlgloss.glossary import index as index_module
from mlgloss.glossary.lookup import Glossary
from mlgloss.glossary.occurrence import Occurrence, occurrence_of, shifted

ODD = glossary_from(
    """
    version: 1
    entries:
      - term: Tülu
      - term: Straße-Modell
      - term: İnstruct tuning
      - term: ΟΔΟΣ loss
      - term: \u212aV cache
        id: kelvin-cache
        case: sensitive
      - term: KV cache
      - term: naïve Bayes
      - term: x² test
      - term: 東京 model
      - term: policy
      - term: on-policy
      - term: fine-tuning
        forms: [finetuning, fine tuning]
    """
)
ODD_FORMS = sorted({f.text for e in ODD.entries.values() for f in e.forms})
GLOSSARIES = [(g, ReferenceIndex(g.entries.values())) for g in (GLOSSARY, ODD)]

CODE_LIKE = ["_", "x_", "_x", ".py", ".yaml", "/", "=", "(", ")", "`", "$", "::", "@", "|", "{"]
CODE_LIKE += ["v1", "3b", "Llama-2-", "-v2", '"', "'", ".", ":", "\x00", "\x00\x00\x00", "-"]
JOINS = [" ", "\n", "\r\n", " \n ", "\n\n", "\t", "  ", "-", "- ", " -", "\u00a0", "\x0b"]


def _cased(text: str) -> st.SearchStrategy[str]:
    return st.sampled_from(
        [text, text.upper(), text.lower(), text.title(), text.swapcase(), text.capitalize()]
    )


def _plural(text: str) -> st.SearchStrategy[str]:
    endings = [text + "s", text + "es", text + "S", text + "'s"]
    if text.endswith(("y", "Y")):
        endings += [text[:-1] + "ies", text[:-1] + "IES"]
    return st.sampled_from(endings)


def _broken(text: str) -> st.SearchStrategy[str]:
    return st.sampled_from(JOINS).map(lambda join: text.replace(" ", join).replace("-", join))


forms = st.sampled_from(FORMS + ODD_FORMS)
token = st.one_of(
    forms.flatmap(_cased),
    forms.flatmap(_plural),
    st.sampled_from(MULTIWORD + ODD_FORMS).flatmap(_broken),
    st.sampled_from(WORDS),
    st.sampled_from(CODE_LIKE),
    st.sampled_from([*SPECIALS, "\u212a", "\u0130", "\u03a3"]),
    st.text(max_size=4),
)
separator = st.sampled_from(SEPARATORS + JOINS + ["", "", "", "'", "\u2019"])


@st.composite
def texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(token, separator), max_size=24))
    return "".join(t + s for t, s in parts)


@contextmanager
def _span(size: int) -> Iterator[None]:
    saved = index_module._SPAN
    index_module._SPAN = size
    try:
        yield
    finally:
        index_module._SPAN = saved


def _same(
    glossary: Glossary, reference: ReferenceIndex, text: str, lo: int, hi: int | None
) -> None:
    assert glossary.index.find(text, lo, hi) == reference.find(text, lo, hi)


@settings(PROFILE)
@given(text=texts(), which=st.integers(0, 1))
def test_find_equals_the_plain_walk(text: str, which: int) -> None:
    glossary, reference = GLOSSARIES[which]
    _same(glossary, reference, text, 0, None)


@settings(PROFILE)
@given(
    text=texts(),
    which=st.integers(0, 1),
    a=st.integers(-3, 300),
    b=st.one_of(st.none(), st.integers(-3, 300)),
    span=st.integers(1, 40),
)
def test_find_in_a_range_and_small_spans_equals_the_plain_walk(
    text: str, which: int, a: int, b: int | None, span: int
) -> None:
    glossary, reference = GLOSSARIES[which]
    with _span(span):
        _same(glossary, reference, text, a, b)


def test_letters_outside_ascii() -> None:
    """Words with letters outside ASCII, some whose lower case is not one letter per
    letter (the Kelvin sign, a dotted capital I, a final sigma), are found as before."""
    examples = ["\u212aV cache", "KV CACHE", "\u0130NSTRUCT tuning", "οδοσ loss", "ΟΔΟΣ LOSS"]
    examples += ["TÜLU and Tülus", "a naïve Bayes", "x² test", "東京 model", "Straße-Modell"]
    for text in examples:
        for glossary, reference in GLOSSARIES:
            _same(glossary, reference, text, 0, None)
            _same(glossary, reference, f"x {text}.", 1, None)


def test_first_words_passed_over_before_one_that_goes_on() -> None:
    """A first word that is no term on its own ("on" of "on-policy", "KV" of "KV cache") is
    passed over without being located where the next word goes on with no form; a later
    copy that does go on is still found where it is written, after any number of copies
    passed over, in ASCII spans and others, and across span edges."""
    examples = ["on on on-policy on", "KV, kv store, KV KV cache and KV", "on the on\npolicy"]
    examples += ["ΟΔΟΣ ΟΔΟΣ οδοσ loss", "naïve naïve, naïve Bayes", "x x² x² test x", "on"]
    examples += ["x.lora, _lora, a_lora, lora and .on-policy", "KV KV\n\nKV cache"]
    for text in examples:
        for glossary, reference in GLOSSARIES:
            _same(glossary, reference, text, 0, None)
            for span in (1, 3, 8):
                with _span(span):
                    _same(glossary, reference, text, 0, None)
                    _same(glossary, reference, text, 2, len(text) - 1)
    glossary, _ = GLOSSARIES[1]
    found = glossary.index.find("on on on-policy, on on-policy")
    assert [(o.start, o.surface) for o in found] == [(6, "on-policy"), (20, "on-policy")]


def test_occurrences_are_built_as_the_constructor_builds_them() -> None:
    entry = GLOSSARY.entries["lora"]
    form = entry.forms[0]
    fast = occurrence_of(3, (entry, form, "LoRAs", True, "s"))
    slow = Occurrence(3, 8, entry, form, "LoRAs", plural=True, plural_kind="s")
    assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
    assert (fast.end, fast.surface, fast.plural, fast.plural_kind) == (8, "LoRAs", True, "s")
    assert occurrence_of(0, (entry, form, "LoRA", False, None)) == Occurrence(
        0, 4, entry, form, "LoRA"
    )
    assert shifted([slow], 5) == [Occurrence(8, 13, entry, form, "LoRAs", True, "s")]
    assert pickle.loads(pickle.dumps(slow)) == slow
    with pytest.raises(AttributeError):
        fast.start = 0  # type: ignore[misc]
    with pytest.raises(ValueError, match="cannot end at 9"):
        Occurrence(3, 9, entry, form, "LoRAs")


PUNCTUATION = [*"([*.,;:!?)]'\"-_/\\=@{}|`$#~+%&^", "::", "\u201c", "\u2019", ".yaml", "v1"]
around = st.lists(
    st.one_of(st.sampled_from(PUNCTUATION), st.sampled_from(JOINS), st.sampled_from(WORDS)),
    max_size=4,
).map("".join)


@settings(PROFILE)
@given(before=around, term=st.sampled_from(FORMS).flatmap(_cased), after=around)
@example(before="(", term="LoRA", after="),")
@example(before=" ", term="lora", after="::")
@example(before="*", term="LoRA", after="*:\n")
@example(before="[", term="LoRA", after="](x)")
@example(before='"', term="lora", after='"')
@example(before="x_", term="lora", after=".")
def test_prose_positions_equal_the_reference(before: str, term: str, after: str) -> None:
    text = before + term + after
    start, end = len(before), len(before) + len(term)
    expected = index_reference._is_prose_position(text, start, end)
    assert index_module._is_prose_position(text, start, end) == expected
