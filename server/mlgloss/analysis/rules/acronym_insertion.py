"""How an acronym's expansion is written into the sentence that uses the acronym, if at all.

"an SFT step" becomes "a Supervised Fine-Tuning (SFT) step": the article before it changes
with the first word it now stands before. Words beside the acronym that the expansion
already holds are taken into the edit when they are its first words ("4-bit NF4" → "4-bit
Normal Float (NF4)"); anywhere else they would be said twice ("MoE experts", "GPTQ quantized"),
and no insertion reads right. Nor does one in a possessive ("DPO's loss"), in a compound
("SFT-trained", "RAG-Retrieval", "FSDP+QLoRA"), inside parentheses ("(like RLHF or DPO)" would nest
them: "(like RLHF or Direct Preference Optimization (DPO))"), or in a sentence written in a
language without Latin letters. Where no insertion reads right there is no fix: the finding
stays.
"""

from __future__ import annotations

import re

from mlgloss.analysis.findings import TextEdit
from mlgloss.glossary.occurrence import Occurrence

# Letter names that start with a vowel sound: "an F1 score", "an LLM", "an SFT step".
_AN_LETTERS = frozenset("AEFHILMNORSX")
_A_PREFIXES = ("uni", "use", "usu", "uti", "ure", "eu", "one", "once", "ubiq")
_AN_PREFIXES = ("hour", "honest", "honor", "honour", "heir")
# "an SFT", "an **SFT**": the article, and what stands between it and the acronym.
_ARTICLE_BEFORE = re.compile(r"(?:^|(?<=[\s(\"'*_\[\u201c]))(an?|An?|AN?)([^\S\n]+[*_]*)$")
_WORDS_BEFORE = re.compile(r"((?:[^\W_][\w'-]*[^\S\n]+){1,4})$")
_WORD_AFTER = re.compile(r"[^\S\n]+([^\W_][\w-]*)")
_WORD_BEFORE = re.compile(r"([^\W_][\w-]*)[^\S\n]+$")
_POSSESSIVE = re.compile(r"['\u2019]s(?!\w)")
_STOP_WORDS = frozenset(
    [
        "with",
        "from",
        "into",
        "that",
        "this",
        "than",
        "then",
        "them",
        "they",
        "their",
        "there",
        "these",
        "those",
        "over",
        "under",
        "onto",
        "upon",
        "when",
        "where",
        "which",
        "while",
        "also",
        "only",
        "such",
        "each",
    ]
)
_JOINERS = ("-", "/", "+")  # what glues an acronym into a compound: "non-RLHF", "FSDP+QLoRA"
_LOOK_BACK = 120
_MIN_STEM = 6  # letters two forms of one word share: "quantiz", "expert"
_WINDOW = 200  # code points either side that say which language a sentence is in


def indefinite_article(phrase: str) -> str:
    """``a`` or ``an`` for ``phrase``, by the sound of its first word."""
    word = re.match(r"[\w-]*", phrase.lstrip("\"'*_([\u201c"))
    first = word.group() if word else ""
    if not first:
        return "a"
    letters = re.match(r"[^\W\d_]+", first)
    head = letters.group() if letters else ""
    if first[0].isdigit():
        digits = re.match(r"\d+", first)
        number = digits.group() if digits else first
        # "an 8-bit", "an 11B", "an 18-layer": said as "eight", "eleven", "eighteen".
        spoken_an = number[0] == "8" or (len(number) % 3 == 2 and number[:2] in ("11", "18"))
        return "an" if spoken_an else "a"
    if len(head) == 1 or (len(head) > 1 and head.isupper()):
        return "an" if head[0].upper() in _AN_LETTERS else "a"  # read letter by letter
    lower = head.lower()
    if lower.startswith(_AN_PREFIXES):
        return "an"
    if lower.startswith(_A_PREFIXES):
        return "a"
    return "an" if lower[0] in "aeiou" else "a"


def _letters(word: str) -> str:
    return "".join(c for c in word.lower() if c.isalpha() or c.isdigit())


def same_stem(a: str, b: str) -> bool:
    """Whether two words are one word in two forms: "expert"/"experts",
    "quantized"/"quantization", "optimized"/"optimization"; not "adapter"/"adaptation"
    (a thing and a method: "the Low-Rank Adaptation (LoRA) adapter" reads right)."""
    a, b = _letters(a), _letters(b)
    if not a or not b:
        return False
    if a.rstrip("s") == b.rstrip("s"):
        return True
    if min(len(a), len(b)) < 4 or a in _STOP_WORDS or b in _STOP_WORDS:
        return False
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= max(_MIN_STEM, min(len(a), len(b)) - 3)


