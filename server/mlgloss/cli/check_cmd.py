"""``mlgloss check [PATH…]``: terminology checks for CI and pre-commit.

Walks the paths (default ``.``), checks every supported file with its nearest project
configuration, prints the engine's findings in the chosen format and exits 0 (clean),
1 (findings at or above ``--fail-on``, or a file that could not be parsed) or 2 (usage,
configuration or glossary error). Options are described in docs/cli.md.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from mlgloss.analysis.config.model import ProjectConfig
from mlgloss.analysis.document import DocumentKind, kind_for_path
from mlgloss.analysis.errors import ConfigError
from mlgloss.analysis.findings import Severity
from mlgloss.analysis.rule_codes import RULE_CODES
from mlgloss.analysis.session import Session
from mlgloss.analysis.term_counts import counts_spellings
from mlgloss.cli.checker import CheckOptions, Task, check_text, cpu_count, new_session
from mlgloss.cli.config_options import CommandLineResolver, ConfigChoice, add_config_options
from mlgloss.cli.escape import printable
from mlgloss.cli.formats import FORMATS
from mlgloss.cli.gc_tuning import RunCollector
from mlgloss.cli.output import discard_stdout, flush_stdout, working_directory, write_error
from mlgloss.cli.parallel import Progress, run_tasks
from mlgloss.cli.report import FileError, FileResult, Notice, Report
from mlgloss.errors import GlossaryError, MlglossError
from mlgloss.files.reading import NotText, decode
from mlgloss.files.walk import Candidate, Skipped, Walker

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

SMALL_RUN_BYTES = 256 * 1024
"""Without ``--jobs``, fewer bytes than this are checked in this process: starting worker
processes would cost more than it saves (a pre-commit run over a few changed files)."""


def _codes(value: str) -> list[str]:
    return [c.strip() for c in value.split(",") if c.strip()]


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "check",
        help="check files for terminology problems (CI, pre-commit)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: .)")
    p.add_argument("--format", choices=FORMATS, default="text", help="output format (default text)")
    p.add_argument(
        "--fail-on",
        choices=[s.label for s in Severity],
        default="warning",
        help="lowest severity that makes the exit code 1 (default warning)",
    )
    p.add_argument(
        "--select",
        type=_codes,
        action="extend",
        default=[],
        metavar="CODES",
        help="only these rules (comma-separated codes; repeatable)",
    )
    p.add_argument(
        "--ignore",
        type=_codes,
        action="extend",
        default=[],
        metavar="CODES",
        help="leave out these rules (comma-separated codes; repeatable)",
    )
    add_config_options(p)
    fixing = p.add_mutually_exclusive_group()
    fixing.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    fixing.add_argument(
        "--diff", action="store_true", help="print the safe fixes as a unified diff; write nothing"
    )
    p.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix or --diff: the unsafe fixes too (acronym expansions, renamed keys, ...)",
    )
    p.add_argument(
        "--statistics",
        action="store_true",
        help="print counts per rule and per flagged form instead of each finding",
    )
    p.add_argument("--stdin", action="store_true", help="check standard input")
    p.add_argument(
        "--stdin-filename",
        metavar="PATH",
        help="the path standard input stands for (its kind and configuration)",
    )
    p.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=None,
        metavar="N",
        help="worker processes (default: number of CPUs; one for a small run)",
    )
    p.add_argument(
        "--changed-since",
        metavar="REF",
        help="only files changed since a git REF, plus untracked files",
    )
    p.add_argument(
        "--baseline",
        type=Path,
        metavar="FILE",
        help="leave out findings recorded in this baseline file",
    )
    p.add_argument(
        "--write-baseline",
        type=Path,
        metavar="FILE",
        help="record the current findings as the baseline and exit 0",
    )
    p.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour text output (default: auto, on a terminal)",
    )
    p.add_argument(
        "--output-file",
        "-o",
        type=Path,
        metavar="FILE",
        help="write the report (any format) to FILE instead of standard output",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress indicator")
    p.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        help="name the configuration files and glossaries in effect; list every skipped path",
    )
    p.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help="no summary and no skip notices (findings and errors only)",
    )
    p.set_defaults(run=run)


def _rule_overrides(select: list[str], ignore: list[str]) -> dict[str, Any]:
    unknown = sorted({c for c in (*select, *ignore) if c not in RULE_CODES})
    if unknown:
        raise MlglossError(
            f"unknown rule code{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} "
            f"(known codes: {', '.join(RULE_CODES)})"
        )
    off = set(ignore)
    if select:
        off |= set(RULE_CODES) - set(select)
    return {"rules": {code: "off" for code in sorted(off)}} if off else {}


def _repo_root(cwd: Path) -> Path:
    for d in (cwd, *cwd.parents):
        if (d / ".git").exists():
            return d
    return cwd


def _config_error(exc: MlglossError) -> FileError:
    return FileError(str(exc.file or "<config>"), "config", exc.message, exc.line, exc.column)


def _discover(
    args: argparse.Namespace, session: Session, cwd: Path
) -> tuple[list[Candidate], list[Notice], list[FileError], list[str]]:
    """The files to check, the skips, the configuration errors, and the directories given on
    the command line that hold no file to check (each worth a warning)."""
    walker = Walker(session.resolver.resolve_directory, cwd)
    candidates: list[Candidate] = []
    notices: list[Notice] = []
    errors: list[FileError] = []
    empty: list[str] = []
    paths: list[str] = args.paths or ["."]
    if args.changed_since:
        from mlgloss.cli.changed import changed_files  # runs git: imported only when asked

        wanted = [Path(os.path.abspath(cwd / p)) for p in paths]
        changed = [
            p
            for p in changed_files(args.changed_since, cwd)
            if any(Path(os.path.realpath(p)).is_relative_to(os.path.realpath(w)) for w in wanted)
        ]
        paths = [os.path.relpath(p, cwd) for p in changed if kind_for_path(p) is not None]
    for raw in paths:
        found, failed = len(candidates), len(errors)
        for item in walker.walk([raw]):
            if isinstance(item, Candidate):
                candidates.append(item)
            elif isinstance(item, Skipped):
                notices.append(Notice(item.display, item.reason, quiet=item.quiet))
            else:
                errors.append(_config_error(item))
        nothing = len(candidates) == found and len(errors) == failed
        if nothing and not args.changed_since and os.path.isdir(cwd / raw):
            empty.append(raw)
    return candidates, notices, errors, empty


def _load_glossaries(
    candidates: list[Candidate], session: Session, errors: list[FileError]
) -> list[Candidate]:
    """Load each configuration's glossary once, here, so that forked workers inherit it.

    One empty analysis per configuration also builds the glossary's lazy indexes before the
    pool starts, instead of once in every worker; and one per kind of document to check
    loads what that kind's extractor needs on first use.
    """
    broken: dict[int, bool] = {}
    kept = []
    kinds: dict[DocumentKind, Candidate] = {}
    for c in candidates:
        key = id(c.config)
        if key not in broken:
            try:
                config: ProjectConfig = session.config_for(c.path)
                session.glossary_for(config)
                session.analyze(c.path, "", DocumentKind.PLAINTEXT)
                broken[key] = False
            except (GlossaryError, ConfigError) as exc:
                errors.append(_config_error(exc))
                broken[key] = True
        if not broken[key]:
            kept.append(c)
            kinds.setdefault(c.kind, c)
    for kind, c in kinds.items():
        with contextlib.suppress(MlglossError):  # an empty notebook is no notebook
            session.analyze(c.path, "", kind)
    return kept


def _load_given_config(session: Session) -> None:
    """Read ``--config``'s file before anything else: its error ends the run at once."""
    if isinstance(session.resolver, CommandLineResolver):
        session.resolver.given_file()


