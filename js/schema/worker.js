/**
 * The thread that evaluates the schema modules (see describeSchema in ./index.js): it sends the
 * description, or the error, and is then ended by the thread that started it.
 */
import { parentPort } from 'node:worker_threads';
import { jsonParts } from '../engine.js';
import { describeFiles } from './index.js';

parentPort?.once('message', (/** @type {{ wing: string, files: string[], transpiling: boolean, env: Record<string, string> }} */ task) => {
  for (const key of Object.keys(process.env)) if (!(key in task.env)) delete process.env[key];
  Object.assign(process.env, task.env);
  // With `transpiling`, the command's thread sends word once the schema's TypeScript is in the cache.
  const transpiled = task.transpiling ? new Promise((resolve) => parentPort?.once('message', resolve)) : undefined;
  describe(task, transpiled);
});

/** @param {{ wing: string, files: string[] }} task @param {Promise<unknown>} [transpiled] */
async function describe(task, transpiled) {
  try {
    // As UTF-8 in parts, their buffers moved rather than copied: the engine reads UTF-8, so the
    // command's thread never holds the description as a string, and this one never as one whole text.
    const parts = /** @type {Uint8Array[]} */ (jsonParts(await describeFiles(task, transpiled), { depth: 3, utf8: true }));
    parentPort?.postMessage({ parts }, parts.map((part) => part.buffer));
  } catch (err) {
    const e = /** @type {any} */ (err);
    const fields = { name: e?.name ?? 'Error', message: e?.message ?? String(err), stack: e?.stack, code: e?.code, exitCode: e?.exitCode, details: e?.details, meta: e?.meta };
    try {
      parentPort?.postMessage({ error: fields });
    } catch {
      // details or meta that cannot be cloned: the words still go.
      parentPort?.postMessage({ error: { name: fields.name, message: fields.message, stack: fields.stack, code: fields.code, exitCode: fields.exitCode } });
    }
  }
}
