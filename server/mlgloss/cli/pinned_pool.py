"""Worker processes that keep what they checked, for a second pass over the same files.

``mlgloss check`` checks every file, then again the files whose findings their repository's
counts can change. That second look runs only the rules that read the counts again when the
process that checked the file first still holds its rule context
(:data:`mlgloss.cli.checker.KEPT_CHARS`), so it must go to that process; a
``ProcessPoolExecutor`` cannot choose its worker. Here each worker has its own pipe: in the
first pass the runs of tasks (:func:`mlgloss.cli.parallel.chunks`) go to whichever worker
is idle, and the parent remembers who checked what; in the second each worker gets back its
own files, with the repositories' counts.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Any

from mlgloss.cli import checker
from mlgloss.cli.checker import CheckOptions, Task
from mlgloss.cli.parallel import Progress, _context, chunks
from mlgloss.cli.report import FileResult
from mlgloss.errors import MlglossError

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    from mlgloss.analysis.session import Session


def _serve(conn: Connection, options: CheckOptions, session: Session | None) -> None:
    """A worker: check the runs of tasks it is sent until told to stop."""
    checker.init_worker(options, session)
    while True:
        message: tuple[Any, ...] = conn.recv()
        if message[0] == "stop":
            break
        if message[0] == "options":
            checker.set_worker_options(message[1])
            continue
        conn.send(checker.check_files(message[1]))
    conn.close()


class PinnedPool:
    """``jobs`` worker processes, each fed through its own pipe."""

    def __init__(self, jobs: int, options: CheckOptions, session: Session | None) -> None:
        context = _context()
        inherited = session if context.get_start_method() == "fork" else None
        self.conns: list[Connection] = []
        self.processes: list[BaseProcess] = []
        for _ in range(jobs):
            parent, child = context.Pipe()
            process = context.Process(  # type: ignore[attr-defined]
                target=_serve, args=(child, options, inherited)
            )
            process.daemon = True
            process.start()
            child.close()
            self.conns.append(parent)
            self.processes.append(process)

    def __enter__(self) -> PinnedPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _receive(self, conn: Connection) -> list[FileResult]:
        try:
            results: list[FileResult] = conn.recv()
        except (EOFError, OSError) as exc:
            raise MlglossError("a worker process stopped unexpectedly") from exc
        return results

    def run(
        self, tasks: Sequence[Task], progress: Progress | None = None
    ) -> tuple[list[FileResult], list[int]]:
        """The results in task order, and which worker checked each task."""
        runs = chunks(tasks, len(self.conns))
        results: list[FileResult | None] = [None] * len(tasks)
        owner = [0] * len(tasks)
        busy: dict[int, slice] = {}  # worker -> the run it is checking
        next_run, done = 0, 0
        while next_run < len(runs) or busy:
            for worker in range(len(self.conns)):
                if worker not in busy and next_run < len(runs):
                    busy[worker] = runs[next_run]
                    self.conns[worker].send(("run", tasks[runs[next_run]]))
                    next_run += 1
            ready = wait([self.conns[w] for w in busy])
            for conn in ready:
                assert isinstance(conn, Connection)
                worker = self.conns.index(conn)
                run = busy.pop(worker)
                for i, result in zip(range(len(tasks))[run], self._receive(conn), strict=True):
                    results[i] = result
                    owner[i] = worker
                done += run.stop - run.start
                if progress is not None:
                    progress.update(done)
        if progress is not None:
            progress.close()
        return [r for r in results if r is not None], owner

    def again(
        self,
        tasks: Sequence[Task],
        indexes: Sequence[int],
        owner: Sequence[int],
        options: CheckOptions,
    ) -> dict[int, FileResult]:
        """Check the given tasks again, each in the worker that checked it first."""
        by_worker: dict[int, list[int]] = {}
        for i in indexes:
            by_worker.setdefault(owner[i], []).append(i)
        for worker, mine in by_worker.items():
            self.conns[worker].send(("options", options))
            self.conns[worker].send(("run", [tasks[i] for i in mine]))
        out: dict[int, FileResult] = {}
        for worker, mine in by_worker.items():
            for i, result in zip(mine, self._receive(self.conns[worker]), strict=True):
                out[i] = result
        return out

    def close(self) -> None:
        for conn in self.conns:
            with contextlib.suppress(OSError):
                conn.send(("stop",))
            conn.close()
        for process in self.processes:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
