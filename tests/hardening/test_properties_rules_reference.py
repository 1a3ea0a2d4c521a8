"""The faster rule code gives exactly what the code it replaced gave (``rules_reference.py``).

Documents are paragraphs of competing spellings, flagged forms and near misses, some in
italics or block quotes, some after "The abstract:", some long enough to count as quoted,
joined by blank and not-quite-blank lines; the configuration ignores a word or prefers a
spelling now and then.
"""

from __future__ import annotations

import re
import sys

from hardening_support import (
    ADMITTED,
    FLAGGED,
    FORMS,
    GLOSSARY,
    MISSPELT,
    PROFILE,
    SPECIALS,
    WORDS,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from rules_reference import inconsistent as reference_inconsistent
from rules_reference import misspelling_candidates, quotations
from rules_reference import near_misses as reference_near_misses
from rules_reference import variant as reference_variant

from mlgloss.analysis.config.model import ProjectConfig
from mlgloss.analysis.document import DocumentKind
from mlgloss.analysis.extract import extract
from mlgloss.analysis.quotations import abstract_spans
from mlgloss.analysis.rules import inconsistent, misspelling, variant
from mlgloss.analysis.rules.base import RuleContext
from mlgloss.analysis.rules.near_miss import buckets, near_misses
from mlgloss.glossary.model import FormKind


def _cased(text: str) -> st.SearchStrategy[str]:
    return st.sampled_from([text, text.lower(), text.upper(), text[:1].upper() + text[1:]])


def _spellings() -> list[list[str]]:
    """Each entry's admitted spellings, for entries that have several."""
    out = []
    for entry in sorted(GLOSSARY.entries.values(), key=lambda e: e.id):
        forms = [f.text for f in entry.forms if f.kind is FormKind.SPELLING]
        if len({f.casefold() for f in forms}) > 1:
            out.append(forms)
    return out


SPELLINGS = _spellings()
other = st.one_of(
    st.sampled_from(FLAGGED),
    st.sampled_from(FORMS),
    st.sampled_from(WORDS),
    st.sampled_from(MISSPELT),
)


def _paragraph(words: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        words,
        words,
        words.map(lambda s: f"*{s}*"),
        words.map(lambda s: f"_{s}_"),
        words.map(lambda s: f" > *{s}*"),
        words.map(lambda s: f"> {s}"),
        words.map(lambda s: f">{s}"),
        words.map(lambda s: f"> [!TIP] {s}"),
        words.map(lambda s: f"The abstract:\n*{s}*"),
        words.map(lambda s: f"From the paper's abstract\n\n> {s}"),
        words.map(lambda s: f"Abstract\n_{s}_"),
        st.tuples(words, st.integers(5, 40)).map(lambda p: "*" + " ".join([p[0]] * p[1]) + "*"),
        st.tuples(words, st.integers(5, 40)).map(lambda p: "> " + " ".join([p[0]] * p[1])),
        words.map(lambda s: f"* {s}"),
        words.map(lambda s: f"**{s}**"),
        words.map(lambda s: f"# {s}"),
        st.sampled_from(SPECIALS),
    )


joiner = st.sampled_from(["\n\n", "\n\n", "\n", "\n \n", "\n\t\n", "\n\n\n", " ", "\r\n\r\n"])


@st.composite
def documents(draw: st.DrawFn) -> str:
    """Paragraphs mostly in the spellings of one or two entries, so that counts tie."""
    themes = draw(st.lists(st.sampled_from(SPELLINGS), min_size=1, max_size=2))
    spelling = st.sampled_from([form for forms in themes for form in forms]).flatmap(_cased)
    words = st.lists(st.one_of(spelling, spelling, other), min_size=1, max_size=8).map(" ".join)
    parts = draw(st.lists(st.tuples(_paragraph(words), joiner), max_size=8))
    lead = draw(st.sampled_from(["", "", "\n\n", " ", "\n"]))
    return lead + "".join(p + j for p, j in parts)


configs = st.one_of(
    st.just(ProjectConfig()),
    st.sampled_from(ADMITTED).map(lambda w: ProjectConfig(ignore_words=(w,))),
    st.sampled_from(ADMITTED).map(lambda w: ProjectConfig(prefer=(w,))),
)


def _context(text: str, kind: DocumentKind, config: ProjectConfig) -> RuleContext:
    extraction = extract(text, kind)
    occurrences = GLOSSARY.index.find(extraction.prose)
    return RuleContext(text, kind, extraction, occurrences, GLOSSARY, config)


# Pieces of the line structure quotations are made of, so that texts hit its edge cases.
_LINE_PIECES = ["\n", "\n", "\n\n", " ", "\t", "*", "_", "**", ">", "> ", "[!", "abstract"]
_LINE_PIECES += [":", "x", "word", "Abstract:\n", "y" * 150, "z " * 150, "\r", "\x00"]
line_structure = st.lists(st.sampled_from(_LINE_PIECES), max_size=30).map("".join)


@settings(PROFILE)
@given(
    text=st.one_of(documents(), line_structure),
    kind=st.sampled_from([DocumentKind.MARKDOWN, DocumentKind.PLAINTEXT]),
)
def test_quotations_equal_the_reference(text: str, kind: DocumentKind) -> None:
    markdown = kind in (DocumentKind.MARKDOWN, DocumentKind.NOTEBOOK)
    assert sorted(abstract_spans(text) if markdown else []) == quotations(text, kind)


@settings(PROFILE)
@given(text=documents(), config=configs)
def test_inconsistent_and_variant_equal_the_reference(text: str, config: ProjectConfig) -> None:
    kind = DocumentKind.MARKDOWN
    reference = _context(text, kind, config)
    fast = _context(text, kind, config)
    reference.__dict__["_quotations"] = fast._quotations  # the cached property, seeded
    assert list(inconsistent.check(fast)) == list(reference_inconsistent(reference))
    assert list(variant.check(fast)) == list(reference_variant(reference))


texts = st.one_of(
    st.text(),
    documents(),
    st.lists(st.sampled_from([*SPECIALS, *WORDS, "ünd", "x²", "K", "İ", "_", "abc_def"])).map(
        "".join
    ),
)


@settings(PROFILE)
@given(text=texts)
def test_misspelling_words_equal_the_reference(text: str) -> None:
    assert misspelling._tokens(text) == set(re.findall(r"\w+", text.lower()))
    candidates = {
        w
        for w in misspelling._tokens(text)
        if len(w) >= misspelling.MIN_LETTERS and misspelling._LETTERS.fullmatch(w)
    }
    assert candidates == misspelling_candidates(text)


def test_a_tie_goes_to_the_spelling_first_used_outside_a_quotation() -> None:
    text = (
        "The abstract reads:\n\n> We train in 16bit.\n\n"
        "Then we use 16 bit weights, later 16bit ones.\n"
    )
    reference = _context(text, DocumentKind.MARKDOWN, ProjectConfig())
    spans = quotations(text, DocumentKind.MARKDOWN)
    reference.__dict__["_quotations"] = ([s for s, _ in spans], [e for _, e in spans])
    fast = _context(text, DocumentKind.MARKDOWN, ProjectConfig())
    found = list(inconsistent.check(fast))
    assert found == list(reference_inconsistent(reference))
    assert [text[f.start : f.end] for f in found] == ["16bit"]
    assert found[0].start > text.index("weights")


def test_no_character_outside_word_characters_lower_cases_into_them_or_into_ascii() -> None:
    """What lets ``misspelling._tokens`` lower-case only the ASCII bytes of a text whose
    letters and digits are all ASCII (a fact of the Unicode database Python ships)."""
    word = re.compile(r"\w")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if word.match(char) is None:
            lowered = char.lower()
            assert not any(word.match(c) for c in lowered), hex(code)
            assert char.isascii() or not lowered.isascii(), hex(code)


def _edits(word: str) -> st.SearchStrategy[str]:
    """``word`` with a letter dropped, added, changed or two swapped, once or twice."""
    i = st.integers(0, len(word) - 1)
    letter = st.sampled_from("abeilnorstz_")
    once = st.one_of(
        i.map(lambda k: word[:k] + word[k + 1 :]),
        st.tuples(i, letter).map(lambda p: word[: p[0]] + p[1] + word[p[0] :]),
        st.tuples(i, letter).map(lambda p: word[: p[0]] + p[1] + word[p[0] + 1 :]),
        i.map(lambda k: word[:k] + word[k + 1 : k + 2] + word[k : k + 1] + word[k + 2 :]),
    )
    return st.one_of(once, once.flatmap(lambda w: _edits(w) if w else st.just(w)))


@st.composite
def near_miss_cases(draw: st.DrawFn) -> tuple[str, list[str]]:
    word = draw(st.text("abeilnorstzAB_", min_size=6, max_size=14))
    known = draw(st.lists(st.one_of(_edits(word), st.text("abeilnorst", max_size=14))))
    return word, [k for k in known if k]


@settings(PROFILE)
@given(case=near_miss_cases())
def test_near_misses_equal_the_reference(case: tuple[str, list[str]]) -> None:
    word, known = case
    assert near_misses(word, buckets(set(known))) == reference_near_misses(word, set(known))
