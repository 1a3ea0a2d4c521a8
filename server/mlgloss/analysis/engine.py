"""The one code path that turns a document into findings, for the editor and for CI alike.

``analyze(text, kind, glossary=…, config=…)`` extracts the prose, finds glossary terms in
it, runs every enabled rule, applies inline suppressions and returns findings ordered by
position. The language server and ``mlgloss check`` both call exactly this.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from mlgloss.analysis.config.model import ProjectConfig
from mlgloss.analysis.document import MASK, DocumentKind, Extraction
from mlgloss.analysis.extract import extract
from mlgloss.analysis.findings import Finding
from mlgloss.analysis.fix_safety import with_place_safety
from mlgloss.analysis.legal_text import without_legal_fixes
from mlgloss.analysis.limits import MAX_FINDINGS_PER_RULE, capped, too_large
from mlgloss.analysis.rule_codes import UNUSED_SUPPRESSION
from mlgloss.analysis.rules.base import RuleContext
from mlgloss.analysis.rules.registry import RULES
from mlgloss.analysis.suppression import Suppressions, filter_findings, may_hold_directives
from mlgloss.analysis.term_counts import FileCounts, TermCounts, repository_scope
from mlgloss.glossary.index import Occurrence
from mlgloss.glossary.lookup import Glossary

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


def analyze_document(
    text: str,
    kind: DocumentKind,
    *,
    glossary: Glossary,
    config: ProjectConfig | None = None,
    path: str | None = None,
    repository: TermCounts | None = None,
) -> Analysis:
    """Findings and the extraction they came from (the server keeps both).

    ``repository``: the counts ``inconsistent`` compares with when its scope is the
    repository (without them it compares within the document).
    """
    if too_large(text):  # past MAX_DOCUMENT_CHARS: nothing is read, and the result says so
        return Analysis((), Extraction(prose=MASK * len(text)), truncated=True, too_large=True)
    extraction = extract(text, kind)
    occurrences, words = glossary.index.find_with_words(extraction.prose)
    return run_rules(text, kind, extraction, occurrences, glossary, config, path, words, repository)


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
) -> Analysis:
    """The rules and suppressions over an extraction and the glossary terms found in it.

    ``words``: the prose's distinct words as the term index split it, if it did (see
    :meth:`TermIndex.find_with_words`).
    """
    config = config or ProjectConfig()
    counting = repository_scope(config)
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
    findings: list[Finding] = []
    enabled = [rule for rule in RULES if config.is_enabled(rule.code)]
    capped_rule = False
    for rule in enabled:
        found = list(capped(rule.check(context)))
        capped_rule = capped_rule or len(found) >= MAX_FINDINGS_PER_RULE
        findings.extend(found)
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    if may_hold_directives(text, extraction.comments):  # else there is nothing to filter
        suppressions = Suppressions.parse(text, extraction.comments)
        active = {rule.code for rule in enabled}
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
    findings = without_legal_fixes(text, findings)  # never an edit in a copyright line
    findings = with_place_safety(text, kind, extraction, findings)  # config values, headings
    findings.sort(key=lambda f: (f.start, f.end, f.rule))
    if extraction.cells:
        findings = [_with_cell(f, extraction) for f in findings]
    truncated = capped_rule or len(findings) > MAX_FINDINGS_PER_FILE
    detection = context.config_tool if kind.is_config else None
    return Analysis(
        tuple(findings[:MAX_FINDINGS_PER_FILE]),
        extraction,
        truncated=truncated,
        occurrences=tuple(occurrences),
        config_tool=detection.tool.id if detection is not None else None,
        term_counts=file_counts(context) if counting else None,
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

    if too_large(text) or not repository_scope(config):
        return EMPTY
    extraction = extract(text, kind)
    occurrences, words = glossary.index.find_with_words(extraction.prose)
    context = RuleContext(
        text, kind, extraction, occurrences, glossary, config, path, words, counts_spellings=True
    )
    return file_counts(context)


def file_counts(context: RuleContext) -> FileCounts:
    from mlgloss.analysis.repository_scope import file_counts as counts

    return counts(context)


def _with_cell(finding: Finding, extraction: Extraction) -> Finding:
    cell = extraction.cell_at(finding.start)
    return replace(finding, cell=cell.index) if cell else finding
