/**
 * Loading user code: config files and schema modules, TypeScript included. Bun imports TypeScript
 * natively; on Node, js/typescript.js transpiles it (oxc-transform, cached per file content).
 * Whatever fails to load is reported with the file, line and column it points at, and a code frame.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SleetError } from './errors.js';
import { codeFrame, inUserTerms, locateError } from './source-location.js';

export const isBun = typeof (/** @type {any} */ (globalThis).Bun) !== 'undefined';
/** What Node gets transpiled (js/typescript.js); Bun imports these itself. */
export const TS_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx']);

/**
 * What a config file gets for these imports, whatever the project has installed: sleet's own
 * `defineConfig` (js/define-config.js). drizzle-kit's root module exports nothing else, so a config
 * written for drizzle-kit loads after drizzle-kit is uninstalled, and `sleet` resolves from a config
 * anywhere without loading the whole programmatic API.
 */
const PROVIDED_TO_CONFIGS = ['drizzle-kit', 'sleet', 'sleet/config'];
const configHelperUrl = new URL('./define-config.js', import.meta.url).href;
const providedToConfigs = Object.fromEntries(PROVIDED_TO_CONFIGS.map((id) => [id, configHelperUrl]));

let bunConfigModules = false;
/** Bun imports configs natively: the same modules, as Bun virtual modules (registered once). */
async function provideConfigModulesToBun() {
  if (bunConfigModules) return;
  bunConfigModules = true;
  const configHelper = await import(configHelperUrl);
  /** @type {any} */ (globalThis).Bun.plugin({
    name: 'sleet-config-modules',
    setup(/** @type {any} */ build) {
      for (const id of PROVIDED_TO_CONFIGS) build.module(id, () => ({ exports: { ...configHelper }, loader: 'object' }));
    },
  });
}

/**
 * Import a user module by absolute path.
 * @param {string} file absolute path
 * @param {string} what for the error message, e.g. "schema file" or "config file"
 * @param {boolean} [forConfig] a config file: PROVIDED_TO_CONFIGS come from sleet
 * @returns {Promise<Record<string, unknown>>} the module namespace
 */
export async function importUserModule(file, what, forConfig = false) {
  try {
    if (isBun || !TS_EXTENSIONS.has(path.extname(file))) {
      if (isBun && forConfig) await provideConfigModulesToBun();
      try {
        return await import(pathToFileURL(file).href);
      } catch (err) {
        // A JavaScript config importing an uninstalled drizzle-kit: the transform's loader provides it.
        if (isBun || !forConfig || !PROVIDED_TO_CONFIGS.some((id) => String(/** @type {any} */ (err)?.message).includes(`'${id}'`))) throw err;
      }
    }
    const { importTypeScript } = await import('./typescript.js');
    return await importTypeScript(file, forConfig ? providedToConfigs : {});
  } catch (err) {
    throw loadError(err, file, what);
  }
}

/**
 * A config file: loaded like any user module (a TypeScript config's transpiled copy is cached, so a
 * `migrate` at application start-up loads neither the transform nor the lexer).
 * @param {string} file absolute path
 * @returns {Promise<Record<string, unknown>>}
 */
export function importConfigModule(file) {
  return importUserModule(file, 'config file', true);
}

/**
 * `<what> <file> failed to load: <where>: <why>`, with the location and a code frame as fields.
 * @param {unknown} err @param {string} file @param {string} what
 */
function loadError(err, file, what) {
  const located = err instanceof SleetError && err.meta && typeof err.meta.line === 'number';
  if (err instanceof SleetError && !located) return err;
  if (located) {
    return new SleetError('module_load_error', `${what} ${file} failed to load: ${err.message}`, { meta: err.meta, cause: err.cause ?? err });
  }
  const loc = locateError(err, file);
  const reason = reasonOf(err);
  if (!loc) return new SleetError('module_load_error', `${what} ${file} failed to load: ${reason}`, { cause: err });
  return new SleetError('module_load_error', `${what} ${file} failed to load: ${loc.file}:${loc.line}:${loc.column}: ${reason}`, {
    meta: { ...loc, frame: codeFrame(loc) },
    cause: err,
  });
}

/**
 * The first line of what went wrong, in the same words under Node and Bun.
 * @param {unknown} err
 */
function reasonOf(err) {
  const e = /** @type {any} */ (err);
  const message = inUserTerms(e && typeof e.message === 'string' ? e.message.split('\n')[0] : String(err));
  const missing =
    /^Named export '(?<name>[^']+)' not found\. The requested module '(?<module>[^']+)'/.exec(message) ??
    /^The requested module '(?<module>[^']+)' does not provide an export named '(?<name>[^']+)'/.exec(message) ??
    /^Export named '(?<name>[^']+)' not found in module '(?<module>[^']+)'/.exec(message);
  if (missing?.groups) return `SyntaxError: module '${missing.groups.module}' has no export named '${missing.groups.name}'`;
  // Bun's names for a parse and a resolution failure.
  const name = e?.name === 'BuildMessage' ? 'SyntaxError' : e?.name === 'ResolveMessage' ? 'Error' : e?.name;
  return typeof name === 'string' && name !== 'Error' && !message.startsWith(name) ? `${name}: ${message}` : message;
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
