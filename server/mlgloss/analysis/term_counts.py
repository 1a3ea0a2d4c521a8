"""How often a repository writes each admitted spelling of a term: the workspace index.

One file's counts (:class:`FileCounts`) come from the uses the ``inconsistent`` rule itself
counts (its exclusions included: quotations, link text, spellings set side by side), so
both scopes agree on what a use is, and how many of a hyphenated spelling's uses are a
modifier before its noun (:func:`mlgloss.analysis.compound_position.attributive`): a
repository that hyphenates a compound only there says nothing of how it spells the noun.
:class:`TermCounts` holds one repository's files and
keeps the totals up to date as files are set, replaced or removed: an edited file costs
its own counts, never a new reading of the repository. :class:`Repositories` maps each file
to its repository (the nearest directory holding ``.git``, else its configuration's root)
and holds one :class:`TermCounts` each.

Both front ends build the index from the engine's results: ``mlgloss check`` in a first
pass (workers return each file's counts), the server as files are opened, edited, saved.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mlgloss.analysis.config.keys import SCOPES

if TYPE_CHECKING:
    from mlgloss.analysis.config.model import ProjectConfig
    from mlgloss.glossary.index import Occurrence

RULE = "inconsistent"
HOUSE_MIN_FILES = 2
HOUSE_MARGIN = 2


def repository_scope(config: ProjectConfig) -> bool:
    """Whether ``inconsistent`` compares spellings across the repository for this file."""
    setting = config.rule(RULE)
    return setting.enabled and (setting.scope or SCOPES[0]) == "repository"


@dataclass(frozen=True, slots=True)
class FileCounts:
    """One file's uses of each term that has two admitted spellings or more."""

    uses: Mapping[str, Mapping[str, int]]  # entry id -> spelling key -> uses
    preferred: Mapping[str, str]  # entry id -> key of the glossary's preferred spelling
    names: frozenset[str] = frozenset()  # entry ids of names (case-sensitive entries)
    # entry id -> spelling key -> uses that are a modifier before a noun (none: not listed)
    attributive: Mapping[str, Mapping[str, int]] = field(default_factory=dict)

    @staticmethod
    def of(
        groups: Mapping[str, Mapping[str, list[Occurrence]]],
        preferred: Mapping[str, str],
        names: Iterable[str] = (),
        modifier: Callable[[Occurrence], bool] | None = None,
    ) -> FileCounts:
        """The counts of ``groups`` (entry id -> spelling key -> uses); ``modifier`` tells
        the uses to count as :attr:`attributive`."""
        uses = {
            entry_id: {key: len(found) for key, found in spellings.items() if found}
            for entry_id, spellings in groups.items()
        }
        uses = {entry_id: keys for entry_id, keys in uses.items() if keys}
        attributive: dict[str, dict[str, int]] = {}
        if modifier is not None:
            for entry_id, spellings in groups.items():
                for key, found in spellings.items():
                    n = sum(1 for o in found if modifier(o))
                    if n:
                        attributive.setdefault(entry_id, {})[key] = n
        return FileCounts(
            uses,
            {e: preferred[e] for e in uses if e in preferred},
            frozenset(e for e in names if e in uses),
            attributive,
        )

    def __bool__(self) -> bool:
        return bool(self.uses)


EMPTY = FileCounts({}, {})


@dataclass(frozen=True, slots=True)
class Spelling:
    """One spelling's total in a repository."""

    uses: int
    files: int
    attributive: int = 0  # of the uses, those that are a modifier before a noun


def target(
    spellings: Mapping[str, Spelling], preferred: str | None, name: bool = False
) -> tuple[str, bool] | None:
    """The spelling key the others are fixed to, and whether it is the glossary's; None
    when the repository settles nothing.

    A word's target is the spelling the repository writes most (then the one in most
    files); on a tie the glossary's preferred spelling, else the first in sorted order.
    Unlike one document, where the glossary's spelling wins whenever it is used, a
    repository that writes "speedup" 38 times and "speed-up" twice has settled its house
    style, even against the glossary. A ``name`` (a case-sensitive entry) is another
    matter: its owner spells it, and a repository's habit ("Llama-2" 17 times, "Llama 2" 9)
    is no authority over the glossary's spelling, nor the glossary over the repository's
    own product ("DeepSpeed-Chat" 68 times in DeepSpeed): a name is settled only when the
    repository writes the glossary's spelling most (or as often as any other).

    A house spelling against the glossary must be a habit, not a page's: written in
    :data:`HOUSE_MIN_FILES` files or more and at least :data:`HOUSE_MARGIN` times as often
    as all the other spellings together ("multiturn" 5 times in one tutorial, or "post
    training" 3 times against 2 "post-training", settles nothing). Otherwise each document
    judges the term as in document scope.
    """

    best = _most_written(spellings, preferred)
    if best == preferred:
        return best, True
    if name:
        return None
    chosen = spellings[best]
    others = sum(s.uses for k, s in spellings.items() if k != best)
    if chosen.files < HOUSE_MIN_FILES or chosen.uses < HOUSE_MARGIN * others:
        return None
    return best, False


