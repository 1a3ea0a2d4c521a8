"""The built-in glossary's data, entry by entry: the errors once found in it stay fixed.

Each test names the place the error arose (importer, merge, form generator, curation) and
checks the built glossary the way a user meets it: look-up, the engine's findings and fixes.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from mlgloss.english import is_english, is_english_word
from mlgloss.glossary.build.casing import common_noun_form
from mlgloss.glossary.build.definitions import mark_formula_gaps
from mlgloss.glossary.forms import BOUND_PREFIXES
from mlgloss.glossary.lookup import Glossary
from mlgloss.glossary.model import (
    FORMULA_GAP,
    CaseRule,
    Definition,
    Entry,
    Form,
    FormKind,
    FormReason,
)
from rules_helpers import builtin, run


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return builtin()


# --- acronyms whose long form is the headword: "Expansion (ACR)" -----------------------


@pytest.mark.parametrize(
    ("acronym", "long_form"),
    [
        ("CoT", "chain-of-thought"),
        ("CoT", "chain of thought"),
        ("MLM", "masked language modeling"),
        ("MLM", "masked language modelling"),
        ("ECE", "expected calibration error"),
        ("DAPT", "domain-adaptive pretraining"),
        ("CPT", "continued pretraining"),
        ("SLO", "service-level objective"),
    ],
)
def test_the_long_form_of_an_acronym_headword_is_its_expansion(
    glossary: Glossary, acronym: str, long_form: str
) -> None:
    """Curation made the acronym the term and dropped the long form (curation)."""
    entry = glossary.lookup(long_form)
    assert entry is not None and entry.term == acronym and entry.expansion
    (form,) = [f for f in entry.forms if f.text.casefold() == long_form.casefold()]
    assert form.kind is FormKind.EXPANSION and not form.status.flagged


@pytest.mark.parametrize(
    "text",
    [
        "We use chain of thought (CoT) here.",
        "Chain of thought prompting helps.",
        "Chain-of-thought prompting helps, and CoT is cheap.",
    ],
)
def test_chain_of_thought_is_never_rewritten_to_cot(text: str) -> None:
    assert [f for f in run(text) if f.rule in ("variant", "inconsistent")] == []


# --- expansions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("acronym", "expansion"),
    [
        ("NF4", "4-bit NormalFloat"),
        ("GRPO", "Group Relative Policy Optimization"),
        ("QLoRA", "Quantized Low-Rank Adaptation"),
        ("RoPE", "Rotary Position Embedding"),
        ("KV cache", "key-value cache"),
        ("SFT", "supervised fine-tuning"),
        ("RLHF", "reinforcement learning from human feedback"),
        ("LoRA", "Low-Rank Adaptation"),
        ("GPTQ", None),
        ("BF16", None),
        ("FP16", None),
        ("FP32", None),
    ],
)
def test_expansions(glossary: Glossary, acronym: str, expansion: str | None) -> None:
    entry = glossary.lookup(acronym)
    assert entry is not None and entry.expansion == expansion


def test_expansions_use_american_spelling(glossary: Glossary) -> None:
    british = re.compile(r"isation|optimis|normalis|modelling|labell|behaviour|colour")
    expansions = [e.expansion for e in glossary.entries.values() if e.expansion]
    assert [x for x in expansions if british.search(x)] == []


def test_expansions_of_common_nouns_are_lower_case() -> None:
    """The merge writes seed expansions as common nouns; names are curated back."""
    assert common_noun_form("Supervised Fine-Tuning") == "supervised fine-tuning"
    assert common_noun_form("Key-Value Cache") == "key-value cache"
    assert common_noun_form("GPT Quantization") == "GPT quantization"
    assert common_noun_form("Quantized LoRA") == "quantized LoRA"


def test_an_inserted_expansion_is_lower_case_for_a_common_noun() -> None:
    (finding,) = [f for f in run("We train with SFT first.") if f.rule == "acronym-expansion"]
    assert finding.fix is not None
    assert finding.fix.edits[0].new_text == "supervised fine-tuning (SFT)"


# --- generated forms -------------------------------------------------------------------

_PIECES = re.compile(r"[\s\-]+")


@pytest.fixture(scope="module")
def corpus_words(shared: Path) -> frozenset[str]:
    """Every word of the corpus's Markdown, case-folded."""
    words: set[str] = set()
    for path in (shared / "corpus").rglob("*.md"):
        words |= set(re.findall(r"[a-z]+", path.read_text(errors="replace").casefold()))
    return frozenset(words)