def _default_jobs(candidates: list[Candidate]) -> int:
    return 1 if sum(c.size for c in candidates) < SMALL_RUN_BYTES else cpu_count()


def _dedupe(errors: list[FileError]) -> list[FileError]:
    return list(dict.fromkeys(errors))


def _check_stdin(args: argparse.Namespace, options: CheckOptions, cwd: Path) -> Report:
    name = args.stdin_filename or "-"
    path = os.path.abspath(cwd / name) if args.stdin_filename else str(cwd / "stdin.txt")
    kind = kind_for_path(name)
    report = Report([], [], [], _repo_root(cwd), cwd)
    if kind is None and args.stdin_filename:
        raise MlglossError(f"--stdin-filename {name}: unsupported file type")
    raw = sys.stdin.buffer.read()
    try:
        decoded = decode(raw)
    except NotText as exc:
        report.notices.append(Notice(name, str(exc)))
        return report
    session = new_session(options)
    _load_given_config(session)
    try:
        config = session.config_for(path)
        session.glossary_for(config)
    except (GlossaryError, ConfigError) as exc:
        report.errors.append(_config_error(exc))
        return report
    report.configs.append(config)
    result, fixed = check_text(
        session, options, name, path, decoded.text, kind or DocumentKind.PLAINTEXT
    )
    if result.error is not None:
        report.errors.append(result.error)
    if result.notice is not None:
        report.notices.append(result.notice)
    report.results.append(result)
    if args.fix:
        sys.stdout.buffer.write(decoded.encode(fixed))
        sys.stdout.flush()
    return report