def leaning(
    spellings: Mapping[str, Spelling], preferred: str | None, name: bool = False
) -> str | None:
    """For a term :func:`target` leaves unsettled, the spelling the repository writes most
    when that is not the glossary's (None for a name, whose owner spells it). A document
    that mixes spellings of such a term is fixed towards it rather than towards the
    glossary: torchtune writes "finetuning" 215 times against 121 "fine-tuning", short of
    the house margin, and a config's one "finetuning" beside its templated "# Fine-tuning
    arguments" header is no reason to overrule the repository's more usual spelling."""
    if name or len(spellings) < 2:
        return None
    best = _most_written(spellings, preferred)
    return None if best == preferred else best


def _most_written(spellings: Mapping[str, Spelling], preferred: str | None) -> str:
    """The spelling written most, then in most files; the glossary's on a tie."""

    def rank(item: tuple[str, Spelling]) -> tuple[int, int, bool, str]:
        key, spelling = item
        return (-spelling.uses, -spelling.files, key != preferred, key)

    return min(spellings.items(), key=rank)[0]


class TermCounts:
    """The counts of one repository, per file and in total; safe to share between threads."""

    def __init__(self) -> None:
        self._files: dict[str, FileCounts] = {}
        # entry -> key -> [uses, files, attributive uses]
        self._totals: dict[str, dict[str, list[int]]] = {}
        self._preferred: dict[str, str] = {}
        self._names: set[str] = set()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._files)

    def __getstate__(self) -> dict[str, object]:  # sent to spawned workers: not the lock
        return {
            "files": self._files,
            "totals": self._totals,
            "preferred": self._preferred,
            "names": self._names,
        }

    def __setstate__(self, state: dict[str, object]) -> None:
        self._files = state["files"]  # type: ignore[assignment]
        self._totals = state["totals"]  # type: ignore[assignment]
        self._preferred = state["preferred"]  # type: ignore[assignment]
        self._names = state["names"]  # type: ignore[assignment]
        self._lock = threading.Lock()

    def __contains__(self, path: object) -> bool:
        return path in self._files

    def set_file(self, path: str, counts: FileCounts | None) -> bool:
        """Record (or, with None, forget) one file's counts; True if a total changed."""
        with self._lock:
            old = self._files.pop(path, None)
            if counts:
                self._files[path] = counts
            if old == counts or (not old and not counts):
                return False
            if old:
                self._add(old, -1)
            if counts:
                self._add(counts, 1)
                self._preferred.update(counts.preferred)
                self._names.update(counts.names)
            return True

    def _add(self, counts: FileCounts, sign: int) -> None:
        for entry_id, keys in counts.uses.items():
            totals = self._totals.setdefault(entry_id, {})
            attributive = counts.attributive.get(entry_id, {})
            for key, uses in keys.items():
                total = totals.setdefault(key, [0, 0, 0])
                total[0] += sign * uses
                total[1] += sign
                total[2] += sign * attributive.get(key, 0)
                if total[1] <= 0:
                    del totals[key]
            if not totals:
                del self._totals[entry_id]

    def spellings(
        self, entry_id: str, path: str | None = None, current: FileCounts | None = None
    ) -> dict[str, Spelling]:
        """The repository's spellings of one entry, with the file at ``path`` counted as
        ``current`` (what it holds now) instead of as last recorded."""
        with self._lock:
            totals = {key: list(value) for key, value in self._totals.get(entry_id, {}).items()}
            old = self._files.get(path) if path is not None else None
        for counts, sign in ((old, -1), (current, 1)):
            if counts is None:
                continue
            attributive = counts.attributive.get(entry_id, {})
            for key, uses in counts.uses.get(entry_id, {}).items():
                total = totals.setdefault(key, [0, 0, 0])
                total[0] += sign * uses
                total[1] += sign
                total[2] += sign * attributive.get(key, 0)
        return {key: Spelling(u, f, a) for key, (u, f, a) in totals.items() if f > 0}

    def has_minority(self, counts: FileCounts) -> bool:
        """Whether a file writes some term in another spelling than the repository's."""
        for entry_id, keys in counts.uses.items():
            spellings = self.spellings(entry_id)
            if len(spellings) < 2:
                continue
            name = entry_id in counts.names
            settled = target(spellings, counts.preferred.get(entry_id), name)
            if settled is not None and any(k != settled[0] for k in keys):
                return True
        return False

    def changes_findings(self, counts: FileCounts) -> bool:
        """Whether the repository's counts can change a file's ``inconsistent`` findings
        from what one document alone gives: it writes a term otherwise than the repository
        settles it, or writes several spellings of one the repository leans on
        (:func:`leaning`)."""
        if self.has_minority(counts):
            return True
        for entry_id, keys in counts.uses.items():
            if len(keys) > 1:
                spellings = self.spellings(entry_id)
                name = entry_id in counts.names
                if leaning(spellings, counts.preferred.get(entry_id), name) is not None:
                    return True
        return False

    def files_using(self, entry_id: str) -> dict[str, FileCounts]:
        """The files that write the entry, with their counts."""
        with self._lock:
            return {p: c for p, c in self._files.items() if entry_id in c.uses}

    def paths_with_minority(self) -> list[str]:
        """The files that write a term in another spelling than the repository's, sorted."""
        with self._lock:
            files = list(self._files.items())
        return sorted(path for path, counts in files if self.has_minority(counts))

    def targets(self) -> dict[str, str]:
        """Entry id -> the repository's target key (or, unsettled, the spelling it leans
        on), for entries it writes several ways: what the findings of every file follow."""
        with self._lock:
            entries = list(self._totals)
            preferred = dict(self._preferred)
            names = set(self._names)
        out: dict[str, str] = {}
        for entry_id in entries:
            spellings = self.spellings(entry_id)
            if len(spellings) < 2:
                continue
            name = entry_id in names
            settled = target(spellings, preferred.get(entry_id), name)
            aim = (
                settled[0]
                if settled is not None
                else leaning(spellings, preferred.get(entry_id), name)
            )
            if aim is not None:
                out[entry_id] = aim
        return out


