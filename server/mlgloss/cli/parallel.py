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

from mlgloss.cli.checker import CheckOptions, Task, check_file, check_files, init_worker
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
    # Only when there is a pool to run:
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    context = _context()
    inherited = session if context.get_start_method() == "fork" else None
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=init_worker, initargs=(options, inherited)
    ) as pool:
        runs = [tasks[run] for run in chunks(tasks, jobs)]
        futures = [pool.submit(check_files, run) for run in runs]
        sizes = {future: len(run) for future, run in zip(futures, runs, strict=True)}
        pending, done = set(futures), 0
        while pending:  # count results as they come, in any order, for the progress line
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            done += sum(sizes[future] for future in finished)
            if progress is not None:
                progress.update(done)
        if progress is not None:
            progress.close()
        for future in futures:
            yield from future.result()


CHUNK_MIN_BYTES = 32 * 1024
"""The least work sent to a worker at once: each message costs the parent ~0.25 ms."""

CHUNK_MAX_BYTES = 512 * 1024
"""The most, so that the progress line moves on large runs."""

FILE_COST_BYTES = 1024
"""A file's fixed cost (reading it, setting up its analysis), counted as this many bytes."""


def chunks(tasks: Sequence[Task], jobs: int) -> list[slice]:
    """Consecutive runs of tasks for the workers, largest first (guided self-scheduling).

    Each run holds about 1/(2 x jobs) of the work still to hand out, by bytes, so the early
    runs are few and large (little messaging) and the last ones small: a worker that
    finishes early takes the next one, and all finish within a small run of each other.
    """
    weights = [task.size + FILE_COST_BYTES for task in tasks]
    remaining = sum(weights)
    runs: list[slice] = []
    start = 0
    while start < len(tasks):
        target = min(max(remaining / (2 * jobs), CHUNK_MIN_BYTES), CHUNK_MAX_BYTES)
        end, taken = start, 0
        while end < len(tasks) and (end == start or taken + weights[end] <= target):
            taken += weights[end]
            end += 1
        runs.append(slice(start, end))
        remaining -= taken
        start = end
    return runs


def _counted(results: Iterator[FileResult], progress: Progress | None) -> Iterator[FileResult]:
    for done, result in enumerate(results, 1):
        if progress is not None:
            progress.update(done)
        yield result
    if progress is not None:
        progress.close()
