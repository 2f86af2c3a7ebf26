#!/usr/bin/env bash
# Release wasm builds, then bindings, then wasm-opt. Three engines, each shipped once:
#   pkg/web      the whole engine: Node and Bun load it for every command but `migrate`
#   pkg/browser  the engine without `introspect` (push, pull, codegen, introspection): the browser
#                entry and the playground, whose first paint waits for it
#   pkg/migrate  the migrator alone (no `schema` feature): what `migrate` loads at application start-up
# SLEET_WASM_OPT=0 skips wasm-opt (a quicker local build; the modules are then larger and slower).
# SLEET_ENGINES="web" (or any of web browser migrate) builds only those engines: quicker while iterating.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf pkg/node # the ESM build for Node that earlier checkouts wrote: no longer built or shipped

# build <pkg dir> <cargo profile> <wasm-opt flags> [cargo flags...]
build() {
  local out=$1 profile=$2 opt=$3
  shift 3
  case " ${SLEET_ENGINES:-web browser migrate} " in *" ${out#pkg/} "*) ;; *) return 0 ;; esac
  # A target dir per feature set: a cdylib's output has no per-feature file name, so sharing one
  # would rebuild each engine in turn on every build.
  local target=target/${out#pkg/}
  [ "$out" = pkg/web ] && target=target
  cargo build --profile "$profile" --target wasm32-unknown-unknown --lib --target-dir "$target" "$@"
  local staged=target/bindgen/${out#pkg/}
  wasm-bindgen --target web --out-dir "$staged" "$target/wasm32-unknown-unknown/$profile/sleet.wasm"
  mkdir -p "$out"
  cp "$staged/sleet.js" "$staged/sleet.d.ts" "$out/"
  # wasm-opt takes from seconds to a minute or two per module: run it only when its input or flags
  # changed since the module in pkg/ was made.
  local key
  key="$(sha256sum "$staged/sleet_bg.wasm" | cut -d' ' -f1) $opt"
  if [ "${SLEET_WASM_OPT:-1}" = 0 ]; then
    cp "$staged/sleet_bg.wasm" "$out/sleet_bg.wasm"
    rm -f "$out/.wasm-opt-key"
  elif [ "$(cat "$out/.wasm-opt-key" 2>/dev/null)" != "$key" ] || [ ! -f "$out/sleet_bg.wasm" ]; then
    node_modules/.bin/wasm-opt $opt "$staged/sleet_bg.wasm" -o "$out/sleet_bg.wasm.tmp"
    mv "$out/sleet_bg.wasm.tmp" "$out/sleet_bg.wasm"
    echo "$key" > "$out/.wasm-opt-key"
  fi
}

# Node's engines are only stripped of their names section (-13 %): wasm-opt -O3 made `generate` slower
# on Node (README, "Engine size"). The browser's is optimised for size, by cargo (profile `browser`)
# and by wasm-opt.
build pkg/web release "--strip-debug --strip-producers"
build pkg/browser browser "-Oz --strip-debug --strip-producers" --no-default-features --features schema
build pkg/migrate release "--strip-debug --strip-producers" --no-default-features
