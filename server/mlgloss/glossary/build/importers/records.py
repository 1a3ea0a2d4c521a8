"""What a seed importer yields: one record per entry of the source glossary.

A record keeps the headword exactly as the source wrote it and the parts read out of it
(the name, an expansion or acronym, synonyms, a symbol, a qualifier that is not part of the
name). The glossary build merges records into entries; nothing here decides merging.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SeedRecord:
    source: str  # Source.id of the glossary it came from, e.g. "brewslm"
    headword: str  # exactly as the source writes it: "LoRA (Low-Rank Adaptation)"
    name: str  # the term itself: "LoRA"
    definition: str  # whitespace-normalised; may be "" (acronym-table rows)
    line: int  # 1-based line of the headword in the seed file
    section: str | None = None  # section header, "§07 · Parallelism", "Section 15.1 (…)"
    expansion: str | None = None  # "Low-Rank Adaptation" when name is an acronym
    acronym: str | None = None  # "SFT" for "Supervised Fine-Tuning (SFT)"
    synonyms: tuple[str, ...] = ()  # "weight" for "Parameter (weight)"
    symbol: str | None = None  # "r" for "Rank (r)", "alpha" symbols too
    qualifier: str | None = None  # "T1", "KD", "CPT view": not part of the name
    also_names: tuple[str, ...] = ()  # other concepts a slashed or "vs" headword names
