// The one place the playground names its engine build: pkg/web, Node's engine (the package ships one
// schema engine; the page's first paint waits for it: README, "Package and engine size").
import init, * as core from '../pkg/web/sleet.js';

/* global SLEET_ENGINE_URL */
// Served beside the bundles (copied by the static build; from pkg/web by `sleet playground`, brotli-encoded), with
// its content hash in the query (scripts/build-playground.mjs).

let ready;

/**
 * Instantiates the engine once, from the module the page compiled (index.html starts that before this
 * worker's bundle has loaded), else from its URL (streamed: compiled while it downloads).
 * @param {Promise<WebAssembly.Module | undefined>} [compiled]
 */
export function loadEngine(compiled) {
  ready ??= (async () => {
    const module = await compiled;
    await init({ module_or_path: module ?? new URL(SLEET_ENGINE_URL, import.meta.url) });
    return core;
  })();
  return ready;
}
