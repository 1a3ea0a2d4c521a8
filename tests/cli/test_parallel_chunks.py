"""How ``mlgloss check`` shares files among worker processes: consecutive runs, largest first."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mlgloss.analysis.document import DocumentKind
from mlgloss.cli.checker import Task
from mlgloss.cli.parallel import CHUNK_MAX_BYTES, CHUNK_MIN_BYTES, FILE_COST_BYTES, chunks


def _tasks(sizes: list[int]) -> list[Task]:
    return [Task(f"/p/{i}.md", f"{i}.md", DocumentKind.MARKDOWN, s) for i, s in enumerate(sizes)]


@given(
    st.lists(st.integers(min_value=0, max_value=3_000_000), max_size=300),
    st.integers(min_value=2, max_value=8),
)
def test_runs_cover_every_task_once_in_order(sizes: list[int], jobs: int) -> None:
    tasks = _tasks(sizes)
    runs = chunks(tasks, jobs)
    assert [t for run in runs for t in tasks[run]] == tasks
    for run in runs:
        weight = sum(t.size + FILE_COST_BYTES for t in tasks[run])
        # a run over the limit is a single file too large to share
        assert weight <= CHUNK_MAX_BYTES or run.stop - run.start == 1


def test_a_corpus_like_run_is_few_messages_and_ends_small() -> None:
    tasks = _tasks([4_000] * 1_200)  # ~4.8 MB in 1,200 files
    runs = chunks(tasks, 2)
    weights = [sum(t.size + FILE_COST_BYTES for t in tasks[run]) for run in runs]
    assert len(runs) < 40
    assert max(weights) <= CHUNK_MAX_BYTES
    assert weights[-1] <= CHUNK_MIN_BYTES
    assert weights[0] >= weights[-1] * 4


def test_small_inputs() -> None:
    assert chunks([], 2) == []
    assert chunks(_tasks([10]), 2) == [slice(0, 1)]