def test_generated_spellings_are_spellings_writers_use(
    glossary: Glossary, corpus_words: frozenset[str]
) -> None:
    """The generator split morphemes ("re-ward", "co-rpus", "pre-diction", "Co-mmon Crawl",
    "DeepSpeed co-nfig") and spaced bound prefixes ("pre training", "llama cpp"): every piece
    of a generated spelling is a word (of English or of the corpus), no split cuts an
    English word in two, and a bound prefix is never followed by a space."""
    bad = []
    for entry in glossary.entries.values():
        written = {
            p for f in entry.forms if not f.generated for p in _PIECES.split(f.text.casefold())
        }
        for form in entry.forms:
            if not form.generated or form.reason is FormReason.CASING:
                continue
            pieces = _PIECES.split(form.text.casefold())
            unknown = [
                p
                for p in _PIECES.split(form.text)
                if p.isalpha()
                and p.islower()  # names and acronyms (NTK, RAG) are the entry's own words
                and not (is_english_word(p) or p in corpus_words or p in BOUND_PREFIXES)
            ]
            cut = [
                a + b
                for a, b in itertools.pairwise(pieces)
                if is_english_word(a + b) and a + b in written
            ]
            spaced = re.search(rf"\b({'|'.join(BOUND_PREFIXES)}) ", form.text.casefold())
            if unknown or cut or spaced:
                bad.append(f"{entry.term}: {form.text}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize(
    ("term", "nonsense"),
    [
        ("reward", "re-ward"),
        ("corpus", "co-rpus"),
        ("next-token prediction", "next-token pre-diction"),
        ("trust region", "trust re-gion"),
        ("Common Crawl", "Co-mmon Crawl"),
        ("DeepSpeed config", "DeepSpeed co-nfig"),
        ("llama.cpp", "llama cpp"),
    ],
)
def test_named_nonsense_spellings_are_gone(glossary: Glossary, term: str, nonsense: str) -> None:
    entry = glossary.lookup(term)
    assert entry is not None
    assert nonsense.casefold() not in {f.text.casefold() for f in entry.forms}


def test_a_casing_variant_differs_from_a_written_spelling_in_case_only(glossary: Glossary) -> None:
    """Hyphenation variants were labelled "casing" ("BRADLEYTERRY" of "Bradley-Terry")."""
    bad = []
    for entry in glossary.entries.values():
        written = {f.text.casefold() for f in entry.forms if not f.generated}
        for form in entry.forms:
            if (
                form.generated
                and form.reason is FormReason.CASING
                and form.text.casefold() not in written
            ):
                bad.append(f"{entry.term}: {form.text}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize(
    "form", ["fine tuned", "pre trained", "pre training", "mid training", "few shot", "zero shot"]
)
def test_compounds_nobody_writes_spaced_are_not_admitted(glossary: Glossary, form: str) -> None:
    """The corpus (951 Markdown files) never spaces these; where the glossary lists them, they
    are flagged for hyphenation, not admitted."""
    entry = glossary.lookup(form)
    if entry is None:
        return
    (found,) = [f for f in entry.forms if f.text == form]
    assert found.status.flagged and found.reason is FormReason.HYPHENATION


# --- words that are also English (issue 12, point 4) -----------------------------------


def _distinctive(form: Form) -> bool:
    """Matched only in a casing no ordinary word has: STaR, RoPE, ADAM; not Star, star."""
    text = form.text
    return form.case is CaseRule.SENSITIVE and text not in (text.lower(), text.capitalize())


def _english_collisions(glossary: Glossary) -> list[str]:
    """Every matched form that case-folds to an English word or phrase, and reads as it.

    A flagged form must be distinctive: its finding and fix must never land on the ordinary
    word ("From Rags to Riches", a "Star" badge). An admitted one matches only in its own
    casing, or names an ordinary concept in lower case ("attention", "mixture of experts").
    """
    bad = []
    for entry in glossary.entries.values():
        for form in entry.forms:
            if not form.matched or not is_english(form.text):
                continue
            if form.status.flagged:
                ok = _distinctive(form)
            else:
                ok = form.case is CaseRule.SENSITIVE or form.text == form.text.lower()
            if not ok:
                bad.append(f"{entry.term}: {form.text} ({form.status})")
    return bad


