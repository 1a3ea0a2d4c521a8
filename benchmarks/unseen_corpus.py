"""Builds the unseen-writing corpus: ML packages' source distributions from PyPI.

``python benchmarks/unseen_corpus.py [--fresh | --fresh2] OUT-DIR`` downloads the sdists
listed in :data:`PACKAGES` (with ``--fresh``, :data:`FRESH_PACKAGES`, a second set, and with
``--fresh2``, :data:`FRESH2_PACKAGES`, a third, each first read by a judgment of 2026-12-04;
see PRECISION.md) (``pip download --no-deps --no-binary :all:``), unpacks each under
``OUT-DIR/<name>/`` and keeps only the files mlgloss reads (Markdown, notebooks, Python,
YAML, JSON, TOML), without tests, packaging metadata, lock files, vendored code and data
files (:data:`DROPPED_PARTS`, :data:`DROPPED_PATHS`). None of these projects is in
``../shared/corpus`` and no rule was tuned on them before their first judgment
(``benchmarks/PRECISION.md``, "Unseen writing"). Then, for example:
``PYTHONPATH=server python benchmarks/precision.py --corpus OUT-DIR --seed N --size 150``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGES = {
    "bitsandbytes": "0.42.0",
    "evaluate": "0.4.6",
    "liger_kernel": "0.8.5",
    "llamafactory": "0.9.5",
    "lm_eval": "0.4.13",
    "mlx_lm": "0.32.2",
    "ms_swift": "4.6.0",
    "mteb": "2.26.24",
    "nanotron": "0.4",
    "open_clip_torch": "3.3.0",
    "optimum": "2.3.0",
    "sentence_transformers": "6.3.0",
    "timm": "1.0.31",
    "transformer_lens": "4.3.0",
}
FRESH_PACKAGES = {
    "alignment-handbook": "0.3.0",
    "autoawq": "0.2.9",
    "dspy": "3.4.1",
    "evalscope": "1.14.1",
    "huggingface_hub": "2.4.0",
    "keras_hub": "0.32.0",
    "lighteval": "0.13.0",
    "llmcompressor": "0.14.0.1",
    "mergekit": "0.1.5",
    "outlines": "1.3.3",
    "ragas": "0.4.3",
    "torchmetrics": "1.9.0",
    "torchtitan": "0.3.0",
    "unsloth": "2026.3.4",
    "xtuner": "0.2.0",
}
FRESH2_PACKAGES = {
    "ai2_olmo_core": "3.0.0",
    "auto_round": "0.16.1",
    "datasets": "5.2.0",
    "deepeval": "4.3.1",
    "gptqmodel": "7.7.0",
    "hqq": "0.2.8.post1",
    "instructor": "1.17.0",
    "llm_foundry": "0.22.0",
    "lmms_eval": "0.7.3",
    "mosaicml": "0.32.1",
    "optimum_quanto": "0.2.7",
    "sglang": "0.5.10.post1",
}
SETS = {"--fresh": FRESH_PACKAGES, "--fresh2": FRESH2_PACKAGES}
KEPT_SUFFIXES = (".md", ".mdx", ".ipynb", ".py", ".yaml", ".yml", ".json", ".toml")
DROPPED_NAMES = frozenset({"PKG-INFO", "setup.cfg", "poetry.lock", "uv.lock", "package-lock.json"})
DROPPED_PARTS = frozenset({"tests", "test", ".devcontainer", ".vscode", "third_party"})
DROPPED_PATHS = (  # data files, not writing
    "mteb/descriptive_stats",
    "mteb/languages",
    "llamafactory/data",
    "timm/data/_info",
    "ms_swift/swift/dataset/data",
    "transformer_lens/demos/data",
)


def _kept(relative: Path) -> bool:
    if relative.name in DROPPED_NAMES or relative.suffix not in KEPT_SUFFIXES:
        return False
    if DROPPED_PARTS.intersection(relative.parts):
        return False
    posix = relative.as_posix()
    return not any(posix.startswith(p + "/") or f"/{p}/" in posix for p in DROPPED_PATHS)


def main() -> None:
    args = sys.argv[1:]
    packages = SETS.get(args[0], PACKAGES) if args else PACKAGES
    args = args[1:] if args and args[0] in SETS else args
    if len(args) != 1:
        sys.exit(__doc__)
    out = Path(args[0])
    with tempfile.TemporaryDirectory() as tmp:
        for name, version in packages.items():
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary",
                 ":all:", f"{name}=={version}", "-d", tmp],
                check=True,
            )  # fmt: skip
        for archive in sorted(Path(tmp).glob("*.tar.gz")):
            name = next(
                n
                for n in packages
                if archive.name.lower()
                .replace("-", "_")
                .startswith(n.lower().replace("-", "_") + "_")
            )
            unpacked = Path(tmp) / "unpacked" / name
            with tarfile.open(archive) as tar:
                tar.extractall(unpacked, filter="data")
            (top,) = unpacked.iterdir()
            for path in sorted(top.rglob("*")):
                relative = path.relative_to(top)
                if path.is_file() and not path.is_symlink() and _kept(Path(name) / relative):
                    target = out / name / relative
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(path, target)
    print(f"wrote {sum(1 for p in out.rglob('*') if p.is_file())} files under {out}")


if __name__ == "__main__":
    main()