def _content_words(expansion: str) -> list[str]:
    words = [w for w in re.split(r"\s+", expansion) if w]
    return [w for w in words if len(_letters(w)) >= 4 and _letters(w) not in _STOP_WORDS]


def in_non_latin_sentence(prose: str, start: int, end: int) -> bool:
    """Whether the line around ``start:end`` is written in a script without Latin letters
    (Chinese, Japanese, Korean, Cyrillic, …): an English expansion does not belong in it."""
    line_start = prose.rfind("\n", 0, start) + 1
    line_end = prose.find("\n", end)
    left = max(line_start, start - _WINDOW)
    right = min(len(prose) if line_end == -1 else line_end, end + _WINDOW)
    latin = other = 0
    for c in prose[left:start] + prose[end:right]:
        if not c.isalpha():
            continue
        if c.isascii() or "\u00c0" <= c <= "\u024f":
            latin += 1
            continue
        if "\u2e80" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af" or "\uf900" <= c <= "\ufaff":
            return True  # CJK ideographs, kana, Hangul: even a few settle it
        other += 1
    return other > latin


def expansion_edit(
    occurrence: Occurrence, expansion: str, prose: str, sentence_start: bool
) -> TextEdit | None:
    """The edit that writes ``expansion (ACRONYM)`` in place of the acronym, with the article
    and the words around it made to fit; None where no insertion reads right.

    ``sentence_start``: whether the acronym starts a sentence (the expansion is then
    capitalised, unless the edit starts earlier).
    """
    start, end = occurrence.start, occurrence.end
    before_char = prose[start - 1 : start]
    after_char = prose[end : end + 1]
    if before_char in _JOINERS or after_char in _JOINERS or after_char.isalnum():
        return None  # a compound or a name: "SFT-trained", "RAG-Retrieval", "FSDP+QLoRA"
    if _POSSESSIVE.match(prose, end) or (occurrence.plural and after_char in ("'", "\u2019")):
        return None  # "DPO's loss": "Direct Preference Optimization (DPO)'s loss" reads wrong
    if in_parentheses(prose, start):
        return None
    words = expansion.split()
    head = prose[max(0, start - _LOOK_BACK) : start]
    edit_start = start
    # Words before the acronym that are the expansion's own first words: "4-bit NF4".
    taken = 0
    run = _WORDS_BEFORE.search(head)
    if run is not None:
        before = run.group(1).split()
        for k in range(min(len(before), len(words) - 1), 0, -1):
            if [w.lower() for w in before[-k:]] == [w.lower() for w in words[:k]]:
                taken = k
                break
    if taken:
        edit_start = start - len(head) + _nth_word_from_end(head, taken)
    content = _content_words(expansion)
    beside: list[str] = []
    before_word = _WORD_BEFORE.search(prose[max(0, edit_start - _LOOK_BACK) : edit_start])
    if before_word is not None:
        beside.append(before_word.group(1))
    after_word = _WORD_AFTER.match(prose, end)
    if after_word is not None:
        beside.append(after_word.group(1))
    if any(same_stem(word, part) for word in beside for part in content):
        return None  # "MoE experts", "GPTQ quantized": the expansion would say it twice
    text = f"{expansion} ({occurrence.surface})"
    if edit_start != start:
        original = prose[edit_start:start]
        if original[:1].isupper():
            text = text[:1].upper() + text[1:]
    elif sentence_start:
        text = text[:1].upper() + text[1:]
    article = _ARTICLE_BEFORE.search(prose[max(0, edit_start - 12) : edit_start])
    if article is not None:
        written = article.group(1)
        wanted = indefinite_article(text)
        if written.lower() != wanted:
            if written[0].isupper():
                wanted = wanted[0].upper() + wanted[1:]
            if written.isupper() and len(written) > 1:
                wanted = wanted.upper()
            article_start = edit_start - (len(article.group()))
            return TextEdit(article_start, end, f"{wanted}{article.group(2)}{text}")
    return TextEdit(edit_start, end, text)


def in_parentheses(prose: str, offset: int) -> bool:
    """Whether ``offset`` lies inside parentheses opened earlier on its line."""
    depth = 0
    for c in reversed(prose[prose.rfind("\n", 0, offset) + 1 : offset]):
        if c == ")":
            depth -= 1
        elif c == "(":
            depth += 1
            if depth > 0:
                return True
    return False


def _nth_word_from_end(head: str, n: int) -> int:
    """Offset in ``head`` of the start of its ``n``-th word counted from the end."""
    positions = [m.start() for m in re.finditer(r"[^\s]+", head)]
    return positions[-n]
