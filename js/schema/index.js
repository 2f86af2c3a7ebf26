/**
 * Schema modules → the plain description the core turns into a model.
 *
 * The modules are evaluated in a worker thread that ends once it has handed over the description as
 * JSON text. A module, once imported, stays in its thread's module map for the thread's life: in the
 * command's own thread a 1,000-table schema and the drizzle-orm objects it builds (about 75 MiB) would
 * stay alive under the engine's own peak. The thread also gives each call a fresh evaluation of the
 * modules, and lets the calling thread read the database or the history meanwhile.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { dialectFor, wingNamed } from '../dialect.js';
import { JsonText } from '../engine.js';
import { SleetError } from '../errors.js';
import { importFromProject, importUserModule, isBun, TS_EXTENSIONS } from '../load.js';
import { resolveSchemaFiles } from './files.js';

/**
 * @param {Record<string, any>} config normalised config (dialect, schema)
 * @param {string} cwd
 * @param {string} [command] the command that needs the description, named when its wing cannot serve it
 * @returns {Promise<{ dialect: string, schema: JsonText, files: string[] }>}
 */
export async function describeSchema(config, cwd, command = 'generate') {
  const wing = await dialectFor(config.dialect, command);
  if (!config.schema || config.schema.length === 0) {
    throw new SleetError('config_validation_error', `${config.source}: "schema" is required: the file(s) that export your drizzle tables`);
  }
  if (!wing.describe) {
    throw new SleetError('unsupported_command_dialect_error', `dialect ${JSON.stringify(config.dialect)}: schema files cannot be read yet`);
  }
  const files = resolveSchemaFiles(config.schema, cwd);
  // Under Node, TypeScript is transpiled here while the thread loads drizzle-orm (see pretranspile).
  const transpiling = !isBun && files.some((file) => TS_EXTENSIONS.has(path.extname(file)));
  const { parts } = await inWorker({ wing: wing.name, files, transpiling });
  return { dialect: wing.name, schema: new JsonText(parts), files };
}

/**
 * The description of `files` by the wing named `wing`, in this thread (the worker's side).
 * @param {{ wing: string, files: string[] }} task
 * @param {Promise<unknown>} [transpiled] settles once the command's thread has transpiled the files
 *   (`pretranspile`): meanwhile this thread loads the drizzle-orm modules the schema imports
 * @returns {Promise<object>} the description, plain data
 */
export async function describeFiles({ wing, files }, transpiled) {
  const { packages = [], describe } = /** @type {import('../dialect.js').Wing} */ (wingNamed(wing));
  const loadPackages = () => Promise.all(packages.map((name) => importFromProject(name, files[0])));
  // Not installed: reported below, after what the schema's own import says of it.
  const loading = transpiled && loadPackages();
  loading?.catch(() => {});
  await transpiled;
  const modules = [];
  for (const file of files) modules.push(await importUserModule(file, 'schema file'));
  return /** @type {NonNullable<typeof describe>} */ (describe)(modules, await (loading ?? loadPackages()));
}

/** @type {Worker | undefined} */
let started;

// A young generation of 4 MiB rather than V8's default (up to 48 MiB at 16 MiB semi-spaces): the
// thread's heap is the first of a command's two memory peaks, and evaluating a 1,000-table schema in
// it took no more CPU (1,000 tables: that peak 140-150 → 118-124 MiB).
const newWorker = () => new Worker(new URL('./worker.js', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: 4 } });

/**
 * Start the schema's thread now, for a command that will describe the schema once its config is
 * loaded: the thread boots (a new V8 isolate, ~25 ms) and loads its modules on the other core
 * meanwhile. It holds nothing open: a run that ends without describing exits as if it were not there.
 */
export function prestartSchemaThread() {
  if (started) return;
  const worker = newWorker();
  // A thread that failed to boot is forgotten (describeSchema then starts its own and reports why).
  worker.once('error', () => {});
  worker.once('exit', () => {
    if (started === worker) started = undefined;
  });
  worker.unref();
  started = worker;
}

/**
 * @param {{ wing: string, files: string[], transpiling: boolean }} task with `transpiling`, this thread
 *   transpiles the files (`pretranspile`) once the task is sent, then tells the thread so, whatever happened
 * @returns {Promise<{ parts: Uint8Array[] }>}
 */
function inWorker(task) {
  return new Promise((resolve, reject) => {
    const worker = started ?? newWorker();
    started = undefined;
    worker.ref();
    // The environment as it is now: the config's .env file was loaded after a prestarted thread copied it.
    worker.postMessage({ ...task, env: { ...process.env } });
    if (task.transpiling) {
      import('../typescript.js')
        .then(({ pretranspile }) => pretranspile(task.files))
        .catch(() => {})
        .then(() => worker.postMessage({ transpiled: true }));
    }
    let settled = false;
    /** @param {() => void} settle */
    const finish = (settle) => {
      if (settled) return;
      settled = true;
      // Ending the thread is what frees its heap: the caller goes on once it is gone, so the engine's
      // memory never stacks on top of the thread's. Bun keeps the freed heap's pages until it is asked
      // to give them back (`Bun.shrink`, not in its typings: feature-tested): 500 tables, peak RSS
      // 110 → 103-107 MiB, the engine's run on top of them.
      worker
        .terminate()
        .catch(() => {})
        .then(() => {
          /** @type {any} */ (globalThis).Bun?.shrink?.();
          settle();
        });
    };
    worker.once('message', (/** @type {any} */ message) => finish(() => (message.error ? reject(revived(message.error)) : resolve(message))));
    worker.once('error', (err) => finish(() => reject(err)));
    worker.once('exit', (code) =>
      finish(() =>
        reject(
          new SleetError(
            'module_load_error',
            `the schema (${task.files.join(', ')}) ended its evaluation with exit code ${code} before it was described: does a schema file call process.exit()?`,
          ),
        ),
      ),
    );
  });
}

/**
 * A SleetError as the worker sent it (the fields the CLI and the JSON envelope read).
 * @param {{ name: string, message: string, stack?: string, code?: string, exitCode?: number, details?: unknown, meta?: Record<string, unknown> }} sent
 */
function revived(sent) {
  const cause = Object.assign(new Error(sent.message), { name: sent.name, stack: sent.stack });
  if (typeof sent.code !== 'string') return cause;
  return new SleetError(sent.code, sent.message, { exitCode: sent.exitCode, details: sent.details, meta: sent.meta, cause });
}
