"""The per-file pipeline of ``mlgloss check``, run in each worker process.

Read the bytes, decode them, hand the text to the engine through a :class:`Session`
(built once per process), optionally apply the safe fixes, and return a picklable
:class:`FileResult`. Nothing here decides what is a finding: the engine does.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mlgloss.analysis.config.model import DEFAULT_MAX_FILE_SIZE
from mlgloss.analysis.document import DocumentKind
from mlgloss.analysis.engine import Analysis, Prepared
from mlgloss.analysis.errors import ConfigError
from mlgloss.analysis.extract import ExtractionError
from mlgloss.analysis.findings import Finding
from mlgloss.analysis.limits import too_large_notice
from mlgloss.analysis.session import Session
from mlgloss.analysis.term_counts import Repositories
from mlgloss.cli.config_options import CommandLineResolver, ConfigChoice
from mlgloss.cli.fixing import fix_text, unified_diff, write_fixed
from mlgloss.cli.report import FileError, FileResult, Notice, report_findings
from mlgloss.errors import GlossaryError, MlglossError
from mlgloss.files.reading import NotText, Unreadable, read_bytes
from mlgloss.files.reading import decode as decode_text


@dataclass(frozen=True, slots=True)
class CheckOptions:
    fix: bool = False  # write safe fixes
    diff: bool = False  # show safe fixes as a diff, write nothing
    unsafe_fixes: bool = False  # with fix or diff: the unsafe fixes too
    overrides: dict[str, Any] = field(default_factory=dict)  # rule switches (--select/--ignore)
    config: ConfigChoice = field(
        default_factory=ConfigChoice
    )  # --config, --exclude, --extend-exclude
    # inconsistent in repository scope (cli/repository_pass.py): the first pass keeps each
    # file's rule context for the second; the second compares with the first's counts.
    keep_prepared: bool = False
    repositories: Repositories | None = None


@dataclass(frozen=True, slots=True)
class Task:
    path: str  # absolute
    display: str
    kind: DocumentKind
    size: int = 0  # bytes, as the walk found them: for sharing work among processes
    max_size: int = DEFAULT_MAX_FILE_SIZE  # the configuration's max_file_size: no more is read


_session: Session | None = None
_options = CheckOptions()


def new_session(options: CheckOptions) -> Session:
    """A Session with the run's rule switches and the command line's configuration choices."""
    session = Session(options.overrides or None)
    if not options.config.is_default:
        session.resolver = CommandLineResolver(options.config)
    return session


def init_worker(options: CheckOptions, session: Session | None = None) -> None:
    """Process-pool initializer: one Session per worker, reused for every file.

    ``session`` is the parent's, with its configurations resolved and glossaries loaded:
    given to in-process runs and to forked workers, which inherit it without pickling.
    """
    global _session, _options
    _session = session if session is not None else new_session(options)
    if options.repositories is not None:
        _session.repositories = options.repositories
    _options = options


def set_worker_options(options: CheckOptions) -> None:
    """New options for this worker's next tasks, keeping its Session and what it prepared."""
    global _options
    if _session is not None and options.repositories is not None:
        _session.repositories = options.repositories
    _options = options


def _error(display: str, exc: MlglossError) -> FileError:
    if isinstance(exc, ExtractionError):
        return FileError(display, "extraction", exc.message, exc.line, exc.column)
    if isinstance(exc, ConfigError | GlossaryError):
        return FileError(str(exc.file or display), "config", exc.message, exc.line, exc.column)
    return FileError(display, "extraction", exc.message, exc.line, exc.column)


def check_text(
    session: Session,
    options: CheckOptions,
    display: str,
    path: str,
    text: str,
    kind: DocumentKind,
    size: int | None = None,
) -> tuple[FileResult, str]:
    """Check (and fix in memory) one text; returns the result and the possibly fixed text.

    ``size``: the bytes the text was read from, when known (else its UTF-8 length).
    """
    if size is None:
        size = len(text.encode("utf-8", "surrogatepass"))
    result = FileResult(display, size=size)
    try:
        analysis: Analysis = session.analyze(path, text, kind, prepare=options.keep_prepared)
    except MlglossError as exc:
        result.error = _error(display, exc)
        return result, text
    if analysis.prepared is not None and analysis.term_counts:
        _keep(path, analysis.prepared)
    return finish_text(session, options, display, path, text, kind, analysis, result)


