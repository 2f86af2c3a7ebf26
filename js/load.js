/**
 * Loading user code: config files and schema modules, TypeScript included. Bun imports TypeScript
 * natively; on Node, jiti transpiles it (with a file cache keyed by content).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SleetError } from './errors.js';

export const isBun = typeof (/** @type {any} */ (globalThis).Bun) !== 'undefined';
const TS_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx']);

const requireFromSleet = createRequire(import.meta.url);

/** @type {Map<string, any>} */
const jitiByDir = new Map();

async function jitiFor(dir) {
  let jiti = jitiByDir.get(dir);
  if (!jiti) {
    // require(), not import(): importing CommonJS from ESM runs Node's export lexer over jiti's whole
    // 190 kB bundle first, which cost more than loading jiti itself (40 ms of a 100 ms `migrate`).
    const { createJiti } = requireFromSleet('jiti');
    jiti = createJiti(path.join(dir, '_sleet_loader.js'), { interopDefault: true, requireCache: false });
    jitiByDir.set(dir, jiti);
  }
  return jiti;
}

/**
 * Import a user module by absolute path.
 * @param {string} file absolute path
 * @param {string} what for the error message, e.g. "schema file" or "config file"
 * @returns {Promise<Record<string, unknown>>} the module namespace
 */
export async function importUserModule(file, what) {
  try {
    if (isBun || !TS_EXTENSIONS.has(path.extname(file))) {
      return await import(pathToFileURL(file).href);
    }
    const jiti = await jitiFor(path.dirname(file));
    return await jiti.import(file);
  } catch (err) {
    if (err instanceof SleetError) throw err;
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new SleetError('module_load_error', `${what} ${file} failed to load: ${reason}`, { cause: err });
  }
}

/**
 * The user's own copy of a package, resolved from their project (so drizzle-orm objects are walked with
 * the drizzle-orm that built them).
 * @param {string} specifier e.g. "drizzle-orm/pg-core"
 * @param {string} fromFile a file inside the user's project
 */
export async function importFromProject(specifier, fromFile) {
  let resolved;
  try {
    resolved = createRequire(fromFile).resolve(specifier);
  } catch {
    throw new SleetError(
      'required_packages_error',
      `cannot find '${specifier}' from ${path.dirname(fromFile)}: install drizzle-orm 1.0 in your project (npm i drizzle-orm@1.0.0-rc.5)`,
    );
  }
  return import(pathToFileURL(resolved).href);
}
