"""Runs the mlgloss that ships inside the VS Code extension (``importStrategy: useBundled``).

The extension starts ``<python> -I bundled/tool/launch.py serve``. Isolated mode (``-I``) keeps
the user's PYTHONPATH, user site-packages and the working directory off ``sys.path``; this file
puts ``bundled/libs`` (mlgloss and its runtime dependencies, pure Python, installed there when
the ``.vsix`` is packaged) first, so the bundled copy runs whatever the interpreter has
installed. ``launch.py --probe`` prints one JSON line (the interpreter's and mlgloss's versions
and where mlgloss was imported from) for the extension's interpreter check and output channel.
This file must stay runnable by old Pythons (no f-strings, no annotations), so that it can
say they are too old.
"""

import json
import os
import sys

MIN_PYTHON = (3, 11)
LIBS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "libs")


def _probe():
    answer = {
        "python": "{}.{}.{}".format(*sys.version_info[:3]),
        "executable": sys.executable,
        "supported": sys.version_info[:2] >= MIN_PYTHON,
    }
    if answer["supported"]:
        try:
            import mlgloss
        except Exception as exc:  # a broken bundle: say so instead of a traceback
            answer["error"] = "{}: {}".format(type(exc).__name__, exc)
        else:
            answer["mlgloss"] = getattr(mlgloss, "__version__", "?")
            answer["location"] = os.path.dirname(os.path.abspath(mlgloss.__file__))
    sys.stdout.write(json.dumps(answer) + "\n")
    return 0


def main():
    sys.path.insert(0, LIBS)
    if sys.argv[1:] == ["--probe"]:
        return _probe()
    if sys.version_info[:2] < MIN_PYTHON:
        sys.stderr.write(
            "mlgloss needs Python {}.{} or newer; {} is {}.{}\n".format(
                *MIN_PYTHON, sys.executable, *sys.version_info[:2]
            )
        )
        return 2
    from mlgloss.cli.main import main as mlgloss_main

    return mlgloss_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
