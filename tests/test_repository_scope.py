"""``inconsistent`` in repository scope through the real engine: each file's counts from
``count_spellings``, gathered in a ``TermCounts``, then one document analysed against them."""

from __future__ import annotations

import pickle
from types import MappingProxyType

from mlgloss.analysis.config.model import ProjectConfig, RuleSetting
from mlgloss.analysis.document import DocumentKind
from mlgloss.analysis.engine import analyze_document, count_spellings
from mlgloss.analysis.term_counts import Spelling, TermCounts
from rules_helpers import builtin

CONFIG = ProjectConfig(rules=MappingProxyType({"inconsistent": RuleSetting(scope="repository")}))
MD = DocumentKind.MARKDOWN


def _counts(files: dict[str, str]) -> TermCounts:
    counts = TermCounts()
    for path, text in files.items():
        found = count_spellings(text, MD, glossary=builtin(), config=CONFIG, path=path)
        counts.set_file(path, found)
    return counts


def _flagged(files: dict[str, str], path: str) -> list[tuple[str, str]]:
    """(flagged text, message) of each ``inconsistent`` finding in ``path``."""
    text = files[path]
    analysis = analyze_document(
        text, MD, glossary=builtin(), config=CONFIG, path=path, repository=_counts(files)
    )
    found = [f for f in analysis.findings if f.rule == "inconsistent"]
    return [(text[f.start : f.end], f.message) for f in found]


# Adapted from smol-course: the repository hyphenates the compound only before its noun.
MODIFIERS = {
    "README.md": "| Unit | Topics |\n| --- | --- |\n"
    "| 1 | Supervised fine-tuning, chat templates, instruction following |\n",
    "a.md": "We build instruction-following datasets.\n",
    "b.md": "The model gains instruction-following capabilities.\n",
    "c.md": "An instruction-following assistant answers.\n",
}


def test_an_open_noun_is_not_flagged_where_the_repository_hyphenates_only_modifiers() -> None:
    assert _flagged(MODIFIERS, "README.md") == []


def test_an_open_noun_is_flagged_where_the_repository_hyphenates_the_noun() -> None:
    files = {**MODIFIERS, "d.md": "Instruction-following is the goal.\n"}
    ((text, message),) = _flagged(files, "README.md")
    assert text == "instruction following"
    assert "writes 'instruction-following' 4 times in 4 files" in message


def test_an_open_modifier_before_its_noun_is_still_flagged() -> None:
    files = {**MODIFIERS, "d.md": "We release instruction following datasets.\n"}
    ((text, message),) = _flagged(files, "d.md")
    assert text == "instruction following"
    assert "writes 'instruction-following' 3 times in 3 files" in message


def test_the_attributive_counts_survive_pickling_and_file_updates() -> None:
    counts = _counts({**MODIFIERS, "d.md": "Instruction-following is the goal.\n"})
    spelling = counts.spellings("instruction-following")["instruction-following"]
    assert (spelling.uses, spelling.files, spelling.attributive) == (4, 4, 3)
    again = pickle.loads(pickle.dumps(counts))  # as sent to the check command's workers
    assert again.spellings("instruction-following") == counts.spellings("instruction-following")
    found = count_spellings("Plain text.\n", MD, glossary=builtin(), config=CONFIG, path="d.md")
    counts.set_file("d.md", found)
    spelling = counts.spellings("instruction-following")["instruction-following"]
    assert (spelling.uses, spelling.files, spelling.attributive) == (3, 3, 3)


def test_a_slug_is_a_name_neither_counted_nor_flagged() -> None:
    files = {
        "evaluation.md": "# Evaluation\n\n## Using lm-evaluation-harness\n\nRun it.\n",
        "a.md": "We evaluate with the lm evaluation harness.\n",
        "b.md": "The lm evaluation harness reports accuracy.\n",
    }
    assert _flagged(files, "evaluation.md") == []
    # Not counted either: three slugs against one open use settle nothing.
    files = {
        "a.md": "Install lm-evaluation-harness first. Then run lm-evaluation-harness.\n",
        "b.md": "We forked lm-evaluation-harness.\n",
        "c.md": "The lm evaluation harness reports accuracy.\n",
    }
    assert _flagged(files, "c.md") == []
    assert list(_counts(files).spellings("lm-evaluation-harness")) == ["lm evaluation harness"]


