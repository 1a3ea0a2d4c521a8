"""Term discovery: words the glossary does not know that a repository writes several ways.

Three kinds of variation are looked for, among the words of the writer's own prose (the
engine's extraction, so code, URLs, front matter and config values are already masked):

* **compound**: one word written solid, hyphenated or open ("dataloader", "data-loader",
  "data loader");
* **casing**: a name written with different capitals ("DeepSpeed", "Deepspeed"); a capital
  that only starts a word (a sentence start, a Title Case heading) is not a casing;
* **spelling**: British and American spellings ("optimise" and "optimize", "modelling" and
  "modeling", "behaviour" and "behavior").

Never counted: the glossary's own terms (the ``inconsistent`` rule's), words in quoted
text, titles and link text (:meth:`RuleContext.in_quotation` with ``link_text``), code-
annotation markers ("TODO", "FIXME") and identifiers (a word touching ``_``, ``.``, ``/``,
``@``, ``(`` or masked code). An open
spelling is counted only where both words are ordinary prose: never with a function word
("any one", "in to") nor a particle that makes it a phrasal verb ("set up" beside "setup",
"warm up" beside "warmup": verb and noun, not two spellings).

Never proposed either, whatever prose writes it: a spelling the repository also writes as
code (:class:`CodeWords`: code blocks, inline code, Python outside its docstrings and
comments, config keys and values, URLs, HTML attributes, command lines). "wandb" beside
"WandB", "sdpa" beside "SDPA" is the package, the config value or the variable, not a
second spelling of the name; an open or hyphenated spelling in code is a string (a prompt,
a flag: "best quality", "close-up"). A solid compound in code is kept: "timestep" the
variable and "timestep" the word are one spelling against "time step". A word whose
casings include a class name of the code ("DataLoader", "AutoModel" as the start of
"AutoModelForCausalLM") is the class against the concept: dropped whole.

Two passes: :meth:`Discovery.scan` collects the solid and hyphenated words of every file
(cheap), then :meth:`Discovery.count` counts, with the exclusions, the spellings of the
words that could vary. Candidates are ranked by the number of files that write the word,
then by uses.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from mlgloss.analysis.config.model import ProjectConfig
from mlgloss.analysis.document import MASK, DocumentKind
from mlgloss.analysis.extract import extract
from mlgloss.analysis.phrasal_verbs import PARTICLES, verb_use
from mlgloss.analysis.rules.base import RuleContext
from mlgloss.glossary.lookup import Glossary

_WORD = re.compile(r"[A-Za-z][a-z]*(?:[A-Z][a-z]*)*(?:-[A-Za-z][A-Za-z]*)*(?![A-Za-z0-9])")
_BEFORE_IDENTIFIER = frozenset("._/@#$\\`'=0123456789" + MASK)
_AFTER_IDENTIFIER = frozenset("_(@`=0123456789" + MASK)

FUNCTION_WORDS = frozenset(
    re.split(
        r"\s+",
        """a an the and or nor but if of in on at to by for from with without into onto upon
        as is are was were be been being am do does did has have had can could may might must
        shall should will would not no yes so than then that this these those there here it
        its we you he she they them us our your their his her my me i one any every some each
        all what which who whom whose when where why how very more most less least per
        via""".strip(),
    )
)

# British -> American endings, tried longest first; both spellings must occur to count.
_BRITISH = (
    ("isations", "izations"),
    ("isation", "ization"),
    ("ising", "izing"),
    ("ised", "ized"),
    ("ises", "izes"),
    ("ise", "ize"),
    ("ysing", "yzing"),
    ("ysed", "yzed"),
    ("yse", "yze"),
    ("elling", "eling"),
    ("elled", "eled"),
    ("ours", "ors"),
    ("our", "or"),
    ("tres", "ters"),
    ("tre", "ter"),
)
_MIN_SPELLING_LETTERS = 6  # "four"/"for", "rise"/"rize": short words are not such pairs
# Markers of a note to the developers in comments: never a term of the project.
CASING_MIN_FILES = 3  # a casing in one or two files is a page's ("BOS"/"bos" in one docstring)
# Prefixes written before a hyphen ("multi-step", "pre-requisites"), beside English words.
PREFIXES = frozenset(
    re.split(r"\s+", "multi pre post non un mis anti bi tri inter intra sub super semi co re")
)
MARKERS = frozenset(("todo", "todos", "fixme", "xxx", "tbd"))
_CODE_TOKEN = re.compile(r"[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*")
_CODE_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_HUMP = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
_CAMEL = re.compile(r"[a-z][A-Z]")
_COMMENT = re.compile(r"(?:^|(?<=\s))#[^\n]*")  # a comment in a code block is prose


def american(word: str) -> str | None:
    """The American spelling a British word would have, if its ending is one of them."""
    if len(word) < _MIN_SPELLING_LETTERS:
        return None
    for british, us in _BRITISH:
        if word.endswith(british):
            return word[: -len(british)] + us
    return None


def _fold_initial(word: str) -> str:
    """A word with a capital that only starts it, in lower case ("Deepspeed" -> itself,
    "Dataloader" -> "dataloader"): the capital of a sentence start or a heading."""
    if word[:1].isupper() and word[1:] == word[1:].lower():
        return word.lower()
    return word


def _code_segments(text: str, prose: str) -> Iterator[str]:
    """The runs of the document that extraction masked (code, keys, values, URLs)."""
    for run in re.finditer(MASK + "+", prose):
        yield _COMMENT.sub("", text[run.start() : run.end()])


class CodeWords:
    """What a repository writes as code: its whole tokens ("wandb", "no-cfg"; never the
    parts of "eos_token"), the class names among them and the words before each inner
    capital of those (lower-cased: "automodel" of "AutoModelForCausalLM"), and the open
    pairs ("best quality") of the compounds looked for."""

    def __init__(self) -> None:
        self.tokens: set[str] = set()
        self.lowered: set[str] = set()
        self.classes: set[str] = set()
        self.open_pairs: set[str] = set()

    def add(self, text: str, prose: str) -> None:
        for segment in _code_segments(text, prose):
            for token in _CODE_TOKEN.findall(segment):
                if not _CODE_WORD.fullmatch(token) or token in self.tokens:
                    continue
                self.tokens.add(token)
                self.lowered.add(token.lower())
                if _CAMEL.search(token):
                    humps = _HUMP.findall(token)
                    for n in range(1, len(humps) + 1):
                        self.classes.add("".join(humps[:n]).lower())

    def add_pairs(self, text: str, prose: str, wanted: set[str]) -> None:
        """The open pairs of code whose joined word is in ``wanted``."""
        for segment in _code_segments(text, prose):
            words = list(re.finditer(r"[A-Za-z]+", segment))
            for a, b in itertools.pairwise(words):
                if segment[a.end() : b.start()] != " ":
                    continue
                joined = (a.group() + b.group()).lower()
                if joined in wanted:
                    self.open_pairs.add(f"{a.group().lower()} {b.group().lower()}")

    def writes(self, kind: str, spelling: str) -> bool:
        """Whether code writes this spelling of a candidate (see the module docstring)."""
        if kind == "casing":
            return spelling in self.tokens
        if kind == "compound":
            if " " in spelling:
                return spelling in self.open_pairs
            return "-" in spelling and spelling in self.lowered
        return False


@dataclass(frozen=True, slots=True)
class Located:
    """One counted use: its kind and word key, its spelling as counted, its offsets."""

    kind: str
    key: str
    text: str
    start: int
    end: int


@dataclass
class Spelling:
    text: str
    uses: int = 0
    files: set[str] = field(default_factory=set)


@dataclass
class Candidate:
    """One word the repository writes several ways."""

    kind: str  # "compound", "casing" or "spelling", or several joined by "+"
    spellings: list[Spelling]  # most used first

    @property
    def files(self) -> int:
        return len(set().union(*(s.files for s in self.spellings)))

    @property
    def uses(self) -> int:
        return sum(s.uses for s in self.spellings)


@dataclass
class _Document:
    context: RuleContext
    known: list[tuple[int, int]]  # spans of glossary terms, sorted


class Discovery:
    """The two passes over a repository's files (see the module docstring)."""

    def __init__(self) -> None:
        self.solid: Counter[str] = Counter()  # lower-cased solid words
        self.hyphenated: Counter[str] = Counter()  # lower-cased, hyphens kept
        self.named: Counter[str] = Counter()  # words with a capital inside ("DeepSpeed")
        self.open_joins: set[str] = set()  # "dataloader" for each "data loader" met
        self._spellings: dict[tuple[str, str], dict[str, Spelling]] = {}
        self._joins: set[str] | None = None
        self._american: set[str] | None = None
        self._open: set[str] | None = None
        self._located: list[Located] | None = None  # while :meth:`locate` runs
        self.code = CodeWords()

    # --- pass 1 ----------------------------------------------------------------------

    def scan(self, text: str, kind: DocumentKind) -> None:
        """Collect a document's words (no exclusions yet: they are only candidates)."""
        prose = extract(text, kind).prose
        self.code.add(text, prose)
        previous: re.Match[str] | None = None
        for match in _WORD.finditer(prose):
            word = match.group()
            lower = word.lower()
            if "-" in word:
                self.hyphenated[lower] += 1
            else:
                self.solid[lower] += 1
                if _fold_initial(word) != lower:
                    self.named[lower] += 1
                if previous is not None and _open_at(prose, previous, match):
                    self.open_joins.add(previous.group().lower() + lower)
            previous = match

    # --- pass 2 ----------------------------------------------------------------------

    def _hyphen_joins(self) -> set[str]:
        if self._joins is None:
            self._joins = {h.replace("-", "") for h in self.hyphenated}
        return self._joins

    def _open_targets(self) -> set[str]:
        """The joined words prose also writes open: the pairs worth looking for in code."""
        if self._open is None:
            joins = self._hyphen_joins()
            self._open = {w for w in self.open_joins if w in self.solid or w in joins}
        return self._open

    def _american_targets(self) -> set[str]:
        if self._american is None:
            self._american = {
                us for w in self.solid if (us := american(w)) is not None and self.solid[us]
            }
        return self._american

    def count(
        self,
        path: str,
        text: str,
        kind: DocumentKind,
        glossary: Glossary,
        config: ProjectConfig | None = None,
    ) -> None:
        """Count the spellings of the words that could vary, with every exclusion."""
        config = config or ProjectConfig()
        extraction = extract(text, kind)
        prose = extraction.prose
        occurrences = glossary.index.find(prose)
        known = sorted((o.start, o.end) for o in occurrences)
        ctx = RuleContext(text, kind, extraction, occurrences, glossary, config, path)
        doc = _Document(ctx, known)
        joins = self._hyphen_joins()
        american_targets = self._american_targets()
        self.code.add_pairs(text, prose, self._open_targets())
        previous: re.Match[str] | None = None
        for match in _WORD.finditer(prose):
            word = match.group()
            lower = word.lower()
            start, end = match.span()
            if not _prose_word(prose, match) or lower in MARKERS:
                previous = None
                continue
            if "-" in word:
                key = lower.replace("-", "")
                if verb_use(prose, start, end):
                    previous = match
                    continue
                if (key in self.solid or key in self.open_joins) and _own(doc, start, end):
                    self._add("compound", key, lower, path, start, end)
                previous = match
                continue
            camel = _fold_initial(word) != lower  # "TaskType": a class name, not a compound
            if not camel and (lower in joins or lower in self.open_joins) and _own(doc, start, end):
                self._add("compound", lower, lower, path, start, end)
            if self.named[lower] and not _quoted_alone(prose, start, end) and _own(doc, start, end):
                self._add("casing", lower, _fold_initial(word), path, start, end)
            us = american(lower)
            if us is not None and self.solid[us] and _own(doc, start, end):
                self._add("spelling", us, lower, path, start, end)
            elif lower in american_targets and _own(doc, start, end):
                self._add("spelling", lower, lower, path, start, end)
            if previous is not None and _open_at(prose, previous, match):
                joined = previous.group().lower() + lower
                both = f"{previous.group().lower()} {lower}"
                if (joined in self.solid or joined in joins) and _own(doc, previous.start(), end):
                    self._add("compound", joined, both, path, previous.start(), end)
            previous = match

    def _add(self, kind: str, key: str, text: str, path: str, start: int, end: int) -> None:
        if self._located is not None:
            self._located.append(Located(kind, key, text, start, end))
        spellings = self._spellings.setdefault((kind, key), {})
        spelling = spellings.get(text)
        if spelling is None:
            spelling = spellings[text] = Spelling(text)
        spelling.uses += 1
        spelling.files.add(path)

    def locate(
        self,
        path: str,
        text: str,
        kind: DocumentKind,
        glossary: Glossary,
        config: ProjectConfig | None = None,
    ) -> list[Located]:
        """Where one document writes the spellings :meth:`count` would count (with the same
        exclusions), without counting them: the repository's counts stay as they are."""
        kept = self._spellings
        self._spellings, self._located = {}, []
        try:
            self.count(path, text, kind, glossary, config)
            return self._located
        finally:
            self._spellings, self._located = kept, None

    # --- results ---------------------------------------------------------------------

    def candidates(
        self, glossary: Glossary, min_uses: int = 3, min_files: int = 2
    ) -> list[Candidate]:
        """The words written two ways or more, in ``min_files`` files or more (a habit of
        the repository, not of one page), most widespread first."""
        by_key: dict[str, list[tuple[str, list[Spelling]]]] = {}
        for (kind, key), spellings in self._merged_plurals().items():
            found = [s for s in spellings.values() if s.uses and not self.code.writes(kind, s.text)]
            if (
                kind == "casing"
                and key in self.code.classes
                and any(_CAMEL.search(s.text) for s in spellings.values())
            ):
                continue  # "DataLoader" the class against "dataloader" the concept
            if len(found) < 2 or not _worth_settling(kind, key, found):
                continue
            if any(glossary.lookup(s.text) is not None for s in found):
                continue  # the glossary knows the word: the inconsistent rule's
            by_key.setdefault(key, []).append((kind, found))
        out: list[Candidate] = []
        for kinds in by_key.values():
            candidate = _one_candidate(kinds)
            spread = max(min_files, CASING_MIN_FILES if candidate.kind == "casing" else 0)
            if candidate.uses >= min_uses and candidate.files >= spread:
                out.append(candidate)
        out.sort(key=lambda c: (-c.files, -c.uses, c.spellings[0].text))
        return out

    def _merged_plurals(self) -> dict[tuple[str, str], dict[str, Spelling]]:
        """ "timesteps" counted with "timestep": one word, whatever its number."""
        merged: dict[tuple[str, str], dict[str, Spelling]] = {}
        for (kind, key), spellings in self._spellings.items():
            singular = (kind, key[:-1])
            if key.endswith("s") and singular in self._spellings:
                target = merged.setdefault(singular, {})
                for text, spelling in spellings.items():
                    base = text[:-1] if text[-1:] in "sS" else text  # "GEMMS", "GEMMs"
                    into = target.setdefault(base, Spelling(base))
                    into.uses += spelling.uses
                    into.files |= spelling.files
            else:
                target = merged.setdefault((kind, key), {})
                for text, spelling in spellings.items():
                    into = target.setdefault(text, Spelling(text))
                    into.uses += spelling.uses
                    into.files |= spelling.files
        return merged


