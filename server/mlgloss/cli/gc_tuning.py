"""The garbage collector during one ``mlgloss check`` run.

A run first builds long-lived state (the glossary, its index, the rules' word lists: some
hundreds of thousands of objects), then checks files, each of which leaves short-lived
garbage. The collector's default thresholds would traverse the long-lived state again and
again, and in forked workers every such pass also copies the pages it touches. So: no
collection while the state is built; then :func:`gc.freeze` moves it out of the
collector's sight (workers forked afterwards inherit that) and collection resumes with a
larger first-generation threshold. Everything is put back when the run ends, for callers
that run ``main()`` in-process.
"""

from __future__ import annotations

import gc
from types import TracebackType

YOUNG_THRESHOLD = 10_000
"""Allocations between first-generation collections while files are checked (default 700)."""


class RunCollector:
    """``with RunCollector() as collector: …load…; collector.loaded(); …check…``."""

    def __enter__(self) -> RunCollector:
        self._enabled = gc.isenabled()
        self._threshold = gc.get_threshold()
        self._frozen = False
        self._may_unfreeze = gc.get_freeze_count() == 0  # nobody else froze anything
        gc.disable()
        return self

    def loaded(self) -> None:
        """The long-lived state is built: freeze it and collect the rest as it comes."""
        if not self._frozen:
            gc.freeze()
            self._frozen = True
        young, *older = self._threshold
        gc.set_threshold(max(young, YOUNG_THRESHOLD), *older)
        if self._enabled:
            gc.enable()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        gc.set_threshold(*self._threshold)
        if self._frozen and self._may_unfreeze:
            gc.unfreeze()
        if self._enabled:
            gc.enable()
        else:
            gc.disable()
