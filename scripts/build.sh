#!/usr/bin/env bash
# Release wasm builds, then bindings, then wasm-opt, then brotli. Two engines and a decoder:
#   pkg/web       the whole engine: Node and Bun load it for every command but `migrate`; the browser
#                 entry and the playground load it too
#   pkg/migrate   the migrator alone (no `schema` feature): what `migrate` loads at application start-up
#   pkg/unbrotli  a brotli decoder (unbrotli/): the package ships the schema engine as sleet_bg.wasm.br
#                 only (README, "Package and engine size"); Node and Bun decompress it with node:zlib, a
#                 browser with this
# SLEET_WASM_OPT=0 skips wasm-opt (a quicker local build; the modules are then larger and slower).
# SLEET_ENGINES="web" (or any of web migrate unbrotli) builds only those: quicker while iterating.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf pkg/node # the ESM build for Node that earlier checkouts wrote: no longer built or shipped

# build <pkg dir> <cargo profile> <wasm-opt flags> [cargo flags...]
build() {
  local out=$1 profile=$2 opt=$3
  shift 3
  case " ${SLEET_ENGINES:-web migrate unbrotli} " in *" ${out#pkg/} "*) ;; *) return 0 ;; esac
  # A target dir per feature set: a cdylib's output has no per-feature file name, so sharing one
  # would rebuild each engine in turn on every build.
  local target=target/${out#pkg/}
  [ "$out" = pkg/web ] && target=target
  cargo build --profile "$profile" --target wasm32-unknown-unknown --lib --target-dir "$target" "$@"
  local staged=target/bindgen/${out#pkg/}
  wasm-bindgen --target web --out-dir "$staged" "$target/wasm32-unknown-unknown/$profile/sleet.wasm"
  mkdir -p "$out"
  cp "$staged/sleet.js" "$staged/sleet.d.ts" "$out/"
  if [ "$out" = pkg/web ]; then
    # The package ships this module as sleet_bg.wasm.br only, and every loader passes the module in;
    # but bundlers that resolve `new URL(…, import.meta.url)` (webpack) fail on a file that is not
    # there, so the bindings' unused default names the one that is.
    sed -i "s|new URL('sleet_bg.wasm', import.meta.url)|new URL('sleet_bg.wasm.br', import.meta.url)|" "$out/sleet.js"
    grep -q "new URL('sleet_bg.wasm.br', import.meta.url)" "$out/sleet.js" || { echo "build.sh: the bindings' default module URL changed shape" >&2; exit 1; }
  fi
  optimise "$staged/sleet_bg.wasm" "$out/sleet_bg.wasm" "$opt"
}

# optimise <input> <output> <wasm-opt flags>: wasm-opt takes from seconds to a minute or two per
# module, so it runs only when its input or flags changed since <output> was made.
optimise() {
  local input=$1 output=$2 opt=$3 key
  key="$(sha256sum "$input" | cut -d' ' -f1) $opt"
  if [ "${SLEET_WASM_OPT:-1}" = 0 ]; then
    cp "$input" "$output"
    rm -f "$(dirname "$output")/.wasm-opt-key"
  elif [ "$(cat "$(dirname "$output")/.wasm-opt-key" 2>/dev/null)" != "$key" ] || [ ! -f "$output" ]; then
    node_modules/.bin/wasm-opt $opt "$input" -o "$output.tmp"
    mv "$output.tmp" "$output"
    echo "$key" > "$(dirname "$output")/.wasm-opt-key"
  fi
}

# compress <file>: <file>.br, what the package ships in its place (`files` in package.json). Brotli at
# its densest takes about 12 s of CPU for pkg/web: redone only when the file changed.
compress() {
  local key
  key=$(sha256sum "$1" | cut -d' ' -f1)
  if [ "$(cat "$1.br-key" 2>/dev/null)" != "$key" ] || [ ! -f "$1.br" ]; then
    node -e '
      const { brotliCompressSync, constants: c } = require("node:zlib");
      const { readFileSync, renameSync, writeFileSync } = require("node:fs");
      const [file] = process.argv.slice(1);
      const bytes = readFileSync(file);
      const params = { [c.BROTLI_PARAM_QUALITY]: 11, [c.BROTLI_PARAM_LGWIN]: 24, [c.BROTLI_PARAM_SIZE_HINT]: bytes.length };
      writeFileSync(`${file}.br.tmp`, brotliCompressSync(bytes, { params }));
      renameSync(`${file}.br.tmp`, `${file}.br`);' "$1"
    echo "$key" > "$1.br-key"
  fi
}

# The engines are only stripped of their names section (-13 %): wasm-opt -O3 made `generate` slower
# on Node (README, "Package and engine size"), and -Oz made it no smaller once compressed.
build pkg/web release "--strip-debug --strip-producers"
build pkg/migrate release "--strip-debug --strip-producers" --no-default-features
# Only the schema engine ships compressed: the migrator's 330 kB would save 22 kB of the tarball for
# a decompression on the start-up path that `migrate` keeps under 100 ms.
if [ -f pkg/web/sleet_bg.wasm ]; then compress pkg/web/sleet_bg.wasm; fi

# The decoder has no bindings (four plain exports, js/unbrotli.js). It runs once per page, so it is
# built for size.
case " ${SLEET_ENGINES:-web migrate unbrotli} " in
  *" unbrotli "*)
    cargo build --manifest-path unbrotli/Cargo.toml --release --target wasm32-unknown-unknown --target-dir target/unbrotli
    mkdir -p pkg/unbrotli
    optimise target/unbrotli/wasm32-unknown-unknown/release/unbrotli.wasm pkg/unbrotli/unbrotli.wasm "-Oz --strip-debug --strip-producers"
    ;;
esac
rm -rf pkg/browser # the size-optimised browser engine that earlier checkouts built: no longer built or shipped