def test_forms_that_are_english_words_match_only_where_they_cannot_be_the_word(
    glossary: Glossary,
) -> None:
    assert not _english_collisions(glossary), "\n".join(_english_collisions(glossary))


@pytest.mark.parametrize(
    "text",
    [
        "From Rags to Riches is a book.",
        "Star the repository if it helps.",
        "We manifest intent; the job runs a recipe past a gate.",
        "Accelerate your training loop.",
        "The weights and biases of the network are trained.",
        "Cot, rope and yarn are ordinary words.",
    ],
)
def test_ordinary_english_is_not_flagged(text: str) -> None:
    assert [(f.rule, f.message) for f in run(text)] == []


@pytest.mark.parametrize(
    ("text", "flagged"),
    [("We train with ADAM.", "ADAM"), ("We use Stable RoPE and ROPE.", "ROPE")],
)
def test_names_are_flagged_in_their_wrong_casing(text: str, flagged: str) -> None:
    assert [text[f.start : f.end] for f in run(text) if f.rule == "variant"] == [flagged]


@pytest.mark.parametrize("name", ["Manifest", "Recipe", "Job", "gate", "Lifecycle", "Preflight"])
def test_course_product_terms_are_definable_but_not_matched(glossary: Glossary, name: str) -> None:
    entry = glossary.lookup(name)
    assert entry is not None and entry.senses
    assert not any(f.matched for f in entry.forms)
    assert glossary.index.find(f"The {name} is ready.") == []


def test_a_project_glossary_opts_in_to_a_course_term(tmp_path: Path) -> None:
    from mlgloss.glossary.layers import load_glossary

    own = tmp_path / "terms.yaml"
    own.write_text("entries:\n  - term: Manifest\n    case: sensitive\n", encoding="utf-8")
    glossary = load_glossary([own])
    assert [o.entry.term for o in glossary.index.find("Apply the Manifest.")] == ["Manifest"]


def test_accelerate_is_the_library(glossary: Glossary) -> None:
    entry = glossary.lookup("Accelerate")
    assert entry is not None and entry.term == "Accelerate" and entry.case is CaseRule.SENSITIVE

    def found(text: str) -> list[str]:
        return [o.entry.term for o in glossary.index.find(text) if o.entry.id == entry.id]

    assert found("We accelerate training.") == []
    assert found("Launch it with Accelerate.") == ["Accelerate"]


# --- preferred forms damaged by title-case normalisation -------------------------------


@pytest.mark.parametrize(
    ("name", "term"),
    [
        ("llama guard", "Llama Guard"),  # merge: a phrase running text writes as a name
        ("constitutional AI", "Constitutional AI"),  # merge: a running-text-cased seed
        ("Bradley-Terry preference loss", "Bradley-Terry preference loss"),  # casing: en dash
        ("Bradley-Terry", "Bradley\N{EN DASH}Terry"),  # curation
        ("R1 Zero", "R1-Zero"),  # curation
        ("alpaca format", "Alpaca format"),  # curation
        ("Quality retained", "quality retained"),  # "See Quality retained." is a pointer
    ],
)
def test_preferred_forms_keep_the_names_capitals(glossary: Glossary, name: str, term: str) -> None:
    entry = glossary.lookup(name)
    assert entry is not None and entry.term == term


def test_the_hub_is_under_hugging_face(glossary: Glossary) -> None:
    hub = glossary.lookup("Hugging Face Hub")
    assert hub is not None and hub.term == "Hugging Face"
    assert "push_to_hub" in hub.config_keys
    assert [s.context for s in hub.senses] == ["the Hugging Face Hub"]
    (wrong,) = [f for f in hub.forms if f.text == "HuggingFace hub"]
    assert wrong.status.flagged
    assert not [e for e in glossary.entries.values() if e.term.casefold() == "huggingface hub"]


# --- senses: one concept, one entry; unrelated concepts apart --------------------------


def _sources(entry: Entry) -> set[str]:
    return {f"{d.source}:{d.headword}" for s in entry.senses for d in s.definitions}


