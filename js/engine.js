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
    const compiled = wasmBytes(dir).then(async (bytes) => {
      const module = await WebAssembly.compile(bytes);
      if (build === 'schema') {
        release(bytes.buffer);
        // Bun (JavaScriptCore) keeps about 13 MiB the compile left behind until its next full
        // collection, which came only after the engine's run, under its highest point: 500 tables,
        // `generate`'s peak 104-108 -> 99-100 MiB, `push`'s 113-115 -> 106-108, for a few ms.
        /** @type {any} */ (globalThis).Bun?.gc?.(true);
      }
      return module;
    });
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

/**
 * Free a buffer nobody else holds now, rather than at V8's next full collection, which may come only
 * after the command's peak: the engine's bytes (4.7 MB read, 7.2 MB decompressed), once compiled,
 * stood under the engine's whole run in some runs. A transfer detaches the buffer; the closed channel
 * drops the message that owns its memory.
 * @param {ArrayBufferLike} buffer
 */
function release(buffer) {
  if (typeof MessageChannel !== 'function' || !(buffer instanceof ArrayBuffer)) return;
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(null, [buffer]);
  port1.close();
  port2.close();
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
  return holdsJsonText(value) ? { jsonParts: jsonParts(value) } : value;
}

/** UTF-8 parts of about this many bytes: large enough to be few, small enough not to matter. */
const UTF8_PART = 1 << 16;

/**
 * `value` as JSON text in consecutive parts, the same text `JSON.stringify` writes: plain objects and
 * arrays member by member down to `depth` levels, what lies deeper by `JSON.stringify`, JsonText
 * values spliced in as they stand.
 * @param {unknown} value
 * @param {{ depth?: number, utf8?: boolean }} [options] utf8: every part as UTF-8 of about 64 kB, so
 *   that the text never exists whole, as one string beside its bytes (the schema's description: 5 MB
 *   of each at 1,000 tables, at its thread's highest point)
 * @returns {Array<string | Uint8Array>}
 */
export function jsonParts(value, { depth = Infinity, utf8 = false } = {}) {
  const encoder = utf8 ? new TextEncoder() : undefined;
  /** @type {Array<string | Uint8Array>} */
  const parts = [];
  let text = '';
  const flush = () => {
    if (text !== '') parts.push(encoder ? encoder.encode(text) : text);
    text = '';
  };
  /** @param {string} piece */
  const write = (piece) => {
    text += piece;
    if (encoder && text.length >= UTF8_PART) flush();
  };
  /** @param {unknown} v */
  const omitted = (v) => v === undefined || typeof v === 'function' || typeof v === 'symbol';
  /** @param {unknown} v @param {number} level */
  const put = (v, level) => {
    if (v instanceof JsonText) {
      flush();
      for (const part of v.parts) parts.push(encoder && typeof part === 'string' ? encoder.encode(part) : part);
    } else if (level < depth && Array.isArray(v)) {
      write('[');
      v.forEach((item, i) => {
        if (i > 0) write(',');
        if (omitted(item)) write('null');
        else put(item, level + 1);
      });
      write(']');
    } else if (level < depth && isPlainObject(v) && typeof v.toJSON !== 'function') {
      let first = true;
      write('{');
      for (const [key, item] of Object.entries(v)) {
        if (omitted(item)) continue;
        write(`${first ? '' : ','}${JSON.stringify(key)}:`);
        first = false;
        put(item, level + 1);
      }
      write('}');
    } else {
      write(JSON.stringify(v));
    }
  };
  put(value, 0);
  flush();
  return parts;
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
