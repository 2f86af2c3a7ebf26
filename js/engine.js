/**
 * The wasm core, loaded once. Node and Bun use `--target web` bindings (pkg/web, the whole engine) so
 * the module can be compiled asynchronously: V8 validates and compiles it on a background thread while
 * the main thread loads the config and the driver.
 *
 * `migrate` needs only the migrator's core: pkg/migrate is that build (no `schema` feature), a twentieth
 * of the size, so applications that migrate at start-up do not pay for compiling the schema engine.
 *
 * The package ships the whole engine brotli-compressed only (`sleet_bg.wasm.br`: a third smaller in
 * the tarball than gzip makes it); it is decompressed on libuv's thread pool while the main thread goes
 * on (about 20 ms of CPU). A source checkout has the plain module beside it, which is read instead, and
 * so does the package for the migrator's (`migrate`'s start-up path).
 */
import { readFile } from 'node:fs/promises';
import { asSleetError } from './errors.js';

/** @param {string} dir @returns {Promise<Uint8Array>} the module's bytes */
async function wasmBytes(dir) {
  try {
    return await readFile(new URL(`${dir}sleet_bg.wasm`, import.meta.url));
  } catch (err) {
    if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'ENOENT') throw err;
  }
  const [compressed, { brotliDecompress }] = await Promise.all([readFile(new URL(`${dir}sleet_bg.wasm.br`, import.meta.url)), import('node:zlib')]);
  // One pass on the thread pool: by default zlib hands back 16 kB at a time, a round trip through the
  // event loop for each (260 of them for the whole engine, which doubled its load time). The engine
  // compresses 5:1.
  return new Promise((resolve, reject) => {
    brotliDecompress(compressed, { chunkSize: Math.max(1 << 16, compressed.length * 8) }, (err, bytes) => (err ? reject(err) : resolve(bytes)));
  });
}

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
    const compiled = wasmBytes(dir).then((bytes) => WebAssembly.compile(bytes));
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
 * A JSON value that arrives as text (the schema's description, made in a worker thread, as UTF-8
 * bytes; a catalog query's rows, as chunks of text the server wrote): put into an engine input as it
 * is, never parsed into JS objects and stringified back (megabytes at 1,000 tables), nor joined or
 * decoded into one more JS string.
 */
export class JsonText {
  /** @param {string | Uint8Array | Array<string | Uint8Array>} json the JSON text, its UTF-8, or the text in consecutive parts */
  constructor(json) {
    this.parts = Array.isArray(json) ? json : [json];
  }

  /** For anything else that stringifies an input holding one (a log, a test). */
  toJSON() {
    const decoder = new TextDecoder();
    return JSON.parse(this.parts.map((part) => (typeof part === 'string' ? part : decoder.decode(part, { stream: true }))).join(''));
  }
}

/**
 * An engine input as the core takes it. JsonText values in an input object (at any depth of plain
 * objects) are spliced in as they stand: the input goes over as JSON text in parts (`jsonParts`, see
 * `json_bytes` in src/lib.rs), which the core copies into its memory once.
 * @param {unknown} value
 */
function engineInput(value) {
  if (!holdsJsonText(value)) return value;
  /** @type {Array<string | Uint8Array>} */
  const parts = [];
  let text = '';
  /** @param {unknown} v */
  const put = (v) => {
    if (v instanceof JsonText) {
      parts.push(text, ...v.parts);
      text = '';
    } else if (isPlainObject(v)) {
      let first = true;
      text += '{';
      for (const [key, item] of Object.entries(/** @type {Record<string, unknown>} */ (v))) {
        if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
        text += `${first ? '' : ','}${JSON.stringify(key)}:`;
        first = false;
        put(item);
      }
      text += '}';
    } else {
      text += JSON.stringify(v);
    }
  };
  put(value);
  parts.push(text);
  return { jsonParts: parts.filter((part) => part !== '') };
}

/** @param {unknown} v @returns {v is Record<string, unknown>} */
const isPlainObject = (v) => v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

/** @param {unknown} v @returns {boolean} */
const holdsJsonText = (v) => v instanceof JsonText || (isPlainObject(v) && Object.values(v).some(holdsJsonText));

/**
 * Call a core function, turning its thrown errors into SleetError.
 * @template T
 * @param {string} name exported function of the wasm module
 * @param {...unknown} args
 * @returns {Promise<T>}
 */
export async function call(name, ...args) {
  return callOn(await engine(), name, ...args);
}

/**
 * Call a method of an object the core made (a prepared `generate`), as `call` calls its functions.
 * @param {any} target
 * @param {string} name
 * @param {...unknown} args
 */
export function callOn(target, name, ...args) {
  try {
    return target[name](...args.map(engineInput));
  } catch (err) {
    throw asSleetError(err);
  }
}
