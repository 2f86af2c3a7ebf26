/**
 * The wasm core, loaded once. Node and Bun use the same bindings as browsers (pkg/web) so the 5.7 MB
 * module can be compiled asynchronously: V8 validates and compiles it on a background thread while the
 * main thread loads the config and the driver (the pkg/node bindings compile synchronously at import).
 */
import { readFile } from 'node:fs/promises';
import { asSleetError } from './errors.js';

/** @type {Promise<any> | undefined} */
let loading;

/** @returns {Promise<any>} the wasm module's exports */
export function engine() {
  loading ??= (async () => {
    const compiled = readFile(new URL('../pkg/web/sleet_bg.wasm', import.meta.url)).then((bytes) => WebAssembly.compile(bytes));
    const [bindings, module] = await Promise.all([import('../pkg/web/sleet.js'), compiled]);
    bindings.initSync({ module });
    return bindings;
  })().catch((err) => {
    throw asSleetError(
      Object.assign(
        new Error(
          `the sleet engine (pkg/web/sleet.js, sleet_bg.wasm) could not be loaded: ${err.message}. ` +
            'In a source checkout run `npm run build` first.',
        ),
        { code: 'internal_error' },
      ),
    );
  });
  return loading;
}

/**
 * Start loading the engine now, for a caller that will need it later: a failure is reported by that
 * later `engine()` call, not as an unhandled rejection.
 */
export function preloadEngine() {
  engine().catch(() => {});
}

/**
 * Call a core function, turning its thrown errors into SleetError.
 * @template T
 * @param {string} name exported function of the wasm module
 * @param {...unknown} args
 * @returns {Promise<T>}
 */
export async function call(name, ...args) {
  const core = await engine();
  try {
    return core[name](...args);
  } catch (err) {
    throw asSleetError(err);
  }
}
