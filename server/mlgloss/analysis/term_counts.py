"""How often a repository writes each admitted spelling of a term: the workspace index.

One file's counts (:class:`FileCounts`) come from the uses the ``inconsistent`` rule itself
counts (its exclusions included: quotations, link text, spellings set side by side), so
both scopes agree on what a use is, and how many of a hyphenated spelling's uses are a
modifier before its noun (:func:`mlgloss.analysis.compound_position.attributive`): a
repository that hyphenates a compound only there says nothing of how it spells the noun.
Each use is also filed under its line (the line's text, whitespace-normalised, as a digest):
a line repeated verbatim, in one file or many (the "Happy finetuning! 🚀" closing 16
example READMEs, one note pasted into 29 pages), is one writing decision, and the
repository's totals count its uses once (:class:`TermCounts`).
:class:`TermCounts` holds one repository's files and
keeps the totals up to date as files are set, replaced or removed: an edited file costs
its own counts, never a new reading of the repository. :class:`Repositories` maps each file
to its repository (the nearest directory holding ``.git``, else its configuration's root)
and holds one :class:`TermCounts` each.

Both front ends build the index from the engine's results: ``mlgloss check`` in a first
pass (workers return each file's counts), the server as files are opened, edited, saved.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mlgloss.analysis.config.keys import SCOPES

if TYPE_CHECKING:
    from mlgloss.analysis.config.model import ProjectConfig
    from mlgloss.glossary.occurrence import Occurrence

RULE = "inconsistent"
HOUSE_MIN_FILES = 2
HOUSE_MIN_USES = 3
HOUSE_MARGIN = 2


def clear_lead(uses: int, others: int) -> bool:
    """Whether a spelling written ``uses`` times leads the ``others`` by a house spelling's
    margin: :data:`HOUSE_MIN_USES` times or more and :data:`HOUSE_MARGIN` times as often as
    all of them together. The one test of a document's house spelling, a repository's, and
    a safe ``inconsistent`` fix ("finetuning" 5 times against one "fine-tuning")."""
    return uses >= max(HOUSE_MIN_USES, HOUSE_MARGIN * others)


def repository_scope(config: ProjectConfig) -> bool:
    """Whether ``inconsistent`` compares spellings across the repository for this file."""
    setting = config.rule(RULE)
    return setting.enabled and (setting.scope or SCOPES[0]) == "repository"


def counts_spellings(config: ProjectConfig) -> bool:
    """Whether ``inconsistent`` reads the repository's counts for this file: in repository
    scope to compare every use with them, in document scope to follow the repository's
    spelling of a term the document writes several ways (:meth:`TermCounts.aim`)."""
    return config.rule(RULE).enabled


def reads_counts(root: str, config: ProjectConfig) -> bool:
    """Whether a file whose repository root is ``root`` follows its counts: always in
    repository scope; in document scope only inside a repository (a file under no ``.git``
    and no configuration is judged alone: files that merely sit together have no house
    spelling)."""
    return bool(root) or repository_scope(config)


LineUses = Mapping[int, tuple[int, int]]  # line digest -> (uses, attributive uses) on it


def line_digest(text: str) -> int:
    """A line's identity across files and processes: its whitespace-normalised text, hashed
    (``hash()`` differs between the check command's worker processes)."""
    normal = " ".join(text.split())
    data = normal.encode("utf-8", "surrogatepass")  # a text read with surrogateescape
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")


@dataclass(frozen=True, slots=True)
class FileCounts:
    """One file's uses of each term that has two admitted spellings or more."""

    uses: Mapping[str, Mapping[str, int]]  # entry id -> spelling key -> uses
    preferred: Mapping[str, str]  # entry id -> key of the glossary's preferred spelling
    names: frozenset[str] = frozenset()  # entry ids of names (case-sensitive entries)
    # entry id -> spelling key -> the lines holding its uses: what the repository counts. A
    # line written twice in the file is listed once, with the uses of one copy (the most).
    lines: Mapping[str, Mapping[str, LineUses]] = field(default_factory=dict)
    # entry id -> spelling as written (white space made single spaces) -> uses, for every
    # name (case-sensitive entry) the file writes, and the (entry id, spelling) pairs of
    # those that are flagged spellings: whether "Llama2" is the repository's own spelling
    # of a name (:meth:`TermCounts.house_name_spelling`).
    name_spellings: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    flagged_names: frozenset[tuple[str, str]] = frozenset()

    @staticmethod
    def of(
        groups: Mapping[str, Mapping[str, list[Occurrence]]],
        preferred: Mapping[str, str],
        line_of: Callable[[Occurrence], tuple[int, int]],
        names: Iterable[str] = (),
        modifier: Callable[[Occurrence], bool] | None = None,
    ) -> FileCounts:
        """The counts of ``groups`` (entry id -> spelling key -> uses); ``line_of`` gives
        a use's line (its start offset, :func:`line_digest`), ``modifier`` tells the uses
        that are a modifier before a noun."""
        uses = {
            entry_id: {key: len(found) for key, found in spellings.items() if found}
            for entry_id, spellings in groups.items()
        }
        uses = {entry_id: keys for entry_id, keys in uses.items() if keys}
        lines: dict[str, dict[str, LineUses]] = {}
        for entry_id, spellings in groups.items():
            for key, found in spellings.items():
                if found:
                    lines.setdefault(entry_id, {})[key] = _by_line(found, modifier, line_of)
        return FileCounts(
            uses,
            {e: preferred[e] for e in uses if e in preferred},
            frozenset(e for e in names if e in uses),
            lines,
        )

    def __bool__(self) -> bool:
        return bool(self.uses) or bool(self.name_spellings)


def _by_line(
    found: list[Occurrence],
    modifier: Callable[[Occurrence], bool] | None,
    line_of: Callable[[Occurrence], tuple[int, int]],
) -> dict[int, tuple[int, int]]:
    """Line digest -> (uses, attributive uses) of one spelling in one file; a line written
    several times counts as its fullest copy."""
    copies: dict[tuple[int, int], list[int]] = {}  # (line start, digest) -> [uses, attributive]
    for occurrence in found:
        tally = copies.setdefault(line_of(occurrence), [0, 0])
        tally[0] += 1
        tally[1] += 1 if modifier is not None and modifier(occurrence) else 0
    out: dict[int, tuple[int, int]] = {}
    for (_, digest), (n_uses, n_attributive) in copies.items():
        shared = _shared_tally(n_uses, n_attributive)
        out[digest] = max(out.get(digest, shared), shared)
    return out


_TALLIES: dict[tuple[int, int], tuple[int, int]] = {}


def _shared_tally(uses: int, attributive: int) -> tuple[int, int]:
    """One tuple for each small (uses, attributive uses) pair: most lines of a file hold
    one or two uses, and a file's line tables are kept while it is open."""
    key = (uses, attributive)
    if uses > 8:
        return key
    return _TALLIES.setdefault(key, key)


EMPTY = FileCounts({}, {})


def _add_names(
    totals: dict[str, dict[str, list[int]]],
    spellings: Mapping[str, Mapping[str, int]],
    sign: int,
) -> None:
    """Add (``sign`` 1) or take out (-1) one file's name spellings: uses, and one file."""
    for entry_id, by_spelling in spellings.items():
        entry_totals = totals.setdefault(entry_id, {})
        for spelling, uses in by_spelling.items():
            tally = entry_totals.setdefault(spelling, [0, 0])
            tally[0] += sign * uses
            tally[1] += sign
            if tally[1] <= 0:
                del entry_totals[spelling]
        if not entry_totals:
            del totals[entry_id]


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

    A house spelling against the glossary must be a habit, not a page's: written
    :data:`HOUSE_MIN_USES` times or more, in :data:`HOUSE_MIN_FILES` files or more, and at
    least :data:`HOUSE_MARGIN` times as often as all the other spellings together
    ("multiturn" 5 times in one tutorial, "post training" 3 times against 2
    "post-training", or "behaviour" twice against one "behavior" settles nothing).
    Otherwise each document judges the term as in document scope.
    """

    best = _most_written(spellings, preferred)
    if best == preferred:
        return best, True
    if name:
        return None
    chosen = spellings[best]
    others = sum(s.uses for k, s in spellings.items() if k != best)
    if chosen.files < HOUSE_MIN_FILES or not clear_lead(chosen.uses, others):
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


@dataclass(slots=True)
class _Tally:
    """One spelling's repository total, over distinct lines."""

    uses: int = 0
    attributive: int = 0
    shared: int = 0  # distinct lines held by several files
    solo: dict[str, int] = field(default_factory=dict)  # file -> its lines no other file holds

    def count(self, holders: Mapping[str, tuple[int, int]], sign: int) -> None:
        """Add (``sign`` 1) or take away (-1) one line, held by ``holders`` (file -> the
        spelling's uses and attributive uses on its copy): once, as its fullest copy."""
        if not holders:
            return
        uses, attributive = max(holders.values())
        self.uses += sign * uses
        self.attributive += sign * attributive
        if len(holders) > 1:
            self.shared += sign
            return
        (path,) = holders
        left = self.solo.get(path, 0) + sign
        if left:
            self.solo[path] = left
        else:
            del self.solo[path]

    def copy(self) -> _Tally:
        return _Tally(self.uses, self.attributive, self.shared, dict(self.solo))

    def spelling(self) -> Spelling:
        return Spelling(self.uses, len(self.solo) + self.shared, self.attributive)


class TermCounts:
    """The counts of one repository, per file and in total; safe to share between threads.

    The totals count lines, not files: a line of text (whitespace-normalised) the
    repository writes several times, in one file or many, counts its uses once, as its
    fullest copy; a spelling's ``files`` are the files where it is on a line no other file
    holds, plus one for each line several files hold. So 32 example READMEs closing on
    "Happy finetuning!" write "finetuning" once, in 1 file. To keep this up to date as
    files change, each line's holders are kept (a multiset: file -> its copy's uses): an
    edited file moves only its own lines in or out."""

    def __init__(self) -> None:
        self._files: dict[str, FileCounts] = {}
        # entry -> key -> line digest -> file -> (uses, attributive uses) on its copy
        self._holders: dict[str, dict[str, dict[int, dict[str, tuple[int, int]]]]] = {}
        self._totals: dict[str, dict[str, _Tally]] = {}  # entry -> key -> total
        self._preferred: dict[str, str] = {}
        self._names: set[str] = set()
        # entry id -> a name's spelling -> [uses, files]: FileCounts.name_spellings summed
        self._name_totals: dict[str, dict[str, list[int]]] = {}
        self._flagged_names: dict[str, set[str]] = {}  # entry id -> spellings flagged
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._files)

    def __getstate__(self) -> dict[str, object]:
        # Sent to spawned workers: not the lock, and the files alone (the totals are
        # rebuilt from them, cheaper than pickling every line's holders).
        return {"files": self._files, "preferred": self._preferred, "names": self._names}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__()  # type: ignore[misc]
        files: dict[str, FileCounts] = state["files"]  # type: ignore[assignment]
        for path, counts in files.items():
            self._files[path] = counts
            self._move(path, None, counts)
        self._preferred = state["preferred"]  # type: ignore[assignment]
        self._names = state["names"]  # type: ignore[assignment]

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
            self._move(path, old, counts or None)
            if counts:
                self._preferred.update(counts.preferred)
                self._names.update(counts.names)
            return True

    def _move(self, path: str, old: FileCounts | None, new: FileCounts | None) -> None:
        """Replace one file's lines in the totals (the lock held)."""
        if old is not None:
            _add_names(self._name_totals, old.name_spellings, -1)
        if new is not None:
            _add_names(self._name_totals, new.name_spellings, 1)
            for entry_id, spelling in new.flagged_names:
                self._flagged_names.setdefault(entry_id, set()).add(spelling)
        before = old.lines if old is not None else {}
        after = new.lines if new is not None else {}
        for entry_id in before.keys() | after.keys():
            totals = self._totals.setdefault(entry_id, {})
            self._moved(entry_id, path, before.get(entry_id, {}), after.get(entry_id, {}), totals)
            if not totals:
                del self._totals[entry_id]
                self._holders.pop(entry_id, None)

    def _moved(
        self,
        entry_id: str,
        path: str,
        before: Mapping[str, LineUses],
        after: Mapping[str, LineUses],
        totals: dict[str, _Tally],
        commit: bool = True,
    ) -> None:
        """One entry's ``totals`` with the file at ``path`` holding the lines ``after``
        instead of ``before``; with ``commit``, the lines' holders updated too."""
        held = self._holders.setdefault(entry_id, {}) if commit else self._holders.get(entry_id, {})
        for key in before.keys() | after.keys():
            lines_before, lines_after = before.get(key, {}), after.get(key, {})
            if lines_before == lines_after:
                continue
            tally = totals.get(key)
            if tally is None:
                tally = totals[key] = _Tally()
            by_line = held.setdefault(key, {}) if commit else held.get(key, {})
            for line in lines_before.keys() | lines_after.keys():
                holders = by_line.get(line, {})
                tally.count(holders, -1)
                changed = {p: n for p, n in holders.items() if p != path}
                if line in lines_after:
                    changed[path] = lines_after[line]
                tally.count(changed, 1)
                if commit:
                    if changed:
                        by_line[line] = changed
                    else:
                        by_line.pop(line, None)
            if commit and not by_line:
                del held[key]
            if not tally.solo and not tally.shared:
                del totals[key]

    def spellings(
        self, entry_id: str, path: str | None = None, current: FileCounts | None = None
    ) -> dict[str, Spelling]:
        """The repository's spellings of one entry, with the file at ``path`` counted as
        ``current`` (what it holds now) instead of as last recorded."""
        with self._lock:
            totals = self._totals.get(entry_id, {})
            before: Mapping[str, LineUses] = {}
            after: Mapping[str, LineUses] = {}
            if path is not None or current is not None:
                old = self._files.get(path) if path is not None else None
                before = old.lines.get(entry_id, {}) if old is not None else {}
                after = current.lines.get(entry_id, {}) if current is not None else {}
            if before != after:  # counted as it is now: on copies of the totals
                totals = {key: tally.copy() for key, tally in totals.items()}
                self._moved(entry_id, path or "", before, after, totals, commit=False)
            return {key: tally.spelling() for key, tally in totals.items()}

    def house_name_spelling(
        self,
        entry_id: str,
        spelling: str,
        path: str | None = None,
        current: FileCounts | None = None,
    ) -> bool:
        """Whether the repository writes a name ``spelling`` as its own (torchtune's
        "Llama2", 40 times and "Llama 2" never): in :data:`HOUSE_MIN_FILES` files or more,
        at a clear lead (:func:`clear_lead`) over the glossary's spellings of the name
        together (other flagged ones, axolotl's "huggingface" beside its "HuggingFace",
        are no vote for the glossary's); the file at ``path`` counted as ``current``."""
        with self._lock:
            found = self._name_totals.get(entry_id, {})
            totals = {key: list(tally) for key, tally in found.items()}
            old = self._files.get(path) if path is not None else None
            flagged = set(self._flagged_names.get(entry_id, ()))
        if current is not None:
            flagged.update(key for e, key in current.flagged_names if e == entry_id)
        if old is not None:
            _add_names({entry_id: totals}, {entry_id: old.name_spellings.get(entry_id, {})}, -1)
        if current is not None:
            _add_names({entry_id: totals}, {entry_id: current.name_spellings.get(entry_id, {})}, 1)
        uses, files = totals.get(spelling, (0, 0))
        admitted = sum(tally[0] for key, tally in totals.items() if key not in flagged)
        return files >= HOUSE_MIN_FILES and clear_lead(uses, admitted)

    def house_names(self, entry_ids: Iterable[str]) -> frozenset[tuple[str, str]]:
        """The flagged spellings of these names that the repository writes as its own."""
        with self._lock:
            pairs = [(e, key) for e in entry_ids for key in self._flagged_names.get(e, ())]
        return frozenset(pair for pair in pairs if self.house_name_spelling(*pair))

    def name_entries(self, path: str) -> frozenset[str]:
        """The names the file at ``path`` writes, as last recorded."""
        with self._lock:
            found = self._files.get(path)
        return frozenset(found.name_spellings) if found is not None else frozenset()

    def writes_house_names(self, counts: FileCounts) -> bool:
        """Whether a file writes a flagged spelling of a name that is its repository's own
        (:meth:`house_name_spelling`): a fix of it is then the writer's call."""
        return any(self.house_name_spelling(e, spelling) for e, spelling in counts.flagged_names)

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

    def aim(
        self,
        entry_id: str,
        preferred: str | None,
        name: bool,
        path: str | None = None,
        current: FileCounts | None = None,
    ) -> str | None:
        """The spelling key the repository's files follow for one entry (its target, or
        unsettled, the spelling it leans on), with the file at ``path`` counted as
        ``current``; None where it writes the entry one way or settles nothing."""
        spellings = self.spellings(entry_id, path, current)
        if len(spellings) < 2:
            return None
        settled = target(spellings, preferred, name)
        return settled[0] if settled is not None else leaning(spellings, preferred, name)

    def changes_document_findings(self, counts: FileCounts) -> bool:
        """Whether the repository's counts can change a file's findings in document scope:
        it writes several spellings of a term whose repository spelling is not the
        glossary's (else the document alone decides, as without the counts)."""
        for entry_id, keys in counts.uses.items():
            if len(keys) > 1:
                preferred = counts.preferred.get(entry_id)
                aim = self.aim(entry_id, preferred, entry_id in counts.names)
                if aim is not None and aim != preferred:
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
        # Roots the server reads a slice at a time, between documents (document scope).
        self.pending: set[str] = set()

    def __getstate__(self) -> dict[str, object]:  # sent to spawned workers: not the lock
        return {"by_root": self._by_root, "git": self._git}

    def __setstate__(self, state: dict[str, object]) -> None:
        self._by_root = state["by_root"]  # type: ignore[assignment]
        self._git = state["git"]  # type: ignore[assignment]
        self._lock = threading.Lock()
        self.scanned = set()
        self.pending = set()

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
                self.pending.clear()
            else:
                for root in roots:
                    self._by_root.pop(root, None)
                    self.scanned.discard(root)
                    self.pending.discard(root)
