"""``mlgloss check`` when ``inconsistent`` compares spellings across the repository.

Two passes over the checked files. The first checks every file as usual (without writing
fixes) and each worker returns, with the file's findings, its counts of each spelling
(:class:`~mlgloss.analysis.term_counts.FileCounts`); the parent adds them up per repository.
The second checks again, with those totals, only the files that write some term otherwise
than their repository (or every file, when fixes are written or shown): a file that writes
each term the repository's way has no ``inconsistent`` finding in either scope, so its
first-pass result stands. The engine decides everything; this module only schedules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from mlgloss.analysis.session import Session
from mlgloss.analysis.term_counts import Repositories
from mlgloss.cli.checker import CheckOptions, Task
from mlgloss.cli.parallel import Progress, run_tasks
from mlgloss.cli.report import FileResult


def index_results(
    tasks: Sequence[Task], results: Sequence[FileResult], session: Session
) -> Repositories:
    """The repositories' counts, from the first pass's results."""
    repositories = Repositories()
    for task, result in zip(tasks, results, strict=True):
        if result.term_counts:
            config = session.config_for(task.path)
            repositories.for_file(task.path, config).set_file(task.path, result.term_counts)
    return repositories


def run_two_passes(
    tasks: Sequence[Task],
    options: CheckOptions,
    jobs: int,
    progress: Progress | None,
    session: Session,
) -> list[FileResult]:
    first_options = replace(options, fix=False, diff=False)
    results = list(run_tasks(tasks, first_options, jobs, progress, session))
    repositories = index_results(tasks, results, session)
    session.repositories = repositories  # forked workers inherit it
    rewrite = options.fix or options.diff
    again = [
        i
        for i, (task, result) in enumerate(zip(tasks, results, strict=True))
        if rewrite
        or (
            result.term_counts
            and repositories.for_file(task.path, session.config_for(task.path)).has_minority(
                result.term_counts
            )
        )
    ]
    if not again:
        return results
    second_options = replace(options, repositories=repositories)
    second = run_tasks([tasks[i] for i in again], second_options, jobs, None, session)
    for i, result in zip(again, second, strict=True):
        results[i] = result
    return results
