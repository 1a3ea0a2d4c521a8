#!/usr/bin/env bash
# Installs the peer linters the export tests run (tests/cli/test_exports_in_real_tools.py):
# textlint with textlint-rule-prh and textlint-rule-terminology, and cspell, from the npm
# registry into $MLGLOSS_LINTERS_CACHE (default <repo>/.cache/linters, git-ignored).
# Every package, the dependencies of dependencies included, is pinned by .ci/linters/
# package-lock.json and installed with `npm ci`: an unpinned install takes whatever the
# registry holds that day, and once a dependency asked for a release the registry here did
# not have (@babel/types@^7.29.17), which failed CI with no change of ours.
# Idempotent: does nothing when the locked set is there. Vale has no release installable
# from the registries here (its PyPI and npm wrappers download the binary at first use), so
# the Vale export is checked against Vale's documented format with RE2 itself (google-re2).
# usage: bash .ci/install-linters.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${MLGLOSS_LINTERS_CACHE:-$ROOT/.cache/linters}
LOCK=$ROOT/.ci/linters/package-lock.json
STAMP=$CACHE/node_modules/.mlgloss-installed
WANTED=$(sha256sum "$LOCK" | cut -d' ' -f1)
mkdir -p "$CACHE"
if [ "$(cat "$STAMP" 2>/dev/null)" != "$WANTED" ]; then
  cp "$ROOT/.ci/linters/package.json" "$LOCK" "$CACHE/"
  (cd "$CACHE" && timeout 600 npm ci --no-audit --no-fund >/dev/null)
  echo "$WANTED" > "$STAMP"
fi
echo "[install-linters] $(cd "$CACHE" && node -e 'const d=require("./package.json").dependencies;console.log(Object.entries(d).map(([k,v])=>k+"@"+v).join(" "))') in $CACHE"
