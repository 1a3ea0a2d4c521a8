"""A compound's hyphen by its place: hyphenated as a modifier before its noun, open as a noun.

Style guides (Chicago, AP) hyphenate a compound before the noun it modifies
("instruction-following datasets", "state-of-the-art results") and leave the noun itself
open ("chat templates, instruction following", "the state of the art"). So two spellings
that differ only by hyphens against spaces (:func:`hyphen_twins`) are no inconsistency when
each is in its own place. ``inconsistent`` tells the places apart by the word after a use
(:func:`before_noun`): a word that can be a noun makes the use a modifier; an article, a
verb such as "is", a preposition, a conjunction, punctuation, a table's bar or the end of
a line leaves it a noun. A name's hyphen (a case-sensitive entry: "Llama-2" against "Llama
2") is its owner's, whatever its place: names are not judged by it.
"""

from __future__ import annotations

import re

from mlgloss.glossary.model import CaseRule
from mlgloss.glossary.occurrence import Occurrence

_NEXT_WORD = re.compile(r" ([A-Za-z][\w-]*)")
_NOT_NOUNS = frozenset(
    re.split(
        r"\s+",
        """a an the and or nor but if of in on at to by for from with without into onto as is
        are was were be been being do does did has have had can could may might must shall
        should will would not no so than then that this these those there here it its we you
        they them their which who when where while how very more most less also""",
    )
)


def before_noun(prose: str, end: int) -> bool:
    """Whether the word right after ``prose[:end]`` (one space on) can be a noun."""
    following = _NEXT_WORD.match(prose, end)
    return following is not None and following.group(1).lower() not in _NOT_NOUNS


def hyphen_twins(open_key: str, hyphenated_key: str) -> bool:
    """Whether ``hyphenated_key`` is ``open_key`` with hyphens for its spaces."""
    return (
        "-" not in open_key
        and "-" in hyphenated_key
        and hyphenated_key.replace("-", " ").casefold() == open_key.casefold()
    )


def attributive(prose: str, occurrence: Occurrence) -> bool:
    """A use of a hyphenated spelling before its noun ("instruction-following models")."""
    return "-" in occurrence.form.text and before_noun(prose, occurrence.end)


def in_its_place(
    prose: str, occurrence: Occurrence, key: str, target: str, hyphen_nouns: bool
) -> bool:
    """Whether a use spelt ``key`` is in its own place beside its twin ``target``, so not to
    be flagged: a hyphenated modifier before its noun where the target is the same words
    open; or the open noun where the target is the same words hyphenated and none of the
    target's uses is a noun (``hyphen_nouns`` False: they are all modifiers, no evidence of
    how the writer spells the noun). An open use before a noun ("instruction following
    datasets") stays flagged towards the hyphenated modifier. An open plural that opens with
    a number ("(default 4 bits)" beside "4-bit") is a quantity, a noun: "4-bits" is no
    spelling of it."""
    if occurrence.entry.case is CaseRule.SENSITIVE:
        return False  # a name
    if hyphen_twins(target, key):
        return attributive(prose, occurrence)
    if hyphen_twins(key, target):
        if occurrence.plural and occurrence.surface[:1].isdigit():
            return True
        return not hyphen_nouns and not before_noun(prose, occurrence.end)
    return False
