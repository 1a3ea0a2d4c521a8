"""The one code path that turns a document into findings, for the editor and for CI alike.

``analyze(text, kind, glossary=…, config=…)`` extracts the prose, finds glossary terms in
it, runs every enabled rule, applies inline suppressions and returns findings ordered by
position. The language server and ``mlgloss check`` both call exactly this.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from mlgloss.analysis.config.model import ProjectConfig
from mlgloss.analysis.document import MASK, DocumentKind, Extraction
from mlgloss.analysis.extract import extract
from mlgloss.analysis.findings import Finding
from mlgloss.analysis.fix_safety import with_place_safety
from mlgloss.analysis.legal_text import (
    header_openings,
    may_hold_legal_text,
    without_legal_fixes,
)
from mlgloss.analysis.limits import MAX_FINDINGS_PER_RULE, capped, too_large
from mlgloss.analysis.rule_codes import UNUSED_SUPPRESSION
from mlgloss.analysis.rules.base import RuleContext
from mlgloss.analysis.rules.registry import RULES
from mlgloss.analysis.suppression import Suppressions, filter_findings, may_hold_directives
from mlgloss.analysis.term_counts import FileCounts, TermCounts, counts_spellings
from mlgloss.glossary.lookup import Glossary
from mlgloss.glossary.occurrence import Occurrence

INCONSISTENT = "inconsistent"
VARIANT = "variant"

MAX_FINDINGS_PER_FILE = 1000
"""Past this many findings a file is reported as far as here: a limit on noise and memory."""


@dataclass(frozen=True, slots=True)
class Analysis:
    findings: tuple[Finding, ...]
    extraction: Extraction
    truncated: bool = False
    occurrences: tuple[Occurrence, ...] = ()  # the glossary terms found in the prose
    too_large: bool = False  # past MAX_DOCUMENT_CHARS: nothing was read (front ends: "not checked")
    config_tool: str | None = None  # id of the tool that reads a config file, if detected
    # inconsistent in repository scope: this document's uses of each spelling, for the index
    term_counts: FileCounts | None = None
    # with prepare=True: what with_repository needs (kept in the process, never sent)
    prepared: Prepared | None = field(default=None, compare=False, repr=False)


def analyze_document(
    text: str,
    kind: DocumentKind,
    *,
    glossary: Glossary,
    config: ProjectConfig | None = None,
    path: str | None = None,
    repository: TermCounts | None = None,
    prepare: bool = False,
) -> Analysis:
    """Findings and the extraction they came from (the server keeps both).

    ``repository``: the counts ``inconsistent`` compares with when its scope is the
    repository (without them it compares within the document).
    """
    if too_large(text):  # past MAX_DOCUMENT_CHARS: nothing is read, and the result says so
        return Analysis((), Extraction(prose=MASK * len(text)), truncated=True, too_large=True)
    extraction = extract(text, kind)
    occurrences, words = glossary.index.find_with_words(extraction.prose)
    return run_rules(
        text, kind, extraction, occurrences, glossary, config, path, words, repository, prepare
    )


def run_rules(
    text: str,
    kind: DocumentKind,
    extraction: Extraction,
    occurrences: list[Occurrence],
    glossary: Glossary,
    config: ProjectConfig | None = None,
    path: str | None = None,
    words: set[str] | None = None,
    repository: TermCounts | None = None,
    prepare: bool = False,
) -> Analysis:
    """The rules and suppressions over an extraction and the glossary terms found in it.

    ``words``: a set holding the prose's distinct words as the term index split it (see
    :meth:`TermIndex.find_with_words`) or as ``\\w+`` tokens, and maybe more (see
    :attr:`RuleContext.words`); None when not known. ``prepare``: keep what
    :func:`with_repository` needs in the result (``Analysis.prepared``).
    """
    config = config or ProjectConfig()
    counting = counts_spellings(config)
    context = RuleContext(
        text,
        kind,
        extraction,
        occurrences,
        glossary,
        config,
        path,
        words,
        repository=repository if counting else None,
        counts_spellings=counting,
    )
    enabled = [rule for rule in RULES if config.is_enabled(rule.code)]
    legal = FixPlaces(text, kind, extraction)
    raw = {rule.code: legal.apply(list(capped(rule.check(context)))) for rule in enabled}
    analysis = _finish(context, raw, legal)
    if prepare:
        return replace(analysis, prepared=Prepared(context, raw, legal))
    return analysis


class FixPlaces:
    """:func:`without_legal_fixes` then :func:`with_place_safety` for one document, findings
    given a rule at a time (both judge each finding alone); whether the text holds legal
    wording at all is read once, on the first fix."""

    def __init__(self, text: str, kind: DocumentKind, extraction: Extraction) -> None:
        self.text = text
        self.kind = kind
        self.extraction = extraction
        self.maybe_legal: bool | None = None
        self.openings: list[int] = []  # header_openings, found once when maybe_legal

    def apply(self, findings: list[Finding]) -> list[Finding]:
        if not any(f.fixes for f in findings):
            return findings
        if self.maybe_legal is None:
            self.maybe_legal = may_hold_legal_text(self.text)
            if self.maybe_legal:
                self.openings = header_openings(self.text)
        if self.maybe_legal:
            findings = without_legal_fixes(self.text, findings, self.openings)
        return with_place_safety(self.text, self.kind, self.extraction, findings)


_READ_THE_REPOSITORY = frozenset({INCONSISTENT, VARIANT})


@dataclass(slots=True)
class Prepared:
    """A document's rule context and each rule's findings before suppressions: enough to
    compare its spellings with a repository's counts again without extracting it again
    (``mlgloss check``'s second pass in repository scope, :func:`with_repository`)."""

    context: RuleContext
    raw: dict[str, list[Finding]]  # rule code -> its findings, in rule order
    legal: FixPlaces


def with_repository(prepared: Prepared, repository: TermCounts) -> Analysis:
    """The analysis again, the rules that read the repository's counts (``inconsistent``,
    and ``variant`` for the safety of respacing a name the repository writes its own way)
    now reading ``repository``; the other rules' findings are those already found."""
    context = prepared.context
    context.repository = repository if context.counts_spellings else None
    raw = dict(prepared.raw)
    for rule in RULES:
        if rule.code in _READ_THE_REPOSITORY and rule.code in raw:
            raw[rule.code] = prepared.legal.apply(list(capped(rule.check(context))))
    return _finish(context, raw, prepared.legal)


def _finish(context: RuleContext, raw: dict[str, list[Finding]], legal: FixPlaces) -> Analysis:
    """Suppressions, limits and order over the rules' findings (each rule's already
    without fixes in legal text): the analysis."""
    text, kind, extraction, config = context.text, context.kind, context.extraction, context.config
    findings = [f for found in raw.values() for f in found]
    capped_rule = any(len(found) >= MAX_FINDINGS_PER_RULE for found in raw.values())
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    if may_hold_directives(text, extraction.comments):  # else there is nothing to filter
        suppressions = Suppressions.parse(text, extraction.comments)
        active = set(raw)
        if config.is_enabled(UNUSED_SUPPRESSION):
            active.add(UNUSED_SUPPRESSION)
        findings = filter_findings(findings, suppressions, active_rules=active)
    if not config.is_enabled(UNUSED_SUPPRESSION):
        findings = [f for f in findings if f.rule != UNUSED_SUPPRESSION]
    else:
        configured = config.rule(UNUSED_SUPPRESSION).severity
        if configured is not None:
            findings = [
                replace(f, severity=configured) if f.rule == UNUSED_SUPPRESSION else f
                for f in findings
            ]
    # Never an edit in a copyright line, nor a safe one in a config value or a heading
    # anchor: the rules' findings were filtered as they came (FixPlaces).
    unused = legal.apply([f for f in findings if f.rule == UNUSED_SUPPRESSION])
    if unused:
        findings = [f for f in findings if f.rule != UNUSED_SUPPRESSION] + unused
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    if extraction.cells:
        findings = [_with_cell(f, extraction) for f in findings]
    truncated = capped_rule or len(findings) > MAX_FINDINGS_PER_FILE
    detection = context.config_tool if kind.is_config else None
    return Analysis(
        tuple(findings[:MAX_FINDINGS_PER_FILE]),
        extraction,
        truncated=truncated,
        occurrences=tuple(context.occurrences),
        config_tool=detection.tool.id if detection is not None else None,
        term_counts=context.file_counts if context.counts_spellings else None,
    )


def analyze(
    text: str,
    kind: DocumentKind,
    *,
    glossary: Glossary,
    config: ProjectConfig | None = None,
    path: str | None = None,
) -> list[Finding]:
    """The findings for one document's text."""
    return list(analyze_document(text, kind, glossary=glossary, config=config, path=path).findings)


def count_spellings(
    text: str,
    kind: DocumentKind,
    *,
    glossary: Glossary,
    config: ProjectConfig,
    path: str | None = None,
) -> FileCounts:
    """Only a document's counts for its repository's index: no rule runs."""
    from mlgloss.analysis.term_counts import EMPTY

    if too_large(text) or not counts_spellings(config):
        return EMPTY
    extraction = extract(text, kind)
    occurrences, words = glossary.index.find_with_words(extraction.prose)
    context = RuleContext(
        text, kind, extraction, occurrences, glossary, config, path, words, counts_spellings=True
    )
    return context.file_counts


def _with_cell(finding: Finding, extraction: Extraction) -> Finding:
    cell = extraction.cell_at(finding.start)
    return replace(finding, cell=cell.index) if cell else finding
