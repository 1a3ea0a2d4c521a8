"""Runs a glossary's own example sentences, as prh rule files have them.

An entry's ``tests.flag`` sentences must contain a deprecated or forbidden form of the
entry; its ``tests.pass`` sentences must contain a form of the entry and no flagged one.
"""

from __future__ import annotations

from mlgloss.errors import GlossaryError
from mlgloss.glossary.lookup import Glossary
from mlgloss.glossary.model import Entry


def _failure(entry: Entry, message: str) -> GlossaryError:
    origin = entry.origin
    if origin is None:
        return GlossaryError(f"self-test of {entry.id!r} failed: {message}")
    return GlossaryError(
        f"self-test of {entry.id!r} failed: {message}", origin.file, origin.line, origin.column
    )


def self_test_failures(
    glossary: Glossary, entries: list[Entry] | None = None
) -> list[GlossaryError]:
    """Every failing self-test of ``entries`` (default: all entries), as positioned errors."""
    failures: list[GlossaryError] = []
    index = glossary.index
    for entry in entries if entries is not None else list(glossary.entries.values()):
        for sentence in entry.tests.flag:
            hits = [o for o in index.find(sentence) if o.entry.id == entry.id]
            if not any(o.form.status.flagged for o in hits):
                failures.append(_failure(entry, f"expected a flagged form in {sentence!r}"))
        for sentence in entry.tests.passing:
            hits = [o for o in index.find(sentence) if o.entry.id == entry.id]
            flagged = [o.surface for o in hits if o.form.status.flagged]
            if flagged:
                failures.append(_failure(entry, f"{flagged[0]!r} is flagged in {sentence!r}"))
            elif not hits:
                failures.append(_failure(entry, f"no form of the term found in {sentence!r}"))
    return failures


def run_self_tests(glossary: Glossary, entries: list[Entry] | None = None) -> None:
    """Raise the first failing self-test."""
    failures = self_test_failures(glossary, entries)
    if failures:
        raise failures[0]