def _one_candidate(kinds: list[tuple[str, list[Spelling]]]) -> Candidate:
    """One candidate for a word varied in several ways ("dataloader", "data loader",
    "DataLoader"): one glossary entry. A spelling met in two kinds is the same uses."""
    spellings: dict[str, Spelling] = {}
    for _, found in kinds:
        for spelling in found:
            kept = spellings.get(spelling.text)
            if kept is None or spelling.uses > kept.uses:
                spellings[spelling.text] = spelling
    ordered = sorted(spellings.values(), key=lambda s: (-s.uses, -len(s.files), s.text))
    return Candidate("+".join(sorted(kind for kind, _ in kinds)), ordered)


def _worth_settling(kind: str, key: str, spellings: list[Spelling]) -> bool:
    """Whether the spellings are one word written two ways rather than two words.

    A casing of an ordinary English word is emphasis or another word ("NOT", "FAR" beside
    "far"). A compound needs a solid spelling: a hyphen against a space alone is mostly the
    one compound modifier before its noun and after it ("high-quality images", "of high
    quality"), which style guides want written both ways; and its open spelling must be two
    English words ("code base"), not a word broken in two ("mis takes").
    """
    from mlgloss.english import is_english_word

    if kind == "casing":
        return len(key) > 2 and not is_english_word(key)
    if kind == "compound":
        open_parts = [part for s in spellings if " " in s.text for part in s.text.split()]
        hyphen_parts = [part for s in spellings if "-" in s.text for part in s.text.split("-")]
        return (
            any(" " not in s.text and "-" not in s.text for s in spellings)
            and all(is_english_word(part) for part in open_parts)
            and all(is_english_word(part) or part in PREFIXES for part in hyphen_parts)
        )
    return True


