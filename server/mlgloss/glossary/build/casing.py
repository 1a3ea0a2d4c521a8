"""Decides how a glossary headword is written in running text.

Glossaries capitalise headwords ("Batch Size", "Catastrophic Forgetting"); prose does not.
A word keeps its capital when the seeds' own definitions write it capitalised in mid-sentence
more often than not (Chinchilla, Adam, Bradley-Terry), or when its capitals are not just the
first letter (LoRA, PyTorch, BF16); otherwise it is written in lower case.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

_TOKEN = re.compile("[^\\W_][\\w'\N{RIGHT SINGLE QUOTATION MARK}-]*")
# A dash ends a clause only when spaced ("loss — Terry"); "Bradley–Terry" is one name.
_SENTENCE_END = re.compile("[.!?:;]\\s*$|\\s[\N{EM DASH}\N{EN DASH}]\\s*$|^\\s*$")


class CasingStats:
    """Counts, per word, how often running text writes it capitalised or in lower case."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.capitalised: Counter[str] = Counter()
        self.lower: Counter[str] = Counter()
        self.texts = list(texts)
        for text in self.texts:
            for match in _TOKEN.finditer(text):
                before = text[max(0, match.start() - 3) : match.start()]
                if _SENTENCE_END.search(before) or before.endswith(("(", '"', "“", "'")):
                    continue  # a sentence or clause start tells nothing about the word
                for part in match.group().split("-"):
                    if not part or not part[0].isalpha():
                        continue
                    key = part.casefold()
                    if part[0].isupper():
                        self.capitalised[key] += 1
                    else:
                        self.lower[key] += 1

    def keeps_capital(self, word: str) -> bool:
        key = word.casefold()
        return self.capitalised[key] > self.lower[key]

    def writes_as_is(self, phrase: str) -> bool:
        """Whether running text writes ``phrase`` mid-sentence, and always with its capitals:
        "…as of 2026-06, Llama Guard 4 spans…" keeps "Llama Guard" a name."""
        pattern = re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", re.IGNORECASE)
        seen = False
        for text in self.texts:
            for match in pattern.finditer(text):
                before = text[max(0, match.start() - 3) : match.start()]
                if _SENTENCE_END.search(before) or before.endswith(("(", '"', "“", "'")):
                    continue
                if text[max(0, match.start() - 4) : match.start()].casefold() == "see ":
                    continue  # a pointer to a page title ("See Quality retained.")
                if match.group() != phrase:
                    return False
                seen = True
        return seen


def _has_inner_capital(word: str) -> bool:
    return any(c.isupper() for c in word[1:]) or any(c.isdigit() for c in word)


def running_text_form(headword: str, stats: CasingStats) -> str:
    """``headword`` as it is written mid-sentence: "Batch Size" → "batch size"."""
    if " " in headword and any(c.isupper() for c in headword) and stats.writes_as_is(headword):
        return headword
    out: list[str] = []
    for token in re.split(r"(\s+|-|/)", headword):
        if (
            not token
            or not token[0].isalpha()
            or not token[0].isupper()
            or _has_inner_capital(token)
            or stats.keeps_capital(token)
        ):
            out.append(token)
        elif len(token) > 1 and token.isupper():
            out.append(token)  # an acronym: SFT, KL
        else:
            out.append(token[0].lower() + token[1:])
    return "".join(out)


def common_noun_form(phrase: str) -> str:
    """``phrase`` with its Title-Case words in lower case: "Supervised Fine-Tuning" →
    "supervised fine-tuning"; words with other capitals or digits keep them ("GPT", "LoRA").

    Expansions are written this way (one convention for every inserted expansion); an
    expansion that is a name ("Direct Preference Optimization") is restored by curation.
    """
    out: list[str] = []
    for token in re.split(r"(\s+|-|/)", phrase):
        if token[:1].isupper() and len(token) > 1 and not _has_inner_capital(token):
            out.append(token[0].lower() + token[1:])
        else:
            out.append(token)
    return "".join(out)
