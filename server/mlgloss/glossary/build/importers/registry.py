"""The five seed glossaries as data: which file, which source, which importer.

A seed file is named ``<prefix>_<hash>.txt`` (``000_52b22c10fc9264c4.txt``); the prefix
picks the seed. Source names are the names the pages give themselves; no page states its
address, so no url is recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mlgloss.glossary.build.importers.brewslm import import_brewslm
from mlgloss.glossary.build.importers.definition_list import import_definition_list
from mlgloss.glossary.build.importers.errors import SeedFormatError
from mlgloss.glossary.build.importers.explainer import import_explainer
from mlgloss.glossary.build.importers.flashcards import import_flashcards
from mlgloss.glossary.build.importers.records import SeedRecord
from mlgloss.glossary.build.importers.textbook import import_textbook
from mlgloss.glossary.model import Source

Importer = Callable[[str, str], list[SeedRecord]]  # (text, source id) -> records


@dataclass(frozen=True, slots=True)
class Seed:
    prefix: str  # the seed file's name starts with "<prefix>_"
    source: Source
    importer: Importer

    def find(self, directory: Path) -> Path:
        """The seed's file in ``directory``; exactly one must match."""
        matches = sorted(directory.glob(f"{self.prefix}_*.txt"))
        if len(matches) != 1:
            found = ", ".join(path.name for path in matches) or "none"
            raise FileNotFoundError(
                f"expected one seed file {self.prefix}_*.txt in {directory}, found {found}"
            )
        return matches[0]

    def load(self, directory: Path) -> list[SeedRecord]:
        path = self.find(directory)
        try:
            return self.importer(path.read_text(encoding="utf-8"), self.source.id)
        except SeedFormatError as error:
            raise SeedFormatError(path.name, error.line, error.message) from error


SEEDS: tuple[Seed, ...] = (
    Seed("000", Source(id="brewslm", name="BrewSLM Academy glossary"), import_brewslm),
    Seed(
        "001",
        Source(id="posttraining-flashcards", name="Flashcards (post-training glossary deck)"),
        import_flashcards,
    ),
    Seed(
        "002",
        Source(id="textbook", name="Textbook glossary: training algorithms and techniques"),
        import_textbook,
    ),
    Seed(
        "003",
        Source(id="explainers", name="Explainers glossary: every term, in one place"),
        import_explainer,
    ),
    Seed("004", Source(id="largeforgeai", name="LargeForgeAI Glossary"), import_definition_list),
)


def import_seed_dir(path: Path | str) -> dict[str, list[SeedRecord]]:
    """Every seed's records, keyed by source id, in ``SEEDS`` order."""
    directory = Path(path)
    return {seed.source.id: seed.load(directory) for seed in SEEDS}
