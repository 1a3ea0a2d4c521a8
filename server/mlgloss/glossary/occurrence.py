"""An occurrence of a glossary form in a text: where it is, and which entry and form it is.

A large document holds one occurrence every 70 characters or so, and the engine keeps them
all while its rules run, so an occurrence is small: its start, and one tuple shared by
every occurrence of the same spelling of the same form (the entry, the form, the surface
as written, and how it was made plural). Its end is where its surface ends. That is 48
bytes and one integer per occurrence, where a dataclass of seven fields took 88 and two.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeAlias

from mlgloss.glossary.model import Entry, Form

Spelling: TypeAlias = tuple[Entry, Form, str, bool, str | None]
"""What an occurrence is: (entry, form, surface, plural, plural kind), shared."""


class Occurrence:
    """A match of a form at ``start`` (code-point offsets into the searched text).

    ``surface`` is the text as written (it may span a line break); ``plural`` tells a
    match made with a plural suffix ("LoRAs", "embeddings"), and ``plural_kind`` how
    ("s", "es" or "ies"). Immutable, compared and hashed by value.
    """

    __slots__ = ("spelling", "start")

    start: int
    spelling: Spelling

    def __init__(
        self,
        start: int,
        end: int,
        entry: Entry,
        form: Form,
        surface: str,
        plural: bool = False,
        plural_kind: str | None = None,
    ) -> None:
        if end != start + len(surface):
            raise ValueError(f"an occurrence of {surface!r} at {start} cannot end at {end}")
        _set_start(self, start)
        _set_spelling(self, (entry, form, surface, plural, plural_kind))

    @property
    def end(self) -> int:
        return self.start + len(self.spelling[2])

    @property
    def entry(self) -> Entry:
        return self.spelling[0]

    @property
    def form(self) -> Form:
        """The glossary form this text is (its status says preferred, admitted...)."""
        return self.spelling[1]

    @property
    def surface(self) -> str:
        return self.spelling[2]

    @property
    def plural(self) -> bool:
        return self.spelling[3]

    @property
    def plural_kind(self) -> str | None:
        return self.spelling[4]

    def with_plural(self, singular: str) -> str:
        """``singular`` (a replacement form) made plural the way this occurrence was."""
        kind = self.spelling[4]
        if kind is None:
            return singular
        if kind == "ies" and singular.endswith("y"):
            return singular[:-1] + "ies"
        if kind == "es":
            return singular + "es"
        return singular + "s"

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"an Occurrence is immutable: cannot set {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Occurrence:
            return NotImplemented
        assert isinstance(other, Occurrence)
        return self.start == other.start and self.spelling == other.spelling

    def __hash__(self) -> int:
        return hash((self.start, self.spelling))

    def __repr__(self) -> str:
        entry, form, surface, plural, kind = self.spelling
        return (
            f"Occurrence(start={self.start}, end={self.end}, entry={entry.id!r}, "
            f"form={form.text!r}, surface={surface!r}, plural={plural}, plural_kind={kind!r})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (Occurrence, (self.start, self.end, *self.spelling))


# The slots' own setters: __setattr__ refuses every assignment after construction.
_set_start: Any = vars(Occurrence)["start"].__set__
_set_spelling: Any = vars(Occurrence)["spelling"].__set__
_new = object.__new__


def occurrence_of(start: int, spelling: Spelling) -> Occurrence:
    """``Occurrence(start, ...)`` of a spelling already made, for the many a search makes:
    the spelling is shared, not copied, and no argument is checked."""
    occurrence: Occurrence = _new(Occurrence)
    _set_start(occurrence, start)
    _set_spelling(occurrence, spelling)
    return occurrence


def shifted(occurrences: Iterable[Occurrence], delta: int) -> list[Occurrence]:
    """Copies of ``occurrences`` moved by ``delta`` code points (text inserted or deleted
    before them)."""
    return [occurrence_of(o.start + delta, o.spelling) for o in occurrences]
