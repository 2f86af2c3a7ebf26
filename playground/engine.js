// The one place the playground names its engine build: pkg/browser, the engine without introspection,
// push, pull and TypeScript generation, optimised for size (the page's first paint waits for it).
import init, * as core from '../pkg/browser/sleet.js';
// The build copies the wasm next to the bundles under a content-hashed name and gives its path here.
import wasmPath from '../pkg/browser/sleet_bg.wasm';

let ready;

/** Compiles the engine once. */
export function loadEngine() {
  ready ??= init({ module_or_path: new URL(wasmPath, import.meta.url) }).then(() => core);
  return ready;
}