def test_lora_alpha_holds_the_flash_cards_alpha(glossary: Glossary) -> None:
    lora_alpha, alpha = glossary.lookup("LoRA alpha"), glossary.lookup("alpha")
    assert lora_alpha is not None and alpha is not None and lora_alpha is not alpha
    assert "posttraining-flashcards:Alpha (\N{GREEK SMALL LETTER ALPHA})" in _sources(lora_alpha)
    assert _sources(alpha) == {"brewslm:alpha (KD)"}


@pytest.mark.parametrize(("one", "other"), [("LoRA rank", "rank"), ("top-k", "top-k sampling")])
def test_one_concept_is_one_entry(glossary: Glossary, one: str, other: str) -> None:
    assert glossary.lookup(one) is glossary.lookup(other) is not None


def test_bare_rank_is_not_matched_as_lora_rank(glossary: Glossary) -> None:
    assert [o.entry.id for o in glossary.index.find("the rank of a matrix")] == []


def test_hidden_layer_and_layer_are_apart(glossary: Glossary) -> None:
    """The importer read "Layer / hidden layer" as one concept with a synonym."""
    layer, hidden = glossary.lookup("layer"), glossary.lookup("hidden layer")
    assert layer is not None and hidden is not None and layer is not hidden
    assert "brewslm:Layer / hidden layer" in _sources(hidden)


# --- definitions -----------------------------------------------------------------------


def _definitions(glossary: Glossary) -> list[tuple[Entry, Definition]]:
    return [(e, d) for e in glossary.entries.values() for s in e.senses for d in s.definitions]


@pytest.mark.parametrize(
    ("raw", "marked"),
    [
        ("rate . It has , , .", "rate [formula]. It has [formula], [formula], [formula]."),
        ("penalized exponentially (). Then", "penalized exponentially ([formula]). Then"),
        ("pairs: , where is the preferred output", "pairs: [formula], where [formula] is the"),
        ("a table with .map()/.filter()/split", "a table with .map()/.filter()/split"),
    ],
)
def test_every_formula_gap_is_marked_the_same_way(raw: str, marked: str) -> None:
    assert mark_formula_gaps(raw).startswith(marked)


def test_no_spurious_gap_in_datasets_dataset(glossary: Glossary) -> None:
    entry = glossary.lookup("datasets.Dataset")
    assert entry is not None
    assert all(FORMULA_GAP not in d.text for s in entry.senses for d in s.definitions)


def test_definitions_with_gaps_come_last(glossary: Glossary) -> None:
    for entry in glossary.entries.values():
        for sense in entry.senses:
            gaps = [FORMULA_GAP in d.text for d in sense.definitions]
            assert gaps == sorted(gaps), entry.term


def test_course_pointers_and_debris_are_cleaned(glossary: Glossary) -> None:
    pointer = re.compile(r"(^|[.;] )[Ss]ee [A-Z][^.]*\.$|Covered in depth in Track|Track \d's")
    bad = [
        f"{e.term}: {d.text}"
        for e, d in _definitions(glossary)
        if pointer.search(d.text) or "\\n" in d.text or "{code}" in d.text
    ]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize(
    "text", ["Goodhart's law bites.", "Goodhart\N{RIGHT SINGLE QUOTATION MARK}s law bites."]
)
def test_goodharts_law_is_found_with_either_apostrophe(glossary: Glossary, text: str) -> None:
    assert [o.entry.id for o in glossary.index.find(text)] == ["goodhart-s-law"]


def test_the_two_apostrophes_are_one_spelling() -> None:
    text = "Goodhart's law bites. Goodhart\N{RIGHT SINGLE QUOTATION MARK}s law bites again."
    assert run(text) == []


def test_the_transformers_library_is_not_the_architecture(glossary: Glossary) -> None:
    def entry_of(text: str) -> list[str]:
        return [o.entry.id for o in glossary.index.find(text)]

    assert entry_of("Load it with Transformers.") == ["transformers-library"]
    assert entry_of("Deep transformers scale well.") == ["transformer"]


def test_exports_leave_out_forms_kept_out_of_prose(glossary: Glossary) -> None:
    from mlgloss.glossary.export_formats import swaps

    out_of_prose = {f.text for e in glossary.entries.values() for f in e.forms if not f.matched}
    assert out_of_prose and not {s.flagged for s in swaps(glossary)} & out_of_prose