def _git_root(directory: Path, cache: dict[Path, Path | None]) -> Path | None:
    seen: list[Path] = []
    found: Path | None = None
    for d in (directory, *directory.parents):
        if d in cache:
            found = cache[d]
            break
        seen.append(d)
        if (d / ".git").exists():
            found = d
            break
    for d in seen:
        cache[d] = found
    return found


class Repositories:
    """The :class:`TermCounts` of every repository met, by root; thread-safe."""

    def __init__(self) -> None:
        self._by_root: dict[str, TermCounts] = {}
        self._git: dict[Path, Path | None] = {}
        self._lock = threading.Lock()
        self.scanned: set[str] = set()  # roots read from disk once (the server's index)

    def __getstate__(self) -> dict[str, object]:  # sent to spawned workers: not the lock
        return {"by_root": self._by_root, "git": self._git}

    def __setstate__(self, state: dict[str, object]) -> None:
        self._by_root = state["by_root"]  # type: ignore[assignment]
        self._git = state["git"]  # type: ignore[assignment]
        self._lock = threading.Lock()
        self.scanned = set()

    def root_for(self, path: str | os.PathLike[str], config: ProjectConfig) -> str:
        """A file's repository: the nearest directory above it holding ``.git``, else the
        directory of its nearest configuration file, else none ("")."""
        with self._lock:
            git = _git_root(Path(os.path.abspath(path)).parent, self._git)
        if git is not None:
            return str(git)
        return str(config.root) if config.root is not None else ""

    def counts(self, root: str) -> TermCounts:
        with self._lock:
            found = self._by_root.get(root)
            if found is None:
                found = self._by_root[root] = TermCounts()
            return found

    def get(self, root: str) -> TermCounts | None:
        with self._lock:
            return self._by_root.get(root)

    def for_file(self, path: str | os.PathLike[str], config: ProjectConfig) -> TermCounts:
        return self.counts(self.root_for(path, config))

    def roots(self) -> Iterator[str]:
        with self._lock:
            yield from list(self._by_root)

    def forget(self, roots: Iterable[str] | None = None) -> None:
        with self._lock:
            if roots is None:
                self._by_root.clear()
                self._git.clear()
                self.scanned.clear()
            else:
                for root in roots:
                    self._by_root.pop(root, None)
                    self.scanned.discard(root)
