"""Prose is only prose (issue 12, point 3), on the real engine and the built-in glossary.

Lists of option values, commented-out code and settings, licence headers, docstring code,
titles, references, badges and slug-form names give no finding; the writer's own prose
next to them still does ("We train a Lora adapter." is flagged in every case).
"""

from __future__ import annotations

import pytest

from mlgloss.analysis.document import DocumentKind
from rules_helpers import flagged, run

PROSE = "We train a Lora adapter."
YAML, TOML, PY, MD = (
    DocumentKind.YAML,
    DocumentKind.TOML,
    DocumentKind.PYTHON,
    DocumentKind.MARKDOWN,
)

LICENCE = (
    "# Copyright 2024 The HuggingFace Team. All rights reserved.\n"
    "#\n"
    '# Licensed under the Apache License, Version 2.0 (the "License");\n'
    "# you may not use this file except in compliance with the License.\n"
    "# Unless required by applicable law, the huggingface lora code is distributed\n"
    '# on an "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND.\n'
)

NOT_PROSE_COMMENTS = {
    "choices": "# choices: [huggingface, vllm, sglang]\nbackend: vllm\n",
    "or-list": "# full or lora\ntype: lora\n",
    "one-of": "# Adapter type, one of: lora, qlora, full\nadapter: lora\n",
    "options-pipe": "# options: lora | qlora\nadapter: lora\n",
    "comma-list": "# cuda, cpu, rocm, xpu...\ndevice: cuda\n",
    "after-colon": "# supported backends: huggingface, vllm\nbackend: vllm\n",
    "bracket-list": "# the adapter [lora, qlora] to train\nadapter: lora\n",
    "setting": "# lr: 1e-4\n# lora_r: 8\n# dataset:\n#   - huggingface\nlr: 2e-4\n",
}


@pytest.mark.parametrize("name", sorted(NOT_PROSE_COMMENTS))
@pytest.mark.parametrize("kind", [YAML, TOML, PY])
def test_comment_lists_and_settings_are_not_prose(name: str, kind: DocumentKind) -> None:
    config = NOT_PROSE_COMMENTS[name]
    if kind is not YAML:  # the same comments above a line of TOML or Python
        config = "".join(
            line if line.startswith("#") else "x = 1\n" for line in config.splitlines(True)
        )
    text = config + f"# {PROSE}\n"
    assert flagged(text, kind=kind) == ["Lora"]
    assert run(text, kind=kind)[0].start == text.index("Lora adapter")


@pytest.mark.parametrize(
    "code",
    ["# model.train(lora)", "# import lora", "# from huggingface import Lora", "# return lora"],
)
def test_commented_out_python_is_not_prose(code: str) -> None:
    assert flagged(f"{code}\nx = 1\n# {PROSE}\n", kind=PY) == ["Lora"]


@pytest.mark.parametrize("kind", [YAML, TOML, PY])
def test_a_licence_header_is_never_checked(kind: DocumentKind) -> None:
    body = "x: 1\n" if kind is YAML else "x = 1\n"
    text = LICENCE + "\n" + body + f"# {PROSE}\n"
    assert flagged(text, kind=kind) == ["Lora"]


def test_licence_text_in_markdown_and_docstrings_is_never_checked() -> None:
    md = (
        "<!--Copyright 2024 The HuggingFace Team. All rights reserved.\n\n"
        "Licensed under the Apache License, Version 2.0. Lora.\n-->\n\n"
        f"# Training\n\n{PROSE}\n\nCopyright (c) 2024 The HuggingFace Team.\n"
    )
    assert flagged(md, kind=MD) == ["Lora"]
    py = '"""Copyright 2024 The HuggingFace Team.\n\nLicensed under the MIT License.\n"""\n'
    py += f"# {PROSE}\n"
    assert flagged(py, kind=PY) == ["Lora"]


DOCSTRING = '''def train():
    """{prose}

    Example:
        model = Lora(huggingface=True)
        model.train()

    To train with it, use:

        lora.train(huggingface)

    >>> Lora()
    ... huggingface
    Lora output

    The adapter module prints as

        (lora): Lora(r=8)

    A reST literal block::

        huggingface.Lora()

    Args:
        lora (Lora): the adapter to train.

    References:
        Hu et al. Lora: Low-Rank Adaptation. 2021.
    """
'''