def _open_pair(first: str, second: str) -> bool:
    """Whether two words may be an open spelling of one compound (no function word, no
    particle making a phrasal verb: "set up" is the verb of "setup")."""
    return (
        len(first) > 1
        and len(second) > 1
        and first not in FUNCTION_WORDS
        and second not in FUNCTION_WORDS
        and second not in PARTICLES
    )


def _open_at(prose: str, first: re.Match[str], second: re.Match[str]) -> bool:
    """Two solid words one space apart that may be an open compound."""
    a, b = first.group(), second.group()
    if "-" in a or "-" in b or prose[first.end() : second.start()] != " ":
        return False
    return _open_pair(a.lower(), b.lower())


def _quoted_alone(prose: str, start: int, end: int) -> bool:
    """A word in double quotes by itself ('Guidance scale or "cfg"'): a name or a value
    mentioned, not a casing the writer chose. (A compound in quotes, the "one-step"
    pipeline, is still the writer's spelling.)"""
    return (
        start > 0 and end < len(prose) and prose[start - 1] in '"\u201c' and prose[end] in '"\u201d'
    )


def _prose_word(prose: str, match: re.Match[str]) -> bool:
    """Not part of an identifier, a path, a version or a setting ("torch.compile",
    "foo_bar", "cfg=5.0")."""
    start, end = match.span()
    if start > 0 and prose[start - 1] in _BEFORE_IDENTIFIER:
        return False
    if end < len(prose):
        after = prose[end]
        if after in _AFTER_IDENTIFIER:
            return False
        if after in "./:-" and end + 1 < len(prose) and prose[end + 1].isalnum():
            return False  # "-" too: "Lite-nocfg-5s", a model id or version
    return not (start > 1 and prose[start - 1] == "-" and prose[start - 2].isalnum())


