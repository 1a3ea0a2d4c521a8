"""``inconsistent`` in repository scope through the real engine: each file's counts from
``count_spellings``, gathered in a ``TermCounts``, then one document analysed against them."""

from __future__ import annotations

import pickle
from types import MappingProxyType

from mlgloss.analysis.config.model import ProjectConfig, RuleSetting
from mlgloss.analysis.document import DocumentKind
from mlgloss.analysis.engine import analyze_document, count_spellings
from mlgloss.analysis.term_counts import TermCounts
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
