#!/usr/bin/env bash
# The whole test suite, as CI runs it (`.ci/run` calls exactly this).
# Installs what it needs on a fresh Debian machine with Rust, then: format, lint, every test on
# SQLite and on a throwaway PostgreSQL cluster, browser tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_updated=""
install_if_missing() { # command-or-file package...
  local cmd=$1; shift
  if ! command -v "$cmd" >/dev/null 2>&1 && [ ! -e "$cmd" ]; then
    echo "== installing $*"
    local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    if [ -z "$apt_updated" ]; then $sudo apt-get update -qq; apt_updated=1; fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
  fi
}
# The lottery's independent verifier is Python (standard library only); a test runs it.
install_if_missing python3 python3
# .docx reports are read back by python-docx (Debian's, under /usr/bin/python3), independently of
# the writer; without it the test fails.
install_if_missing /usr/lib/python3/dist-packages/docx/__init__.py python3-docx
# The store and server suites run against PostgreSQL too (scripts/pg.sh installs it if needed).
# Browser tests drive Debian's Chromium through chromedriver; CJK fonts for Chinese pages.
install_if_missing /usr/bin/chromium chromium
install_if_missing /usr/bin/chromedriver chromium-driver
if ! fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk"; then
  install_if_missing /usr/share/fonts/truetype/wqy/wqy-microhei.ttc fonts-wqy-microhei
fi
rustup component add rustfmt clippy >/dev/null 2>&1 || true
# Single sign-on is tested against a real OpenID Connect provider: the certified `oidc-provider`
# package from the npm registry on Debian's Node.js, installed (from its lock file) into
# tools/oidc-test-provider/node_modules, which git ignores. No Node.js means a failed run,
# never skipped tests.
install_if_missing node nodejs
install_if_missing npm npm
node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' \
  || { echo "Node.js $(node --version) is too old for the OpenID Connect test provider: 20.19 or later is needed" >&2; exit 1; }
echo "== npm ci (tools/oidc-test-provider)"
npm ci --prefix tools/oidc-test-provider --no-audit --no-fund --loglevel=error

eval "$(scripts/pg.sh start)"
trap 'scripts/pg.sh stop >/dev/null 2>&1 || true' EXIT
export JUNHENG_TEST_CHROMEDRIVER=/usr/bin/chromedriver JUNHENG_TEST_CHROMIUM=/usr/bin/chromium
export JUNHENG_TEST_DOCX_PYTHON=/usr/bin/python3

# One clean build per run: incremental caches would only add gigabytes to the target directory.
export CARGO_INCREMENTAL=0

echo "== cargo fmt"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== cargo test"
cargo test --workspace --locked
