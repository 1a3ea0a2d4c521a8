"""Limits that keep the analysis core bounded on hostile input.

Measured by ``tests/hardening/test_hostile_core.py`` (numbers in ``benchmarks/FUZZ.md``).
The front ends already skip files larger than ``max_file_size`` (2 MB by default), but a
project may raise that, and the language server analyses unsaved buffers; these limits are
the core's own, so the engine stays bounded whatever the front ends decide.

``engine.analyze_document`` checks :func:`too_large` first and caps each rule with
:func:`capped`; the config extractor stops recording keys at :data:`MAX_CONFIG_KEYS` and
streams JSON tokens.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

_T = TypeVar("_T")

MAX_FINDINGS_PER_RULE = 5_000
"""How many findings one rule may produce for one document before it is stopped.

``engine.MAX_FINDINGS_PER_FILE`` (1000) caps what is *reported*, but every rule's findings
are built, sorted and filtered first: a 50 MB line dense with flagged terms builds about
two million findings (~120 s, ~2 GB). To be called in ``engine.analyze_document`` as
``findings.extend(capped(rule.check(context)))``. The cap is set above
MAX_FINDINGS_PER_FILE so that suppressions, which are applied afterwards, rarely leave the
report short; when a rule is capped the analysis should be marked ``truncated``.
"""

MAX_DOCUMENT_CHARS = 16_000_000
"""The longest text the engine analyses; past it ``analyze_document`` should report nothing
and mark the analysis ``truncated`` (or the front ends say "too large").

Capping findings per rule removes about half the cost of a dense document; the other half
is ``TermIndex.find`` building every occurrence (``inconsistent`` needs them all to count
spellings, so they cannot simply be capped). Measured on the 2-core machine: 5 MB of dense
prose ~7 s, 50 MB ~120 s and ~2 GB; shapeless or sparse 50 MB lines 5-15 s. To be called
first thing in ``engine.analyze_document``: ``if too_large(text): ...``.
"""

MAX_CONFIG_KEYS = 100_000
"""How many keys a config extractor records; past it the rest of the file is masked.

A 50 MB minified JSON file holds about two million keys. To be enforced in
``extract/config_common.py`` (``ConfigOut.key``) together with streaming the JSON tokens instead of
``list(_JSON_TOKEN.finditer(text))``, which alone costs ~3 GB for 50 MB.
"""


def too_large(text: str) -> bool:
    return len(text) > MAX_DOCUMENT_CHARS


def too_large_notice(characters: int) -> str:
    """What the front ends say of a document :func:`too_large` left unread."""
    return (
        f"too large to check: {characters:,} characters (the limit is "
        f"{MAX_DOCUMENT_CHARS:,}); not checked"
    )


def capped(items: Iterable[_T], limit: int = MAX_FINDINGS_PER_RULE) -> Iterator[_T]:
    """The first ``limit`` of ``items``, without producing the rest."""
    return islice(items, limit)
