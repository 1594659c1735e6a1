#!/usr/bin/env bash
# The whole test suite, as CI runs it (`.ci/run` calls exactly this).
# Installs what it needs on a fresh Debian machine with Rust, then: format, lint, every test.
set -euo pipefail
cd "$(dirname "$0")/.."

install_if_missing() { # command package
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "== installing $2"
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq "$2"
    else sudo apt-get update -qq && sudo apt-get install -y -qq "$2"; fi
  fi
}
# The lottery's independent verifier is Python (standard library only); a test runs it.
install_if_missing python3 python3
rustup component add rustfmt clippy >/dev/null 2>&1 || true

echo "== cargo fmt"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== cargo test"
cargo test --workspace --locked
