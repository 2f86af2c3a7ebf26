#!/usr/bin/env bash
# Release wasm build, then bindings for Node/Bun (ESM) and for browsers.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --target wasm32-unknown-unknown --lib
wasm=target/wasm32-unknown-unknown/release/sleet.wasm
wasm-bindgen --target experimental-nodejs-module --out-dir pkg/node "$wasm"
wasm-bindgen --target web --out-dir pkg/web "$wasm"
