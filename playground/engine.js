// The one place the playground names its engine build. pkg/web is the whole engine; a slimmer browser
// build (no introspection, no TypeScript generation) replaces it by changing the import below.
import init, * as core from '../pkg/web/sleet.js';

let ready;

/** Compiles the engine once; its wasm file is served next to the worker bundle (the build copies it). */
export function loadEngine() {
  ready ??= init({ module_or_path: new URL('./sleet_bg.wasm', import.meta.url) }).then(() => core);
  return ready;
}
