// The engine worker: transpiles the schema's TypeScript, evaluates it against drizzle-orm's own pg-core,
// describes it and asks the engine for the export SQL and the next migration. Off the main thread, so
// typing never waits on any of it.
import * as orm from 'drizzle-orm';
import * as pgCore from 'drizzle-orm/pg-core';
import { transform } from 'sucrase';
import { serializePg } from '../js/schema/pg.js';
import { loadEngine } from './engine.js';
import blog from './examples/blog.ts';
import { decodeState } from './share.js';

const MODULES = { 'drizzle-orm': orm, 'drizzle-orm/pg-core': pgCore };
const FILE = 'schema.ts';

/** When this worker reached each step (ms since the epoch, so the page can place them on its own clock). */
const marks = { workerStart: performance.timeOrigin + performance.now() };
const mark = (name) => { marks[name] ??= performance.timeOrigin + performance.now(); };

// The page compiles the engine and posts it here (`{ engine }`, null when that failed: then it is
// loaded from its URL); it is instantiated as soon as it arrives, while the page builds its editors.
let received;
const compiled = new Promise((resolve) => { received = resolve; });
loadEngine(compiled).then(() => mark('engineReady'), () => {});

/** An error that knows where in the schema it happened (1-based line and column). */
class SchemaError extends Error {
  constructor(message, line, column) {
    super(message);
    this.line = line;
    this.column = column;
  }
}

/** How many lines `new Function` puts before the body, measured once rather than assumed. */
const functionHeaderLines = (() => {
  try {
    new Function(`throw new Error()\n//# sourceURL=${FILE}`)();
  } catch (err) {
    const at = new RegExp(`${FILE}:(\\d+):`).exec(String(err.stack));
    if (at) return Number(at[1]) - 1;
  }
  return 2;
})();

/** @param {string} source the schema module's TypeScript */
function evaluate(source) {
  let code;
  try {
    // sucrase keeps every line where it was, so positions in the output are positions in the source.
    code = transform(source, { transforms: ['typescript', 'imports'], filePath: FILE, production: true }).code;
  } catch (err) {
    // sucrase's positions are 1-based lines and columns.
    const message = err.message.replace(`Error transforming ${FILE}: `, '').replace(/\s*\(\d+:\d+\)$/, '');
    throw new SchemaError(message, err.loc?.line, err.loc?.column);
  }
  const require = (name) => {
    if (name in MODULES) return MODULES[name];
    throw new Error(`cannot import "${name}": the playground provides drizzle-orm and drizzle-orm/pg-core`);
  };
  const module = { exports: {} };
  try {
    new Function('require', 'exports', 'module', `${code}\n//# sourceURL=${FILE}`)(require, module.exports, module);
  } catch (err) {
    const at = new RegExp(`${FILE}:(\\d+):(\\d+)`).exec(String(err?.stack));
    const message = err instanceof Error ? err.message : String(err);
    if (at) throw new SchemaError(message, Number(at[1]) - functionHeaderLines, Number(at[2]));
    throw new SchemaError(message);
  }
  // A module namespace lists its exports sorted by name, and that is the order `sleet generate` sees
  // a schema file in (entities of one kind keep it in the SQL): the page must see the same order.
  const exports = module.exports;
  return Object.fromEntries(Object.keys(exports).sort().map((name) => [name, exports[name]]));
}

/**
 * A schema text's description and export SQL, kept for the last few texts: answering a question, naming
 * the version or saving it runs the engine again on the same text.
 * @type {Map<string, { schema: object, exported: object }>}
 */
const describedBySource = new Map();

/** @param {string} source @param {object} [schema] its description, when the caller made it already */
function described(core, source, schema) {
  let entry = describedBySource.get(source);
  if (!entry) {
    schema ??= serializePg([evaluate(source)], { orm, pgCore });
    entry = { schema, exported: core.exportSql({ dialect: 'postgresql', schema }) };
    if (describedBySource.size >= 8) describedBySource.delete(describedBySource.keys().next().value);
  } else describedBySource.delete(source);
  describedBySource.set(source, entry);
  return entry;
}

/**
 * The page's first schema, described while the page's own script (the editors) still loads: evaluated
 * while the engine instantiates, then exported, then one throwaway `generate` on it, so that the engine
 * functions the page's first request runs are compiled (V8 compiles wasm lazily, on first call) before
 * that request arrives rather than during it.
 */
async function boot(hash) {
  const saved = await decodeState(hash).catch(() => undefined);
  const source = saved?.source ?? blog;
  const schema = serializePg([evaluate(source)], { orm, pgCore });
  const core = await loadEngine();
  described(core, source, schema);
  mark('firstDescribed');
  core.generate({ dialect: 'postgresql', schema, snapshots: [], hints: [], nowMs: 0, newId: '00000000-0000-4000-8000-000000000000', seed: 1, out: 'drizzle' });
}

/**
 * @param {{ source: string, snapshots: Array<{ folder: string, text: string }>, hints: unknown[], name?: string,
 *   nowMs: number, newId: string, seed?: number }} input
 */
async function run(input) {
  const started = performance.now();
  const core = await loadEngine();
  const { schema, exported } = described(core, input.source);
  const next = core.generate({
    dialect: 'postgresql', schema, snapshots: input.snapshots, hints: input.hints, name: input.name,
    nowMs: input.nowMs, newId: input.newId, seed: input.seed, out: 'drizzle',
  });
  return { exported, next, ms: performance.now() - started, marks };
}

self.onmessage = async ({ data }) => {
  if ('engine' in data) return received(data.engine ?? undefined);
  if (data.boot !== undefined) return boot(data.boot).catch(() => {});
  try {
    self.postMessage({ id: data.id, ok: true, result: await run(data.input) });
  } catch (err) {
    self.postMessage({
      id: data.id, ok: false,
      error: { message: err instanceof Error ? err.message : String(err), line: err?.line, column: err?.column },
    });
  }
};
