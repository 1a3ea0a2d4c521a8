"""``mlgloss check`` when the rules read the repository's counts: ``inconsistent`` in
repository scope, and in document scope where a document writes a term several ways (it then
follows the spelling the repository's files follow, :meth:`TermCounts.aim`); ``variant``
where a document writes a name in a flagged spelling its repository writes as its own
(respacing it is then unsafe, :meth:`TermCounts.house_name_spelling`).

Two passes over the checked files. The first checks every file as usual (without writing
fixes) and each worker returns, with the file's findings, its counts of each spelling
(:class:`~mlgloss.analysis.term_counts.FileCounts`); the parent adds them up per repository.
The second checks again, with those totals, only the files whose findings the totals can
change (or every file, when fixes are written or shown): in repository scope those writing
some term otherwise than their repository settles it, or mixing spellings of one it leans
on; in document scope those mixing spellings of a term their repository writes otherwise
than the glossary; in both, those writing a name in their repository's own flagged
spelling. For any other file the counts change nothing, so its first-pass result stands.
Each file goes back to the process that checked it first, which kept its rule context: only
the rules that read the counts run again (:mod:`mlgloss.cli.pinned_pool`).
The engine decides everything; this module only schedules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from mlgloss.analysis.session import Session
from mlgloss.analysis.term_counts import Repositories, reads_counts, repository_scope
from mlgloss.cli.checker import CheckOptions, Task, forget_prepared
from mlgloss.cli.parallel import Progress, run_tasks
from mlgloss.cli.report import FileResult


def index_results(
    tasks: Sequence[Task], results: Sequence[FileResult], session: Session
) -> Repositories:
    """The repositories' counts: the first pass's results, and every other file of each
    repository read from disk and counted (no rule runs), so that checking a few files of a
    repository (pre-commit's staged files) compares them with the same counts as checking
    all of it, or as the editor (:func:`~mlgloss.analysis.repository_scan.scan_repository`,
    the server's own reading)."""
    from mlgloss.analysis.repository_scan import scan_repository

    repositories = Repositories()
    for task, result in zip(tasks, results, strict=True):
        if result.term_counts:
            config = session.config_for(task.path)
            repositories.for_file(task.path, config).set_file(task.path, result.term_counts)
    checked = {task.path for task in tasks}
    for root in list(repositories.roots()):
        if root:  # no repository to read for files under no .git and no configuration
            scan_repository(session, Path(root), repositories.counts(root), skip=checked)
    return repositories


def _needs_again(
    tasks: Sequence[Task],
    results: Sequence[FileResult],
    repositories: Repositories,
    session: Session,
    rewrite: bool,
) -> list[int]:
    """The tasks to check again: those whose findings the repository's counts can change
    (every task, when fixes are written or shown)."""
    again = []
    for i, (task, result) in enumerate(zip(tasks, results, strict=True)):
        if rewrite:
            again.append(i)
        elif result.term_counts:
            config = session.config_for(task.path)
            root = repositories.root_for(task.path, config)
            if not reads_counts(root, config):
                continue
            counts = repositories.counts(root)
            changes = (
                counts.changes_findings
                if repository_scope(config)
                else counts.changes_document_findings
            )
            if changes(result.term_counts) or counts.writes_house_names(result.term_counts):
                again.append(i)
    return again


def run_two_passes(
    tasks: Sequence[Task],
    options: CheckOptions,
    jobs: int,
    progress: Progress | None,
    session: Session,
) -> list[FileResult]:
    rewrite = options.fix or options.diff
    first = replace(options, fix=False, diff=False, keep_prepared=not rewrite)
    jobs = max(1, min(jobs, len(tasks)))
    try:
        if jobs == 1:
            results = list(run_tasks(tasks, first, 1, progress, session))
            repositories = index_results(tasks, results, session)
            session.repositories = repositories
            again = _needs_again(tasks, results, repositories, session, rewrite)
            second = replace(options, repositories=repositories)
            for i, result in zip(
                again, run_tasks([tasks[i] for i in again], second, 1, None, session), strict=True
            ):
                results[i] = result
            return results
        from mlgloss.cli.pinned_pool import PinnedPool  # multiprocessing: only with workers

        with PinnedPool(jobs, first, session) as pool:
            results, owner = pool.run(tasks, progress)
            repositories = index_results(tasks, results, session)
            again = _needs_again(tasks, results, repositories, session, rewrite)
            second = replace(options, repositories=repositories)
            for i, result in pool.again(tasks, again, owner, second).items():
                results[i] = result
            return results
    finally:
        forget_prepared()
