"""Shared test helpers: paths to the repository, the shared seeds and corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# Beside the repository (/work/main and /work/shared), or beside a folder of worktrees.
SHARED = next(
    (p / "shared" for p in REPO.parents if (p / "shared").is_dir()), REPO.parent / "shared"
)


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"the shared folder is missing beside the repository: {SHARED}")
    return SHARED
