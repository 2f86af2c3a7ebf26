#!/usr/bin/env bash
# The whole test suite: lint, Rust unit tests, wasm-bindgen tests under Node, JS tests against PGlite,
# PostgreSQL, MariaDB and SQLite, with drizzle-kit 1.0.0-rc.5 as the oracle.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/services.sh
# tests/js/browser.test.js runs the browser entry in Debian's Chromium.
if ! command -v chromium >/dev/null 2>&1; then
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  $SUDO apt-get install -y --no-install-recommends chromium \
    || { $SUDO apt-get update && $SUDO apt-get install -y --no-install-recommends chromium; }
fi
cargo fmt --check
cargo clippy --all-targets -- -D warnings
# The migrator-only build (pkg/migrate) must stay warning-free too.
cargo clippy --lib --no-default-features -- -D warnings
# ... and the browser build (pkg/browser: the schema engine without `introspect`).
cargo clippy --lib --no-default-features --features schema -- -D warnings
cargo test --quiet
cargo test --target wasm32-unknown-unknown --test wasm
# The skip gate fails the run when a test skips without a place on its commented allow-list.
node --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=./tests/js/support/skip-gate.mjs --test-reporter-destination=stderr \
  tests/js/
