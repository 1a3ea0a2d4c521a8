"""Checking many files on all cores: a process pool whose workers each use one Session.

Results come back in the order of the tasks (sorted paths), whatever order the workers
finish in, so output is deterministic. With one job, or one file, everything runs in this
process. On Linux the workers are forked: the Session, configurations and glossaries loaded
here before the pool starts are inherited, not rebuilt or pickled.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, TextIO

from mlgloss.cli.checker import CheckOptions, Task, check_file, init_worker
from mlgloss.cli.report import FileResult

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

    from mlgloss.analysis.session import Session

PROGRESS_AFTER = 1.0
"""Seconds before the progress indicator appears (on a terminal only)."""


class Progress:
    """``checked N/M files`` on stderr, redrawn in place, once a run takes over a second."""

    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool = True) -> None:
        self.total = total
        self.stream = stream or sys.stderr
        self.enabled = enabled and self.stream.isatty()
        self.started = time.monotonic()
        self.last = 0.0
        self.shown = False

    def update(self, done: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.started < PROGRESS_AFTER or (now - self.last < 0.1 and done < self.total):
            return
        self.last = now
        self.shown = True
        self.stream.write(f"\rmlgloss: checked {done}/{self.total} files")
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()


def _context() -> BaseContext:
    """Fork where it is safe (Linux), so workers inherit what this process loaded."""
    import multiprocessing

    if sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def run_tasks(
    tasks: Sequence[Task],
    options: CheckOptions,
    jobs: int,
    progress: Progress | None = None,
    session: Session | None = None,
) -> Iterator[FileResult]:
    """One result per task, in task order.

    ``session``: this process's, already holding the configurations and glossaries the
    tasks need; used here and by forked workers (others build their own).
    """
    jobs = max(1, min(jobs, len(tasks)))
    if jobs == 1:
        init_worker(options, session)
        results: Iterator[FileResult] = map(check_file, tasks)
        yield from _counted(results, progress)
        return
    from concurrent.futures import ProcessPoolExecutor  # only when there is a pool to run

    context = _context()
    inherited = session if context.get_start_method() == "fork" else None
    chunksize = max(1, min(16, len(tasks) // (jobs * 8)))
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=init_worker, initargs=(options, inherited)
    ) as pool:
        yield from _counted(pool.map(check_file, tasks, chunksize=chunksize), progress)


def _counted(results: Iterator[FileResult], progress: Progress | None) -> Iterator[FileResult]:
    for done, result in enumerate(results, 1):
        if progress is not None:
            progress.update(done)
        yield result
    if progress is not None:
        progress.close()
