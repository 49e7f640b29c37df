#!/usr/bin/env bash
# Installs what the dashboard's browser tests need, and only what is missing:
#   - Debian's Chromium (/usr/bin/chromium), via apt-get (as root)
#   - the test dependencies (playwright-core, pinned in package-lock.json), via npm ci
# Idempotent: a second run does nothing but check. Never downloads a browser build of
# its own (playwright's "install" is not used: the network only reaches the registries).
#
# usage: bash scripts/ensure-browser.sh            (from anywhere)
#   CHROMIUM_PATH=/path/to/chromium   use another Chromium and skip the apt step
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TEST_DIR="$ROOT/app/src/test/browser"
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"

say()  { printf '[ensure-browser] %s\n' "$*"; }
fail() { printf '[ensure-browser] ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- node + npm
command -v node >/dev/null 2>&1 || fail "node is not installed (Node.js >= 20 needed: apt-get install -y nodejs npm)"
NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
[ "$NODE_MAJOR" -ge 20 ] || fail "node $(node -v) is too old: the tests use node:test and need Node.js >= 20"
command -v npm >/dev/null 2>&1 || fail "npm is not installed (apt-get install -y npm)"

# ---------------------------------------------------------------- chromium
if [ -x "$CHROMIUM" ]; then
  say "chromium present: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
elif [ -n "${CHROMIUM_PATH:-}" ]; then
  fail "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable"
else
  [ "$(id -u)" -eq 0 ] || fail "chromium is missing and installing it needs root: sudo apt-get install -y chromium (or run this script as root)"
  command -v apt-get >/dev/null 2>&1 || fail "chromium is missing and this is not a Debian/Ubuntu system (no apt-get): install Chromium and set CHROMIUM_PATH"
  export DEBIAN_FRONTEND=noninteractive
  # 'apt-get update' only when the package lists don't know chromium yet (fresh machine)
  if ! apt-cache policy chromium 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    say "apt-get update (package lists don't know chromium yet)"
    apt-get update -qq || fail "apt-get update failed: is Debian's package mirror reachable?"
  fi
  say "apt-get install -y chromium"
  if ! apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; then
    say "install failed with the current package lists; refreshing them once and retrying"
    apt-get update -qq || fail "apt-get update failed: is Debian's package mirror reachable?"
    apt-get install -y -qq chromium fonts-dejavu-core >/dev/null \
      || fail "apt-get install chromium failed (see apt's output above)"
  fi
  [ -x "$CHROMIUM" ] || fail "chromium installed but $CHROMIUM is missing"
  say "chromium installed: $("$CHROMIUM" --version 2>/dev/null)"
fi

# ---------------------------------------------------------------- npm ci
cd "$TEST_DIR"
want="$(node -p 'require("./package-lock.json").packages["node_modules/playwright-core"].version')"
have="$(node -p 'try { require("./node_modules/playwright-core/package.json").version } catch { "" }' 2>/dev/null || true)"
if [ "$have" = "$want" ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  say "test dependencies present (playwright-core $have)"
else
  say "npm ci in ${TEST_DIR#"$ROOT"/} (playwright-core $want)"
  # playwright-core has no install script; nothing else is downloaded
  npm ci --no-audit --no-fund --loglevel=error \
    || fail "npm ci failed: is the npm registry reachable? (npm config get registry: $(npm config get registry))"
fi
say "ready: cd ${TEST_DIR#"$ROOT"/} && npm test"