def _own(doc: _Document, start: int, end: int) -> bool:
    """The writer's own words: no glossary term, quotation, title or link text."""
    i = bisect.bisect_left(doc.known, (end, 0)) - 1
    if i >= 0 and doc.known[i][1] > start:
        return False  # a glossary term: the inconsistent rule's
    ctx = doc.context
    return not ctx.in_quotation(start, link_text=True)


def discover(
    documents: Iterable[tuple[str, str, DocumentKind]],
    glossary: Glossary,
    config: ProjectConfig | None = None,
) -> list[Candidate]:
    """:class:`Discovery` over ``(path, text, kind)`` documents (read twice: a sequence)."""
    discovery = Discovery()
    documents = list(documents)
    for _, text, kind in documents:
        discovery.scan(text, kind)
    for path, text, kind in documents:
        discovery.count(path, text, kind, glossary, config)
    return discovery.candidates(glossary)


def draft_glossary(
    candidates: Iterable[Candidate], limit: int | None = None, reserved: Iterable[str] = ()
) -> str:
    """A project glossary (YAML) proposing each candidate as a term, its most used spelling
    preferred and the others admitted (so ``inconsistent`` flags a mix), counts as comments."""
    lines = [
        "# Draft project glossary written by `mlgloss glossary suggest`: terms this",
        "# repository writes several ways that the glossary does not know. Keep the entries",
        "# you agree with, choose each `term` (the preferred spelling), and mark the spellings",
        "# you never want as `{text: ..., status: deprecated}`. Counts are uses and files.",
        "version: 1",
        "entries:",
    ]
    chosen = list(candidates)[:limit] if limit is not None else list(candidates)
    ids: set[str] = set(reserved)  # the glossary's ids: a project entry with one overrides it
    if not chosen:
        lines[-1] = "entries: []"
    for candidate in chosen:
        counts = ", ".join(
            f"{s.text!r} {s.uses}x in {len(s.files)} file{'s' if len(s.files) != 1 else ''}"
            for s in candidate.spellings
        )
        lines.append(f"  # {candidate.kind}: {counts}")
        first, *others = candidate.spellings
        lines.append(f"  - term: {_quote(first.text)}")
        lines.append(f"    id: {_quote(_unique_id(first.text, ids))}")
        if "casing" in candidate.kind:
            lines.append("    case: sensitive")
        else:
            lines.append("    case: insensitive")
        lines.append("    forms:")
        lines.extend(f"      - {_quote(s.text)}" for s in others)
    return "\n".join(lines) + "\n"


def _unique_id(term: str, taken: set[str]) -> str:
    """The entry id the loader would make of the term, made unique within the draft."""
    base = re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-") or "term"
    found, n = base, 2
    while found in taken:
        found, n = f"{base}-{n}", n + 1
    taken.add(found)
    return found


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def iter_spellings(candidate: Candidate) -> Iterator[str]:
    yield from (s.text for s in candidate.spellings)