def _apply_baseline(report: Report, file: Path) -> None:
    from mlgloss.cli import baseline as baselines

    known = baselines.read_baseline(file)
    base = Path(os.path.abspath(file)).parent
    for result in report.results:
        prints = baselines.fingerprints(result.findings, base, report.cwd)
        kept = [f for f, fp in zip(result.findings, prints, strict=True) if fp not in known]
        report.baselined += len(result.findings) - len(kept)
        result.findings = kept


def _exit_code(report: Report, fail_on: Severity) -> int:
    if any(e.kind != "extraction" for e in report.errors):
        return EXIT_ERROR
    if any(e.kind == "extraction" for e in report.errors):
        return EXIT_FINDINGS
    if any(f.severity >= fail_on for f in report.findings):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _use_color(choice: str, stream: TextIO) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return stream.isatty()


def run(args: argparse.Namespace) -> int:
    cwd = working_directory()
    if args.stdin_filename and not args.stdin:
        raise MlglossError("--stdin-filename needs --stdin")
    if args.stdin and (args.paths or args.changed_since):
        raise MlglossError("--stdin checks standard input only: give no PATH or --changed-since")
    if args.jobs is not None and args.jobs < 1:
        raise MlglossError("--jobs must be at least 1")
    if args.unsafe_fixes and not (args.fix or args.diff):
        raise MlglossError("--unsafe-fixes needs --fix or --diff")
    if args.output_file is not None and args.stdin and args.fix:
        raise MlglossError("--output-file has no report to write with --stdin --fix")
    options = CheckOptions(
        fix=args.fix,
        diff=args.diff,
        unsafe_fixes=args.unsafe_fixes,
        overrides=_rule_overrides(args.select, args.ignore),
        config=ConfigChoice.from_args(args, cwd),
    )
    if args.stdin:
        report = _check_stdin(args, options, cwd)
    else:
        with RunCollector() as collector:
            session = new_session(options)
            _load_given_config(session)
            candidates, notices, errors, empty = _discover(args, session, cwd)
            candidates = _load_glossaries(candidates, session, errors)
            collector.loaded()
            tasks = [
                Task(str(c.path), c.display, c.kind, c.size, c.config.max_file_size)
                for c in candidates
            ]
            progress = Progress(len(tasks), enabled=not (args.no_progress or args.quiet))
            jobs = args.jobs or _default_jobs(candidates)
            results: list[FileResult]
            if any(counts_spellings(session.config_for(c.path)) for c in candidates):
                from mlgloss.cli.repository_pass import run_two_passes

                results = run_two_passes(tasks, options, jobs, progress, session)
            else:
                results = list(run_tasks(tasks, options, jobs, progress, session))
        for r in results:
            if r.notice is not None:
                notices.append(r.notice)
            if r.error is not None:
                errors.append(r.error)
        report = Report(results, notices, _dedupe(errors), _repo_root(cwd), cwd)
        report.configs = [c.config for c in candidates]
        report.empty_paths = empty
    _print_notices(report, args)
    if args.write_baseline:
        from mlgloss.cli import baseline as baselines

        prints = baselines.fingerprints(
            report.findings, Path(os.path.abspath(args.write_baseline)).parent, cwd
        )
        baselines.write_baseline(args.write_baseline, prints)
        print(f"mlgloss: wrote {len(prints)} findings to {args.write_baseline}", file=sys.stderr)
        return EXIT_ERROR if any(e.kind != "extraction" for e in report.errors) else EXIT_CLEAN
    if args.baseline:
        _apply_baseline(report, args.baseline)
    code = _exit_code(report, Severity.parse(args.fail_on))
    if not report.results and any(e.kind == "config" for e in report.errors):
        return code  # nothing was checked: the error on stderr is the whole answer
    if args.output_file is not None:
        _write_report(report, args)
        return code
    try:
        if not (args.stdin and args.fix):
            _render(report, args, sys.stdout)
        flush_stdout()
    except BrokenPipeError:  # the reader stopped early (| head): the findings still count
        discard_stdout()
    except OSError as exc:  # a full disk, a closed descriptor
        discard_stdout()
        raise write_error(exc) from None
    return code


