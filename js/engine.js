/**
 * The wasm core, loaded once. Node and Bun use `--target web` bindings (pkg/web, the whole engine) so
 * the module can be compiled asynchronously: V8 validates and compiles it on a background thread while
 * the main thread loads the config and the driver.
 *
 * `migrate` needs only the migrator's core: pkg/migrate is that build (no `schema` feature), a twentieth
 * of the size, so applications that migrate at start-up do not pay for compiling the schema engine.
 */
import { readFile } from 'node:fs/promises';
import { asSleetError } from './errors.js';

const BUILDS = {
  schema: { dir: '../pkg/web/', hint: 'pkg/web' },
  migrate: { dir: '../pkg/migrate/', hint: 'pkg/migrate' },
};

/** @type {Record<string, Promise<any> | undefined>} */
const loading = {};

/** @param {'schema' | 'migrate'} build */
function load(build) {
  const { dir, hint } = BUILDS[build];
  loading[build] ??= (async () => {
    const compiled = readFile(new URL(`${dir}sleet_bg.wasm`, import.meta.url)).then((bytes) => WebAssembly.compile(bytes));
    const [bindings, module] = await Promise.all([import(`${dir}sleet.js`), compiled]);
    bindings.initSync({ module });
    return bindings;
  })().catch((err) => {
    throw asSleetError(
      Object.assign(
        new Error(
          `the sleet engine (${hint}/sleet.js, sleet_bg.wasm) could not be loaded: ${err.message}. ` +
            'In a source checkout run `npm run build` first.',
        ),
        { code: 'internal_error' },
      ),
    );
  });
  return loading[build];
}

/** @returns {Promise<any>} the whole engine's exports */
export function engine() {
  return load('schema');
}

/** @returns {Promise<any>} exports with the migrator's functions: the whole engine when it is loaded already */
export function migrateEngine() {
  return loading.schema ?? load('migrate');
}

/**
 * Start loading an engine now, for a caller that will need it later: a failure is reported by that
 * later call, not as an unhandled rejection.
 * @param {'schema' | 'migrate'} [build]
 */
export function preloadEngine(build = 'schema') {
  (build === 'migrate' ? migrateEngine() : engine()).catch(() => {});
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