def finish_text(
    session: Session,
    options: CheckOptions,
    display: str,
    path: str,
    text: str,
    kind: DocumentKind,
    analysis: Analysis,
    result: FileResult,
) -> tuple[FileResult, str]:
    """:func:`check_text` from the analysis on: fixes in memory, and the reported findings."""
    if analysis.too_large:  # nothing was read: a notice, not a checked file
        result.notice = Notice(display, too_large_notice(len(text)))
        return result, text
    findings: Sequence[Finding] = analysis.findings
    result.truncated = analysis.truncated
    result.term_counts = analysis.term_counts
    fixed_text = text
    if options.fix or options.diff:

        def again(new_text: str) -> Sequence[Finding]:
            return session.analyze(path, new_text, kind).findings

        try:
            fixed_text, remaining, applied = fix_text(
                text, findings, again, unsafe=options.unsafe_fixes
            )
        except MlglossError as exc:  # the fixed text no longer parses: keep the original
            result.error = _error(display, exc)
            return result, text
        if options.diff:
            result.would_fix = applied
            result.diff = unified_diff(display, text, fixed_text) if fixed_text != text else ""
        else:
            result.fixed = applied
            findings = remaining
            text = fixed_text
    result.findings = report_findings(display, text, findings)
    return result, fixed_text


KEPT_CHARS = 64 * 1024 * 1024
"""The most text a process keeps prepared between the passes of repository scope; files
past it are read and analysed again in the second pass."""

_prepared: dict[str, Prepared] = {}
_kept_chars = 0


def _keep(path: str, prepared: Prepared) -> None:
    global _kept_chars
    size = len(prepared.context.text)
    if _kept_chars + size <= KEPT_CHARS:
        _prepared[path] = prepared
        _kept_chars += size


def forget_prepared() -> None:
    global _kept_chars
    _prepared.clear()
    _kept_chars = 0


def _check_prepared(task: Task, prepared: Prepared, repositories: Repositories) -> FileResult:
    """The second pass of repository scope for a file the first pass kept: only
    the rules that read the repository's counts run again, against them
    (:func:`~mlgloss.analysis.engine.with_repository`)."""
    from mlgloss.analysis.engine import with_repository

    assert _session is not None
    context = prepared.context
    size = task.size or len(context.text.encode("utf-8", "surrogatepass"))
    counts = _session.repository_for(task.path, context.config)
    analysis = with_repository(prepared, counts) if counts is not None else None
    if analysis is None:
        return check_file(task, use_prepared=False)
    result, _ = finish_text(
        _session,
        _options,
        task.display,
        task.path,
        context.text,
        task.kind,
        analysis,
        FileResult(task.display, size=size),
    )
    result.size = size
    return result


def check_file(task: Task, use_prepared: bool = True) -> FileResult:
    """Everything ``mlgloss check`` does to one file, with the worker's Session."""
    global _session
    if _session is None:
        _session = new_session(_options)
    prepared = _prepared.pop(task.path, None) if use_prepared else None
    rewriting = _options.fix or _options.diff
    if prepared is not None and _options.repositories is not None and not rewriting:
        try:
            return _check_prepared(task, prepared, _options.repositories)
        except Exception as exc:  # a bug: report it for this file and go on
            return FileResult(
                task.display,
                error=FileError(task.display, "internal", f"internal error: {exc!r}"),
            )
    try:
        read = read_bytes(task.path, task.max_size)
        decoded = decode_text(read.raw)
    except Unreadable as exc:
        return FileResult(task.display, notice=Notice(task.display, str(exc)))
    except NotText as exc:
        return FileResult(task.display, size=len(read.raw), notice=Notice(task.display, str(exc)))
    raw = read.raw
    try:
        result, fixed = check_text(
            _session, _options, task.display, task.path, decoded.text, task.kind, len(raw)
        )
    except Exception as exc:  # a bug: report it for this file and go on with the others
        return FileResult(
            task.display,
            size=len(raw),
            error=FileError(task.display, "internal", f"internal error: {exc!r}"),
        )
    result.size = len(raw)
    if _options.fix and fixed != decoded.text and result.error is None:
        try:
            path = Path(task.path)
            write_fixed(path, decoded.encode(fixed), read, project_root(path))
        except (MlglossError, OSError) as exc:
            why = exc.message if isinstance(exc, MlglossError) else f"cannot write the fixes: {exc}"
            result, _ = check_text(
                _session,
                replace(_options, fix=False),
                task.display,
                task.path,
                decoded.text,
                task.kind,
            )
            result.size = len(raw)
            result.fix_notice = why
    return result


def project_root(path: Path) -> Path:
    """Where links met by ``--fix`` may lead: the file's repository (the nearest directory
    above it holding ``.git``), else the working directory."""
    for d in path.parents:
        if (d / ".git").exists():
            return d
    return Path.cwd()


def check_files(tasks: Sequence[Task]) -> list[FileResult]:
    """:func:`check_file` for a run of tasks: one message each way per run, in a pool."""
    return [check_file(task) for task in tasks]


def set_options(options: CheckOptions, session: Session | None = None) -> None:
    """For the in-process (``--jobs 1``) path: the same state a worker's initializer sets."""
    init_worker(options, session)


def cpu_count() -> int:
    return os.cpu_count() or 1
