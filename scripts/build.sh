#!/usr/bin/env bash
# Release wasm builds, then bindings: the whole engine for Node/Bun (ESM) and for browsers, and the
# migrator-only engine (no `schema` feature) that `migrate` loads at application start-up.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --target wasm32-unknown-unknown --lib
wasm=target/wasm32-unknown-unknown/release/sleet.wasm
wasm-bindgen --target experimental-nodejs-module --out-dir pkg/node "$wasm"
wasm-bindgen --target web --out-dir pkg/web "$wasm"
# Its own target dir: a cdylib's output has no per-feature file name, so sharing one would rebuild
# each engine in turn on every build.
cargo build --release --target wasm32-unknown-unknown --lib --no-default-features --target-dir target/migrate
wasm-bindgen --target web --out-dir pkg/migrate target/migrate/wasm32-unknown-unknown/release/sleet.wasm
