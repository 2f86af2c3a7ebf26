/**
 * The wasm core, loaded once. Node and Bun load the ESM build in pkg/node; browsers use js/browser.js.
 */
import { asSleetError } from './errors.js';

/** @type {Promise<any> | undefined} */
let loading;

/** @returns {Promise<any>} the wasm module's exports */
export function engine() {
  loading ??= import('../pkg/node/sleet.js').catch((err) => {
    throw asSleetError(
      Object.assign(
        new Error(
          `the sleet engine (pkg/node/sleet.js) could not be loaded: ${err.message}. ` +
            'In a source checkout run `npm run build` first.',
        ),
        { code: 'internal_error' },
      ),
    );
  });
  return loading;
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
