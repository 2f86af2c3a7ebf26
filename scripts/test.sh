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
# ... and the schema engine without `introspect` (the feature split; no package ships that build now).
cargo clippy --lib --no-default-features --features schema -- -D warnings
# The browser entry's brotli decoder (pkg/unbrotli) is a crate of its own.
cargo fmt --manifest-path unbrotli/Cargo.toml --check
cargo clippy --manifest-path unbrotli/Cargo.toml --target wasm32-unknown-unknown --target-dir target/unbrotli -- -D warnings
cargo test --quiet
cargo test --target wasm32-unknown-unknown --test wasm
# Two shards in parallel, one per core: most of the suite's time is child processes (both CLIs) and
# database round trips. The Postgres suites (*.pg.test.js) but the push differential, and the MySQL
# suites (*.mysql.test.js), form the first shard; everything else the second (about equal halves of the time).
# The two suites that create the scenarios' cluster-wide roles hold a
# server-side lock while they do (tests/js/support/role-lock.js). Each shard keeps its own skip gate
# (it fails the run on any skip or todo that is not on its commented allow-list).
shopt -s nullglob
first=() second=()
for file in tests/js/*.test.js; do
  case "$file" in
    tests/js/push-scenarios.pg.test.js) second+=("$file") ;;
    *.pg.test.js | *.mysql.test.js) first+=("$file") ;;
    *) second+=("$file") ;;
  esac
done
logs=$(mktemp -d)
shard() {
  local name=$1
  shift
  # A child that never exits would otherwise hold CI until it is cut: each shard gets 50 minutes.
  timeout --signal=TERM 50m node --test --test-concurrency=1 \
    --test-reporter=spec --test-reporter-destination="$logs/$name.log" \
    --test-reporter=./tests/js/support/skip-gate.mjs --test-reporter-destination=stderr \
    "$@"
}
status=0
shard first "${first[@]}" & first_pid=$!
shard second "${second[@]}" & second_pid=$!
wait "$first_pid" || status=1
wait "$second_pid" || status=1
for name in first second; do
  echo "==== shard $name"
  cat "$logs/$name.log"
done
rm -rf "$logs"
exit "$status"
