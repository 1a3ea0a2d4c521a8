"""The glossary loader: the format, generated forms, and one test per error kind."""

from __future__ import annotations

import textwrap

import pytest

from glossary_helpers import glossary_from
from mlgloss.errors import GlossaryError
from mlgloss.glossary.loader import parse_glossary
from mlgloss.glossary.model import CaseRule, FormKind, FormStatus


def load_error(text: str) -> GlossaryError:
    with pytest.raises(GlossaryError) as info:
        glossary_from(text, "g.yaml")
    return info.value


def test_entry_fields_and_generated_forms() -> None:
    g = glossary_from(
        """
        entries:
          - term: LoRA
            expansion: Low-Rank Adaptation
            definition: Low-rank adapters.
          - term: pre-training
        """
    )
    lora = g.entry("lora")
    assert lora is not None and lora.case is CaseRule.SENSITIVE
    forms = {f.text: f for f in lora.forms}
    assert forms["Lora"].status is FormStatus.DEPRECATED and forms["Lora"].reason == "casing"
    assert forms["LORA"].status is FormStatus.DEPRECATED
    assert "lora" not in forms  # lower-case acronyms are never generated
    assert forms["Low-Rank Adaptation"].kind is FormKind.EXPANSION
    pre = g.entry("pre-training")
    assert pre is not None
    texts = {f.text: f.status for f in pre.forms}
    assert texts["pretraining"] is FormStatus.ADMITTED
    assert "pre training" not in texts  # a bound prefix is never followed by a space


def test_no_space_spelling_for_function_words() -> None:
    g = glossary_from("entries:\n  - term: on-policy\n")
    entry = g.entry("on-policy")
    assert entry is not None
    assert {f.text for f in entry.forms} == {"on-policy"}  # and "on" is no prefix joined solid


def test_word_verdicts_carry_into_generated_spellings() -> None:
    g = glossary_from(
        """
        entries:
          - term: fine-tuning
            forms: [{text: finetuning, status: deprecated, reason: hyphenation}]
          - term: supervised fine-tuning
        """
    )
    sft = g.entry("supervised-fine-tuning")
    assert sft is not None
    status = {f.text: f.status for f in sft.forms}
    assert status["supervised finetuning"] is FormStatus.DEPRECATED


def test_unknown_field_names_place() -> None:
    err = load_error("entries:\n  - term: LoRA\n    defintion: typo\n")
    assert (err.file, err.line, err.column) == ("g.yaml", 3, 5)
    assert "unknown field 'defintion'" in str(err)
    assert str(err).startswith("g.yaml:3:5: ")


def test_form_listed_twice_names_place() -> None:
    err = load_error(
        "entries:\n  - term: pretraining\n    forms:\n      - pre-training\n      - Pre-Training\n"
    )
    assert err.line == 5 and "listed twice" in err.message


def test_form_claimed_by_two_entries_names_place() -> None:
    err = load_error(
        "entries:\n  - term: warmup\n  - term: learning-rate warmup\n    forms: [warmup]\n"
    )
    assert err.line == 3 and "claimed by entry 'warmup'" in err.message


def test_see_also_to_missing_entry_names_place() -> None:
    err = load_error("entries:\n  - term: LoRA\n  - term: QLoRA\n    see_also: [DoRA]\n")
    assert err.line == 3 and "see_also names 'DoRA'" in err.message


def test_yaml_syntax_error_names_place() -> None:
    with pytest.raises(GlossaryError) as info:
        parse_glossary("entries:\n  - term: [unclosed\n", "bad.yaml")
    assert info.value.file == "bad.yaml" and info.value.line is not None
    assert "invalid YAML" in info.value.message


def test_wrong_type_and_bad_status_name_place() -> None:
    err = load_error("entries:\n  - term: LoRA\n    forms: [{text: Lora, status: wrong}]\n")
    assert err.line == 3 and "status 'wrong'" in err.message
    err = load_error("entries:\n  - term: LoRA\n    tags: {a: 1}\n")
    assert err.line == 3 and "must be" in err.message


def test_aliases_are_refused() -> None:
    text = "entries:\n  - &a {term: LoRA}\n  - *a\n"
    err = load_error(text)
    assert "aliases" in err.message


def test_duplicate_id_names_both_places() -> None:
    err = load_error("entries:\n  - term: LoRA\n  - {term: Lora2, id: lora}\n")
    assert err.line == 3 and "used twice" in err.message and "g.yaml:2" in err.message


def test_failing_self_test_names_place() -> None:
    from mlgloss.glossary.selftest import run_self_tests

    g = glossary_from(
        textwrap.dedent(
            """
            entries:
              - term: LoRA
                tests:
                  flag: ["We use LoRA."]
            """
        )
    )
    with pytest.raises(GlossaryError) as info:
        run_self_tests(g)
    assert info.value.line == 3 and "expected a flagged form" in info.value.message


def test_passing_self_tests() -> None:
    from mlgloss.glossary.selftest import self_test_failures

    g = glossary_from(
        """
        entries:
          - term: LoRA
            tests:
              flag: ["We use Lora adapters.", "LORA is cheap."]
              pass: ["We use LoRA adapters.", "Two LoRAs merged."]
        """
    )
    assert self_test_failures(g) == []


def test_a_form_that_is_the_expansion_rewritten_is_an_expansion() -> None:
    g = glossary_from(
        """
        entries:
          - term: OOD
            expansion: out-of-distribution
            forms: [out of distribution]
        """
    )
    entry = g.entry("ood")
    assert entry is not None
    kinds = {f.text: f.kind for f in entry.forms}
    assert kinds["out of distribution"] is FormKind.EXPANSION
    assert kinds["out-of-distribution"] is FormKind.EXPANSION
