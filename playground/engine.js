// The one place the playground names its engine build. pkg/web is the whole engine; a slimmer browser
// build (no introspection, no TypeScript generation) replaces it by changing the two imports below.
import init, * as core from '../pkg/web/sleet.js';
// The build copies the wasm next to the bundles under a content-hashed name and gives its path here.
import wasmPath from '../pkg/web/sleet_bg.wasm';

let ready;

/** Compiles the engine once. */
export function loadEngine() {
  ready ??= init({ module_or_path: new URL(wasmPath, import.meta.url) }).then(() => core);
  return ready;
}
