"""Output formats of ``mlgloss check``: one module per format, each with ``render(report, out)``."""

from __future__ import annotations

FORMATS = ("text", "json", "sarif", "github")
