#!/usr/bin/env bash
# Installs what building and testing sleet needs, skipping whatever is already in place.
set -euo pipefail
cd "$(dirname "$0")/.."
WASM_BINDGEN_VERSION=0.2.130   # must equal the `wasm-bindgen = "=…"` pin in Cargo.toml

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  # Not --locked: the CLI's lock file pins a crate version the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi
# Reinstall only when the lock file changed since the last install (node_modules is CI's cache).
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.sleet-lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  # Install scripts must run: bun's postinstall puts the real binary in place.
  npm ci --no-audit --no-fund
  echo "$lock_hash" > node_modules/.sleet-lock-hash
fi
bash scripts/build.sh
