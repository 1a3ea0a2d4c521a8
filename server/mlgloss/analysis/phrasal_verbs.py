"""Phrasal verbs written with a hyphen: "to speed-up inference", "you can set-up your run".

A compound that ends in a particle ("speedup", "setup", "warmup", "rollout") is a noun;
the verb is open ("speed up", "set up"). A hyphenated use in a verb's place is the verb
with a stray hyphen, not a spelling of the noun: counting it as one would settle the verb
on the noun's spelling ("to warmup the model"). :func:`verb_use` tells that place by the
word before the use ("to", a modal, a subject, after at most one adverb) or the word after
it (an object: "your", "the", "it"). "The speed-up", "a set-up" and "~20% speed-up" stay
nouns, and so does "we have warm-up runs" ("have" is as often "possess" as an auxiliary:
"have set-up your" is told by its object). Used by term discovery and by ``inconsistent``,
so neither counts such a use.
"""

from __future__ import annotations

import re

PARTICLES = frozenset(
    re.split(r"\s+", "up down out off over back through away about along around in on apart aside")
)
VERB_BEFORE = frozenset(
    re.split(
        r"\s+",
        """to can could will would shall should may might must please let's lets you we i they
        not cannot""",
    )
)
VERB_OBJECTS = frozenset(
    re.split(r"\s+", "your the a an this that these those it them its our my their his her")
)
_ADVERBS = frozenset(re.split(r"\s+", "further also already even then just first easily quickly"))
_WORDS_BEFORE = re.compile(r"(?<![A-Za-z'])([A-Za-z']+)[ \t\n]+(?:([A-Za-z']+)[ \t\n]+)?$")
_WORD_AFTER = re.compile(r"[ \t\n]+([A-Za-z]+)")
_LOOK_BACK = 40  # characters: room for two words before the use


def verb_use(prose: str, start: int, end: int) -> bool:
    """Whether ``prose[start:end]``, a hyphenated word ending in a particle, is used as a
    verb (see the module docstring)."""
    word = prose[start:end]
    if "-" not in word or word.rpartition("-")[2].lower() not in PARTICLES:
        return False
    after = _WORD_AFTER.match(prose, end)
    if after is not None and after.group(1).lower() in VERB_OBJECTS:
        return True
    before = _WORDS_BEFORE.search(prose, max(0, start - _LOOK_BACK), start)
    if before is None:
        return False
    nearest = (before.group(2) or before.group(1)).lower()
    if nearest in _ADVERBS or nearest.endswith("ly"):
        if before.group(2) is None:
            return False
        nearest = before.group(1).lower()
    return nearest in VERB_BEFORE