def _write_report(report: Report, args: argparse.Namespace) -> None:
    """``--output-file``: the report as stdout would have had it, written atomically."""
    import io

    from mlgloss.files.writing import write_new

    buffer = io.StringIO()
    _render(report, args, buffer)
    try:
        write_new(args.output_file, buffer.getvalue().encode("utf-8"))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise MlglossError(f"--output-file {args.output_file}: cannot write: {reason}") from None
    if not args.quiet:
        print(f"mlgloss: wrote the report to {printable(str(args.output_file))}", file=sys.stderr)


def _print_notices(report: Report, args: argparse.Namespace) -> None:
    for e in report.errors:
        if e.kind != "extraction":
            print(f"mlgloss: error: {printable(f'{e.location()}: {e.message}')}", file=sys.stderr)
    if args.quiet:
        return
    if args.verbose:
        from mlgloss.cli.in_effect import configuration_lines

        given = args.config is not None
        for line in configuration_lines(report.configs, report.cwd, given):
            print(printable(line), file=sys.stderr)
    for raw in report.empty_paths:
        shown = printable("." if raw in ("", ".") else raw)
        print(
            f"mlgloss: warning: no file to check in {shown} (none of a kind mlgloss reads, "
            "or all ignored or excluded)",
            file=sys.stderr,
        )
    for n in report.notices:
        if not n.quiet:
            print(f"mlgloss: skipped {printable(n.path)}: {printable(n.reason)}", file=sys.stderr)
    for r in report.results:
        if r.fix_notice:
            print(f"mlgloss: {printable(r.path)}: {printable(r.fix_notice)}", file=sys.stderr)
        if r.truncated:
            where = printable(r.path)
            print(
                f"mlgloss: {where}: too many findings; only the first ones are reported",
                file=sys.stderr,
            )


def _render(report: Report, args: argparse.Namespace, out: TextIO) -> None:
    if args.format == "json":
        from mlgloss.cli.formats import json as fmt_json

        fmt_json.render(report, out)
    elif args.format == "sarif":
        from mlgloss.cli.formats import sarif

        sarif.render(report, out)
    elif args.format == "github":
        from mlgloss.cli.formats import github

        github.render(report, out)
    else:
        from mlgloss.cli.formats import text

        text.render(
            report,
            out,
            text.TextOptions(
                color=_use_color(args.color, out),
                verbose=args.verbose,
                statistics=args.statistics,
                summary=not args.quiet,
            ),
        )
