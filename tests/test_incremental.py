"""Incremental re-analysis gives exactly what a full analysis gives, edit after edit."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from mlgloss.analysis.document import DocumentKind
from mlgloss.analysis.engine import Analysis, analyze_document
from mlgloss.analysis.incremental import IncrementalAnalyzer
from mlgloss.glossary.layers import load_glossary
from mlgloss.glossary.lookup import Glossary

SNIPPETS = [
    "We fine-tune with Lora adapters.",
    "```\n",
    "```python\nlora_alpha = 16\n\nmore = 1\n```\n",
    "<!-- mlgloss: disable-next-line variant -->\n",
    "<!--\n",
    "-->\n",
    "\n\n",
    "# Pre-Training With Pytorch\n",
    "Pretraining and pre-training differ.\n",
    "    indented code Lora\n",
    "> quoted Lora\n",
    "- item with QLora\n",
    "<div>\n\nHTML block Lora\n\n</div>\n",
    "---\n",
    "$$\nLora\n$$\n",
    "`",
    "DPO (Direct Preference Optimization) and GRPO.",
    "Chinchila laws",
    "x",
]


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary()


def corpus_document(shared: Path, size: int = 60_000) -> str:
    parts: list[str] = []
    for path in sorted((shared / "corpus").rglob("*.md")):
        parts.append(path.read_text(encoding="utf-8"))
        if sum(map(len, parts)) > size:
            break
    return "\n\n".join(parts)


def same(a: Analysis, b: Analysis) -> bool:
    return a.findings == b.findings and a.extraction.prose == b.extraction.prose


def test_edits_match_full_analysis(shared: Path, glossary: Glossary) -> None:
    rng = random.Random(1234)
    text = corpus_document(shared)
    analyzer = IncrementalAnalyzer()
    analyzer.analyze(text, DocumentKind.MARKDOWN, glossary=glossary)
    incremental_runs = 0
    for step in range(150):
        at = rng.randrange(len(text))
        action = rng.random()
        if action < 0.5:
            text = text[:at] + rng.choice(SNIPPETS) + text[at:]
        elif action < 0.8:
            text = text[:at] + text[at + rng.randint(1, 40) :]
        else:
            text = text[:at] + rng.choice(SNIPPETS) + text[at + rng.randint(1, 20) :]
        got = analyzer.analyze(text, DocumentKind.MARKDOWN, glossary=glossary)
        incremental_runs += analyzer.last_was_incremental
        expected = analyze_document(text, DocumentKind.MARKDOWN, glossary=glossary)
        assert got.extraction.prose == expected.extraction.prose, f"prose differs at step {step}"
        assert got.findings == expected.findings, f"findings differ at step {step}"
    assert incremental_runs > 75, "most edits should be handled incrementally"


def test_typing_character_by_character(shared: Path, glossary: Glossary) -> None:
    text = corpus_document(shared)
    middle = text.index("\n\n", len(text) // 2) + 2
    analyzer = IncrementalAnalyzer()
    analyzer.analyze(text, DocumentKind.MARKDOWN, glossary=glossary)
    typed = "We train a Lora adapter with Pytorch.\n\n```\ncode\n"
    for i in range(1, len(typed) + 1):
        current = text[:middle] + typed[:i] + text[middle:]
        got = analyzer.analyze(current, DocumentKind.MARKDOWN, glossary=glossary)
        expected = analyze_document(current, DocumentKind.MARKDOWN, glossary=glossary)
        assert same(got, expected), f"differs after typing {typed[:i]!r}"


def test_a_construct_the_edit_opens_in_a_list_item_is_followed_to_its_end(
    glossary: Glossary,
) -> None:
    # The fence opened inside the list item ends with the item; the "<!--" after it opens an
    # HTML block that runs to the end of the document, so the table far below is no table.
    # (A scan for fences alone took the new fence to run to the closing line of the code
    # block below, and the table for one.)
    filler = "".join(f"Paragraph {i} about pretraining a model.\n\n" for i in range(800))
    table = "| Model | Notes |\n| --- | --- |\n| Lora | pre-training |\n\n"
    code = "```bash\npip install peft\n```\n\n"
    text = "* We train the model\n\n" + filler + code + filler + table + filler
    analyzer = IncrementalAnalyzer()
    analyzer.analyze(text, DocumentKind.MARKDOWN, glossary=glossary)
    at = text.index("the model") + len("the model")
    edited = text[:at] + "```\n   ```\n<!--\n" + text[at:]
    got = analyzer.analyze(edited, DocumentKind.MARKDOWN, glossary=glossary)
    expected = analyze_document(edited, DocumentKind.MARKDOWN, glossary=glossary)
    assert "| --- | --- |" in expected.extraction.prose  # read as HTML, not as a table
    assert same(got, expected)
    # Closing the comment again is an edit the window can take.
    closed = edited.replace("<!--\n", "<!--\n-->\n", 1)
    got = analyzer.analyze(closed, DocumentKind.MARKDOWN, glossary=glossary)
    assert same(got, analyze_document(closed, DocumentKind.MARKDOWN, glossary=glossary))


def test_other_kinds_and_new_glossaries_are_analysed_whole(glossary: Glossary) -> None:
    analyzer = IncrementalAnalyzer()
    text = "# comment with Lora\nx = 1\n" * 2000
    analyzer.analyze(text, DocumentKind.PYTHON, glossary=glossary)
    analyzer.analyze(text + "# Pytorch\n", DocumentKind.PYTHON, glossary=glossary)
    assert not analyzer.last_was_incremental
