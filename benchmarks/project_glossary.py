"""Start-up with a 50,000-entry project glossary: `mlgloss check` and `mlgloss serve`.

Generates a project whose ``.mlgloss.toml`` names a 50,000-entry glossary (``--shape
simple``: ``{term: TermN, definition: d}`` as ``memory.py`` writes it; ``rich``, the
default: two- and three-word terms with an acronym, a deprecated spelling and a
definition), and a one-line Markdown file. Each measure is a fresh process; the cache
directory (``XDG_CACHE_HOME``) is new for the *first use* and kept for the *later uses*:

* ``mlgloss check doc.md``: CPU (user + sys) and wall;
* ``mlgloss serve``: process start to the first ``publishDiagnostics`` of the opened file
  (a raw stdio client: ``initialize``, ``initialized``, ``didOpen``), and the server's CPU
  by then.

The same figures without the project glossary come first. ``--server PATH`` runs the
``mlgloss`` package found under PATH instead (e.g. a worktree of ``main``'s ``server``
directory), to compare before and after in one run.

Run: ``python benchmarks/project_glossary.py [--runs 3] [--shape rich] [--server PATH]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import string
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ENTRIES = 50_000


def glossary_text(shape: str, entries: int = ENTRIES) -> str:
    lines = ["version: 1", "entries:"]
    if shape == "simple":
        lines.extend(f"  - {{term: Term{i}, definition: d}}" for i in range(entries))
        return "\n".join(lines) + "\n"
    rng = random.Random(14)
    seen: set[str] = set()
    while len(seen) < entries:
        words = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 9)))]
        words += ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 8)))]
        if rng.random() < 0.3:
            words.append("".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 7))))
        acronym = "".join(w[0] for w in words).upper() + str(len(seen))
        term = " ".join(words)
        if term in seen:
            continue
        seen.add(term)
        lines.append(f"  - term: {term}")
        lines.append(f"    acronym: {acronym}")
        lines.append(f"    forms: [{{text: {''.join(words)}, status: deprecated}}]")
        lines.append(f"    definition: A {words[-1]}.")
    return "\n".join(lines) + "\n"


def _env(cache: Path, server: str | None) -> dict[str, str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "MLGLOSS_NO_CACHE": ""}
    if server:
        env["PYTHONPATH"] = server + os.pathsep + env.get("PYTHONPATH", "")
    return env


def check_run(project: Path, cache: Path, server: str | None) -> tuple[float, float]:
    """CPU (user + sys) and wall seconds of one ``mlgloss check doc.md``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mlgloss", "check", "doc.md"],
        cwd=project,
        env=_env(cache, server),
        capture_output=True,
        check=False,
    )
    if done.returncode not in (0, 1):
        raise SystemExit(f"mlgloss check failed: {done.stderr.decode()}")
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def serve_run(project: Path, cache: Path, server: str | None) -> tuple[float, float]:
    """Seconds from process start to the first diagnostics of doc.md, and the server's CPU
    seconds by then."""
    began = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mlgloss", "serve", "--log-level", "warning"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=project,
        env=_env(cache, server),
    )
    assert proc.stdin is not None and proc.stdout is not None
    stdin, stdout = proc.stdin, proc.stdout
    lock = threading.Lock()
    done = threading.Event()
    result: dict[str, float] = {}

    def send(message: dict[str, object]) -> None:
        body = json.dumps(message).encode()
        with lock:
            stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            stdin.flush()

    def read() -> None:
        while True:
            length = 0
            while (line := stdout.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line:
                done.set()
                return
            message = json.loads(stdout.read(length))
            method = message.get("method")
            if method == "textDocument/publishDiagnostics" and not done.is_set():
                result["seconds"] = time.perf_counter() - began
                result["cpu"] = _cpu_seconds(proc.pid)
                done.set()
            elif method is not None and "id" in message:
                items = message.get("params", {}).get("items", [])
                answer = [{} for _ in items] if method == "workspace/configuration" else None
                send({"jsonrpc": "2.0", "id": message["id"], "result": answer})

    threading.Thread(target=read, daemon=True).start()
    send(
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {
                "processId": None,
                "rootUri": project.as_uri(),
                "capabilities": {"workspace": {"configuration": True}},
            },
        }
    )
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    doc = project / "doc.md"
    item = {"uri": doc.as_uri(), "languageId": "markdown", "version": 1, "text": doc.read_text()}
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": item}})
    done.wait(600)
    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    send({"jsonrpc": "2.0", "method": "exit"})
    try:
        proc.wait(60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    return result.get("seconds", float("nan")), result.get("cpu", float("nan"))


def _line(label: str, first: tuple[float, float], later: list[tuple[float, float]]) -> str:
    best = min(later)
    return (
        f"{label:<44} first {first[0]:5.2f} s ({first[1]:5.2f})   "
        f"later best {best[0]:5.2f} s ({best[1]:5.2f}), all "
        + ", ".join(f"{c:.2f}" for c, _ in later)
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--shape", choices=("rich", "simple"), default="rich")
    parser.add_argument("--server", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mlgloss-50k-") as tmp:
        root = Path(tmp)
        plain, big = root / "plain", root / "big"
        for project in (plain, big):
            project.mkdir()
            (project / "doc.md").write_text("# Notes\n\nWe tune the lora adapters.\n")
        (plain / ".mlgloss.toml").write_text("# no project glossary\n")
        (big / ".mlgloss.toml").write_text('glossary = ["glossary.yaml"]\n')
        text = glossary_text(args.shape)
        (big / "glossary.yaml").write_text(text)
        print(
            f"{ENTRIES:,}-entry glossary ({args.shape}, {len(text) / 1e6:.1f} MB); "
            f"load {os.getloadavg()[0]:.2f}; figures: CPU s (wall s); server: CPU (to "
            "first diagnostics)"
        )
        for name, project in (("no project glossary", plain), ("50,000 entries", big)):
            for kind, run in (("mlgloss check", check_run), ("mlgloss serve", serve_run)):
                cache = root / f"cache-{name[:2]}-{kind[-5:]}"
                if kind == "mlgloss check":
                    first = run(project, cache, args.server)
                    later = [run(project, cache, args.server) for _ in range(args.runs)]
                else:
                    seconds, cpu = run(project, cache, args.server)
                    first = (cpu, seconds)
                    later = [
                        (c, s)
                        for s, c in (run(project, cache, args.server) for _ in range(args.runs))
                    ]
                print(_line(f"{kind}, {name}", first, later))
        print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