def test_an_english_compound_of_three_words_is_prose_not_a_slug() -> None:
    files = {
        "a.md": "We train a text-to-text model and a text-to-text baseline.\n",
        "b.md": "Use text-to-text here.\n",
        "c.md": "A text to text model answers.\n",
    }
    ((text, _),) = _flagged(files, "c.md")
    assert text == "text to text"


# Adapted from axolotl: example READMEs pasted from one template, each closing on the same
# line, against a spelling three files write in sentences of their own.
TEMPLATED = {
    **{
        f"examples/m{i}/README.md": f"# Model {i}\n\nThis trains model {i} on one GPU.\n\n"
        "Happy  finetuning!\n"  # whitespace aside, the same line
        if i % 2
        else f"# Model {i}\n\nThis trains model {i} on one GPU.\n\nHappy finetuning!\n"
        for i in range(5)
    },
    "a.md": "We start fine-tuning the model.\n",
    "b.md": "Fine-tuning takes an hour.\n",
    "c.md": "Our fine-tuning recipe is short. It beats finetuning from scratch.\n",
}
ENTRY = "fine-tuning"


def _totals(counts: TermCounts) -> dict[str, tuple[int, int]]:
    return {k: (s.uses, s.files) for k, s in counts.spellings(ENTRY).items()}


def test_a_line_repeated_in_many_files_counts_once() -> None:
    # The five copies of "Happy finetuning!" are one use, in one file: with c.md's own use
    # that is 2 against 3 independent "fine-tuning", which the template no longer outvotes.
    assert _totals(_counts(TEMPLATED)) == {"finetuning": (2, 2), "fine-tuning": (3, 3)}
    assert _flagged(TEMPLATED, "a.md") == []
    assert _flagged(TEMPLATED, "b.md") == []
    for path in ("c.md", "examples/m0/README.md", "examples/m1/README.md"):
        ((text, message),) = _flagged(TEMPLATED, path)
        assert text == "finetuning"
        assert "this repository writes 'fine-tuning' 3 times in 3 files" in message


def test_a_line_repeated_within_one_file_counts_once() -> None:
    files = {"a.md": "Happy finetuning!\n\nText.\n\nHappy finetuning!\n", "b.md": "No term.\n"}
    assert _totals(_counts(files)) == {"finetuning": (1, 1)}  # written twice, counted once
    files["b.md"] = "We start fine-tuning.\n"
    assert _totals(_counts(files)) == {"finetuning": (1, 1), "fine-tuning": (1, 1)}


def test_removing_or_editing_a_templated_file_updates_the_totals() -> None:
    counts = _counts(TEMPLATED)
    files = dict(TEMPLATED)

    def count(path: str, text: str) -> None:
        files[path] = text
        counts.set_file(path, count_spellings(text, MD, glossary=builtin(), config=CONFIG))

    # Removing copies: the line still counts once while two files or more hold it; with
    # one holder left it is that file's own line (1 use, 1 file).
    for i in range(4):
        counts.set_file(f"examples/m{i}/README.md", None)
        del files[f"examples/m{i}/README.md"]
        assert _totals(counts) == {"finetuning": (2, 2), "fine-tuning": (3, 3)}
    assert _totals(counts) == _totals(_counts(files))
    # Editing a copy so its line is its own: a second line, in a file of its own.
    count("examples/m0/README.md", "# Model 0\n\nHappy finetuning, all!\n")
    assert _totals(counts) == {"finetuning": (3, 3), "fine-tuning": (3, 3)}
    # Editing it back into a copy of the template: the line counts once again.
    count("examples/m0/README.md", "# Model 0\n\nHappy finetuning!\n")
    assert _totals(counts) == {"finetuning": (2, 2), "fine-tuning": (3, 3)}
    # A file's spellings counted as it is now, without recording it, agree with recording.
    edited = "Happy finetuning!\n\nWe love finetuning.\n"
    now = count_spellings(edited, MD, glossary=builtin(), config=CONFIG)
    assert counts.spellings(ENTRY, "b.md", now) == {
        "finetuning": Spelling(3, 3),
        "fine-tuning": Spelling(2, 2, 1),
    }
    count("b.md", edited)
    assert counts.spellings(ENTRY) == counts.spellings(ENTRY, "b.md", now)
    assert _totals(counts) == _totals(_counts(files))
    # The check command's workers receive the counts pickled: the totals are rebuilt.
    again = pickle.loads(pickle.dumps(counts))
    assert again.spellings(ENTRY) == counts.spellings(ENTRY)
