#!/usr/bin/env bash
# Installs the peer linters the export tests run (tests/cli/test_exports_in_real_tools.py):
# textlint with textlint-rule-prh and textlint-rule-terminology, and cspell, pinned, from the npm
# registry into $MLGLOSS_LINTERS_CACHE (default <repo>/.cache/linters, git-ignored).
# Idempotent: does nothing when the pinned versions are there. Vale has no release installable
# from the registries here (its PyPI and npm wrappers download the binary at first use), so
# the Vale export is checked against Vale's documented format with RE2 itself (google-re2).
# usage: bash .ci/install-linters.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${MLGLOSS_LINTERS_CACHE:-$ROOT/.cache/linters}
PACKAGES="textlint@15.8.0 textlint-rule-prh@6.1.0 textlint-rule-terminology@5.2.16 cspell@9.8.0"
STAMP=$CACHE/node_modules/.mlgloss-installed
mkdir -p "$CACHE"
if [ "$(cat "$STAMP" 2>/dev/null)" != "$PACKAGES" ]; then
  [ -f "$CACHE/package.json" ] || echo '{"private":true}' > "$CACHE/package.json"
  (cd "$CACHE" && timeout 600 npm install --no-audit --no-fund --no-save $PACKAGES >/dev/null)
  echo "$PACKAGES" > "$STAMP"
fi
echo "[install-linters] $PACKAGES in $CACHE"
