"""Definition text as the seeds' scraping left it, made honest and readable.

Three jobs, all in the build (the seeds are never edited):

- :func:`mark_formula_gaps` shows where scraping dropped a formula, one way for every shape
  of gap: "rate ." → "rate [formula].", "penalized ()" → "penalized ([formula])",
  "where is the preferred output" → "where [formula] is the preferred output";
- :func:`clean_definition` removes what belongs to the seed's own pages, not to the term:
  pointers to its chapters ("See Neural networks.", "Covered in depth in Track 1.", "; see
  Supervised Fine-Tuning.") and scraping debris (a literal "\\n", "S{code}");
- :func:`rank_definitions` puts definitions with a gap last, so the one shown first reads
  whole.
"""

from __future__ import annotations

import re
from typing import Any

from mlgloss.glossary.model import FORMULA_GAP

# "rate ." / "with , , .": a space left before punctuation; not "...", not ".map()".
_BEFORE_PUNCTUATION = re.compile(r"(?<=[\w:,)]) (?=[,.;:](?![.\w]))")
_EMPTY_PARENS = re.compile(r"(?<= )\(\)")  # "penalized ()"; not ".map()"
_WHERE_IS = re.compile(r"\b(where|with) (?=(is|are|has)\b)")  # "where is the preferred"

_POINTER_SENTENCE = re.compile(
    r"(?:(?<=[.!?])|^)\s*(?:See [^.]*?[?!]?\.|Covered in depth in Track \d+\.)(?=\s|$)"
)
_POINTER_CLAUSE = re.compile(r";\s*(?:see [^.;]*|what Track \d+'s [^.;]*)(?=\.$)")
_DEBRIS = re.compile(r"\\n\S*\{code\}|\\n")


def mark_formula_gaps(text: str) -> str:
    """Shows where scraping dropped a formula, rather than silently closing the gap.

    The flash-card seed lost its math ("trains a low-rank update with , , ."); a visible
    placeholder is honest where closing the gap would change the sentence.
    """
    text = _BEFORE_PUNCTUATION.sub(f" {FORMULA_GAP}", text)
    text = _EMPTY_PARENS.sub(f"({FORMULA_GAP})", text)
    return _WHERE_IS.sub(rf"\1 {FORMULA_GAP} ", text)


def clean_definition(text: str) -> str:
    """``text`` without the seed's chapter pointers and scraping debris."""
    text = _DEBRIS.sub(" ", text)
    text = _POINTER_SENTENCE.sub("", text)
    text = _POINTER_CLAUSE.sub("", text)
    return re.sub(r"\s{2,}", " ", text).strip()


def has_gap(text: str) -> bool:
    return FORMULA_GAP in text


def rank_definitions(draft: dict[str, Any]) -> None:
    """Within each sense of ``draft``, definitions with a formula gap go last (stably)."""
    for sense in draft.get("senses", []):
        sense["definitions"].sort(key=lambda d: has_gap(d.get("text", "")))