def test_docstring_code_examples_doctests_literals_and_references_are_masked() -> None:
    text = DOCSTRING.format(prose=PROSE)
    assert flagged(text, kind=PY) == ["Lora"]
    assert flagged(DOCSTRING.format(prose="Train it."), kind=PY) == []


def test_numpy_parameter_names_are_masked() -> None:
    text = f'def f(lora):\n    """{PROSE}\n\n    Parameters\n    ----------\n'
    text += '    lora : Lora\n        The adapter.\n    """\n'
    assert flagged(text, kind=PY) == ["Lora"]


TITLES = {
    "paper link": "Read [From Rags to Riches](https://arxiv.org/abs/2401.00001) first.",
    "post link": "See [Lora Adapters Explained](https://huggingface.co/blog/lora) too.",
    "repository link": "Try [Lora Trainer](https://github.com/someone/lora-trainer).",
    "repository name": "Start from [char-rnn](https://github.com/karpathy/char-rnn).",
    "html link": 'See <a href="https://arxiv.org/abs/1">Lora For Everyone</a>.',
    "quoted title": 'The paper "Lora Adapters for Everyone" shows it.',
    "curly quoted title": "The paper \u201cLora Adapters for Everyone\u201d shows it.",
    "italic title": "In *Lora Adapters for Everyone* we read it.",
    "badge": "[![Lora Stars](https://img.shields.io/github/stars/x/lora)](https://github.com/x/lora)",
    "star history": "[![Star History Chart](https://api.star-history.com/svg?repos=x/lora)](https://star-history.com/#x/lora)",
    "slugs": "We compare zephyr-beta-sft, mnn-llm, char-rnn, RAG-Retrieval and Token-count-cpu.",
}


@pytest.mark.parametrize("name", sorted(TITLES))
def test_titles_badges_and_slugs_get_no_finding(name: str) -> None:
    text = f"{TITLES[name]}\n\n{PROSE}\n"
    assert flagged(text, kind=MD) == ["Lora"]


def test_the_same_words_outside_titles_are_flagged() -> None:
    text = "We read about Lora here. We train an llm with sft.\n"
    assert flagged(text, kind=MD) == ["Lora", "llm", "sft"]
    # a single-word link text that names something else is the writer's own prose
    assert flagged("Found on [Huggingface](https://huggingface.co/org/model).\n") == ["Huggingface"]
    # English compounds and version numbers are not slugs
    assert flagged("It scales to multi-gpu setups and lora-based training.\n") == ["gpu", "lora"]


def test_references_and_bibtex_are_citations() -> None:
    text = (
        "# Adapters\n\n"
        f"{PROSE}\n\n"
        "## References\n\n- Hu et al. Lora adapters for the huggingface hub. 2021.\n\n"
        "## Citation\n\n@article{hu2021lora,\n  title={Lora adapters},\n}\n"
    )
    assert flagged(text, kind=MD) == ["Lora"]
    bibtex = f'"""{PROSE}\n\n@misc{{hu2021lora, title={{Lora on huggingface}}}}\n"""\n'
    assert flagged(bibtex, kind=PY) == ["Lora"]


def test_titles_and_slugs_do_not_count_toward_inconsistent() -> None:
    titled = (
        "Pre-training matters. [Pretraining at Scale](https://arxiv.org/abs/1) is a paper, and "
        'so is "Pretraining Done Right". We release pretraining-zephyr-v2. Pre-training again.\n'
    )
    assert flagged(titled, "inconsistent") == []
    # Outside titles every spelling counts; the glossary's own (pretraining) is the target.
    assert flagged("Pre-training matters. pretraining again. pre-training.\n", "inconsistent") == [
        "Pre-training",
        "pre-training",
    ]


def test_a_printed_module_in_a_docstring_is_code() -> None:
    text = f'"""{PROSE}\n\nMistral(\n  (mlp): MistralMLP(\n    (lora): Lora()\n  )\n)\n"""\n'
    assert flagged(text, kind=PY) == ["Lora"]


def test_a_list_of_values_holding_an_identifier_is_not_prose() -> None:
    values = "- `adv_estimator`: Support gae, grpo, reinforce_plus_plus and rloo.\n"
    assert flagged(values + PROSE + "\n", kind=MD) == ["Lora"]
    comment = "# backends: vllm, sglang or huggingface_hub\nx = 1\n"
    assert flagged(comment + f"# {PROSE}\n", kind=PY) == ["Lora"]
    # without an identifier in it, a list of words is prose
    assert flagged("We support lora, qlora and full fine-tuning.\n") == ["lora", "qlora"]
