"""Hostile repositories through the installed ``mlgloss check``: links, FIFOs, owners, deep
trees and patterns built to backtrack (issue 11).

Each test runs the real executable under a liveness timeout (a hang fails it) and asserts
what the user gets: the file checked, or skipped/refused with a notice naming it; never a
traceback; and for ``--fix``, a file that is still what it was (link, hard link, owner,
group, mode) or untouched.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fixtures_frontend import assert_sane, make_project, run_cli

FLAGGED = "We fine-tune with Lora adapters.\n"  # `Lora` has a safe fix: `LoRA`


def assert_fixed(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "Lora" not in text and "LoRA" in text, text


OTHER_UID, OTHER_GID = 4321, 8765


@pytest.fixture()
def project(tmp_path: Path) -> Iterator[Path]:
    yield make_project(tmp_path / "project")
    # pytest's own clean-up recurses per level and fails on the 1000-level tree.
    subprocess.run(["rm", "-rf", str(tmp_path / "project")], check=False, timeout=120)


def check(project: Path, *args: str):  # type: ignore[no-untyped-def]
    result = run_cli(["check", "--no-progress", "--jobs", "1", *args], project)
    assert_sane(result)
    return result


def checked_paths(project: Path, *args: str) -> list[str]:
    result = check(project, "--format", "json", *args)
    return [f["path"] for f in json.loads(result.stdout)["files"]]


# --- reading: links, FIFOs, devices --------------------------------------------------------


def test_a_symlink_to_dev_zero_is_skipped_never_read(project: Path) -> None:
    (project / "zero.md").symlink_to("/dev/zero")
    (project / "ok.md").write_text(FLAGGED, encoding="utf-8")
    result = check(project, ".")
    assert result.returncode == 1  # ok.md's finding: the run went on
    assert "skipped zero.md: symlink to a file outside the checked directory" in result.stderr
    assert result.maxrss_kb < 400_000  # /dev/zero was never read into memory


def test_a_symlink_to_dev_zero_named_explicitly_is_not_read(project: Path) -> None:
    (project / "zero.md").symlink_to("/dev/zero")
    result = check(project, "zero.md")
    assert result.returncode == 0
    assert "skipped zero.md: not a regular file (a character device; not read)" in result.stderr


def test_a_fifo_named_md_is_skipped_without_opening_it(project: Path) -> None:
    os.mkfifo(project / "pipe.md")
    (project / "ok.md").write_text(FLAGGED, encoding="utf-8")
    result = check(project, ".")
    assert result.returncode == 1
    assert "skipped pipe.md: not a regular file (a FIFO; not read)" in result.stderr
    explicit = check(project, "pipe.md")
    assert "skipped pipe.md: not a regular file (a FIFO; not read)" in explicit.stderr


def test_a_gitignore_that_is_a_fifo_does_not_hang_the_walk(project: Path) -> None:
    os.mkfifo(project / ".gitignore")
    (project / "ok.md").write_text(FLAGGED, encoding="utf-8")
    assert checked_paths(project, ".") == ["ok.md"]


def test_a_link_out_of_the_checked_directory_is_not_read(project: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("Lora is my secret.\n", encoding="utf-8")
    (project / "notes.md").symlink_to(secret)
    inside = project / "docs"
    inside.mkdir()
    (inside / "real.md").write_text(FLAGGED, encoding="utf-8")
    (project / "alias.md").symlink_to(inside / "real.md")
    result = check(project, "--format", "json", ".")
    paths = [f["path"] for f in json.loads(result.stdout)["files"]]
    assert paths == ["alias.md", "docs/real.md"]  # a link inside the project is followed
    assert "secret" not in result.stdout
    assert "skipped notes.md: symlink to a file outside the checked directory" in result.stderr


def deep_tree(root: Path, levels: int, name: str = "d") -> Path:
    """``root/name/name/...`` ``levels`` deep, made one level at a time (no recursion)."""
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(levels):
            os.mkdir(name, dir_fd=fd)
            child = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = child
    finally:
        os.close(fd)
    return root.joinpath(*[name] * levels)


def test_a_1000_level_tree_is_walked(project: Path) -> None:
    deep = deep_tree(project, 1000)
    (deep / "bottom.md").write_text(FLAGGED, encoding="utf-8")
    (deep / "bottom.log.md").write_text(FLAGGED, encoding="utf-8")
    (project / ".gitignore").write_text("*.log.md\n", encoding="utf-8")
    result = check(project, "--format", "json", ".")
    paths = [f["path"] for f in json.loads(result.stdout)["files"]]
    assert len(paths) == 1 and paths[0] == "d/" * 1000 + "bottom.md", "wrong files"
    assert result.returncode == 1


@pytest.mark.parametrize("where", ["gitignore", "exclude"])
@pytest.mark.parametrize("stars", [20, 25])
def test_a_pattern_of_many_stars_does_not_stall_the_walk(
    project: Path, where: str, stars: int
) -> None:
    pattern = "*" * stars + "b"
    if where == "gitignore":
        (project / ".gitignore").write_text(pattern + "\n", encoding="utf-8")
    else:
        (project / ".mlgloss.toml").write_text(f'exclude = ["{pattern}"]\n', encoding="utf-8")
    deep = deep_tree(project, 40, "a" * 20)
    (deep / "notes.md").write_text(FLAGGED, encoding="utf-8")
    (deep / "drop.ipynb").write_text('{"cells": []}', encoding="utf-8")  # ends in "b"
    paths = checked_paths(project, ".")
    kept = [p for p in paths if p != ".mlgloss.toml"]
    assert kept == [("a" * 20 + "/") * 40 + "notes.md"], "the pattern did not match"


# --- --fix: the file stays what it was -----------------------------------------------------


def fix(project: Path, *paths: str):  # type: ignore[no-untyped-def]
    return check(project, "--fix", *paths)


def test_fix_through_a_symlink_keeps_the_link_and_fixes_its_target(project: Path) -> None:
    target = project / "docs" / "real.md"
    target.parent.mkdir()
    target.write_text(FLAGGED, encoding="utf-8")
    link = project / "alias.md"
    link.symlink_to(Path("docs") / "real.md")
    result = fix(project, "alias.md")
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == "docs/real.md"
    assert_fixed(target)


def test_fix_refuses_a_symlink_to_a_file_outside_the_project(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(FLAGGED, encoding="utf-8")
    link = project / "alias.md"
    link.symlink_to(outside)
    result = fix(project, "alias.md")
    assert result.returncode == 1
    assert "alias.md: a symlink to a file outside the project; not fixed" in result.stderr
    assert link.is_symlink() and outside.read_text(encoding="utf-8") == FLAGGED


def test_fix_refuses_a_file_with_hard_links(project: Path) -> None:
    first = project / "a.md"
    first.write_text(FLAGGED, encoding="utf-8")
    os.link(first, project / "b.md")
    result = fix(project, "a.md")
    assert result.returncode == 1
    assert "a.md: has 2 hard links; not fixed" in result.stderr
    assert os.stat(first).st_nlink == 2
    assert first.read_text(encoding="utf-8") == FLAGGED


def test_fix_refuses_a_read_only_file(project: Path) -> None:
    path = project / "a.md"
    path.write_text(FLAGGED, encoding="utf-8")
    path.chmod(0o444)
    result = fix(project, "a.md")
    assert result.returncode == 1
    assert "a.md: read-only; not fixed" in result.stderr
    assert path.read_text(encoding="utf-8") == FLAGGED
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_fix_as_root_keeps_another_users_owner_group_and_mode(project: Path) -> None:
    path = project / "a.md"
    path.write_text(FLAGGED, encoding="utf-8")
    os.chown(path, OTHER_UID, OTHER_GID)
    path.chmod(0o640)
    result = fix(project, "a.md")
    assert result.returncode == 0, result.stderr
    info = path.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (OTHER_UID, OTHER_GID, 0o640)
    assert_fixed(path)
    assert sorted(p.name for p in project.iterdir()) == [".git", "a.md"]  # no temp file left


def test_fix_keeps_unusual_mode_bits(project: Path) -> None:
    path = project / "a.md"
    path.write_text(FLAGGED, encoding="utf-8")
    path.chmod(0o604)
    result = fix(project, "a.md")
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(path.stat().st_mode) == 0o604
    assert_fixed(path)


# --- project paths ------------------------------------------------------------------------


def test_a_glossary_path_through_proc_self_cwd_to_an_outside_file_is_refused(
    project: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("private_field_name: hunter2\n", encoding="utf-8")
    (project / "key.yaml").symlink_to(secret)
    (project / ".mlgloss.toml").write_text(
        'glossary = ["/proc/self/cwd/key.yaml"]\n', encoding="utf-8"
    )
    (project / "a.md").write_text(FLAGGED, encoding="utf-8")
    result = check(project, ".")
    assert result.returncode == 2
    assert ".mlgloss.toml:1:" in result.stderr
    assert "leads through the project root" in result.stderr
    assert "private_field_name" not in result.stderr + result.stdout
    assert "hunter2" not in result.stderr + result.stdout
    # The relative spelling is refused as before.
    (project / ".mlgloss.toml").write_text('glossary = ["key.yaml"]\n', encoding="utf-8")
    relative = check(project, ".")
    assert relative.returncode == 2 and "points outside the project root" in relative.stderr
    assert "private_field_name" not in relative.stderr + relative.stdout


def test_a_config_file_that_links_outside_the_project_is_not_read(
    project: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.toml"
    secret.write_text("private_field_name = 1\n", encoding="utf-8")
    (project / ".mlgloss.toml").symlink_to(secret)
    (project / "a.md").write_text(FLAGGED, encoding="utf-8")
    result = check(project, ".")
    assert result.returncode == 2
    assert ".mlgloss.toml: a symbolic link to a file outside the project; not read" in result.stderr
    assert "private_field_name" not in result.stderr + result.stdout


def test_an_absolute_glossary_path_written_in_full_is_still_accepted(
    project: Path, tmp_path: Path
) -> None:
    shared = tmp_path / "shared.yaml"
    shared.write_text("entries: []\n", encoding="utf-8")
    (project / ".mlgloss.toml").write_text(f'glossary = ["{shared}"]\n', encoding="utf-8")
    (project / "a.md").write_text(FLAGGED, encoding="utf-8")
    assert check(project, ".").returncode == 1
