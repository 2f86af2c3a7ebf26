/**
 * Loading user code: config files and schema modules, TypeScript included. Bun imports TypeScript
 * natively; on Node, jiti transpiles it (with a file cache keyed by content).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';
import * as configHelper from './define-config.js';
import { SleetError } from './errors.js';

export const isBun = typeof (/** @type {any} */ (globalThis).Bun) !== 'undefined';
const TS_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx']);

const requireFromSleet = createRequire(import.meta.url);

/**
 * What a config file gets for these imports, whatever the project has installed: sleet's own
 * `defineConfig` (js/define-config.js). drizzle-kit's root module exports nothing else, so a config
 * written for drizzle-kit loads after drizzle-kit is uninstalled, and `sleet` resolves from a config
 * anywhere without loading the whole programmatic API.
 */
const PROVIDED_TO_CONFIGS = ['drizzle-kit', 'sleet', 'sleet/config'];
const configHelperFile = fileURLToPath(new URL('./define-config.js', import.meta.url));

/** @param {string} file the config file @returns {(id: string) => unknown} */
function requireForConfig(file) {
  const require = createRequire(file);
  return (id) => (PROVIDED_TO_CONFIGS.includes(id) ? configHelper : require(id));
}

let bunConfigModules = false;
/** Bun imports configs natively: the same modules, as Bun virtual modules (registered once). */
function provideConfigModulesToBun() {
  if (bunConfigModules) return;
  bunConfigModules = true;
  /** @type {any} */ (globalThis).Bun.plugin({
    name: 'sleet-config-modules',
    setup(/** @type {any} */ build) {
      for (const id of PROVIDED_TO_CONFIGS) build.module(id, () => ({ exports: { ...configHelper }, loader: 'object' }));
    },
  });
}

/** @type {Map<string, any>} */
const jitiByDir = new Map();

/** @param {string} dir @param {boolean} [forConfig] a config's loader resolves PROVIDED_TO_CONFIGS to sleet's */
async function jitiFor(dir, forConfig = false) {
  const key = forConfig ? `config:${dir}` : dir;
  let jiti = jitiByDir.get(key);
  if (!jiti) {
    // require(), not import(): importing CommonJS from ESM runs Node's export lexer over jiti's whole
    // 190 kB bundle first, which cost more than loading jiti itself (40 ms of a 100 ms `migrate`).
    const { createJiti } = requireFromSleet('jiti');
    const alias = forConfig ? Object.fromEntries(PROVIDED_TO_CONFIGS.map((id) => [id, configHelperFile])) : undefined;
    jiti = createJiti(path.join(dir, '_sleet_loader.js'), { interopDefault: true, requireCache: false, alias });
    jitiByDir.set(key, jiti);
  }
  return jiti;
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
      if (isBun && forConfig) provideConfigModulesToBun();
      try {
        return await import(pathToFileURL(file).href);
      } catch (err) {
        // A JavaScript config importing an uninstalled drizzle-kit: jiti's loader provides it.
        if (isBun || !forConfig || !PROVIDED_TO_CONFIGS.some((id) => String(/** @type {any} */ (err)?.message).includes(`'${id}'`))) throw err;
      }
    }
    const jiti = await jitiFor(path.dirname(file), forConfig);
    return await jiti.import(file);
  } catch (err) {
    if (err instanceof SleetError) throw err;
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new SleetError('module_load_error', `${what} ${file} failed to load: ${reason}`, { cause: err });
  }
}

/**
 * A config file. Loading jiti alone costs about 15 ms, the largest single item when an application
 * runs `sleet migrate` at start-up, so a TypeScript config is transpiled by jiti once and its
 * CommonJS output kept in `node_modules/.cache/sleet/` next to the source it came from; later runs
 * evaluate that output directly. Only output whose requires are packages or built-ins is kept (a
 * relative `.ts` import needs jiti's loader); anything else, or any failure, takes the jiti path.
 * @param {string} file absolute path
 * @returns {Promise<Record<string, unknown>>}
 */
export async function importConfigModule(file) {
  if (isBun || !TS_EXTENSIONS.has(path.extname(file))) return importUserModule(file, 'config file', true);
  let source;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return importUserModule(file, 'config file', true);
  }
  const cacheFile = configCacheFile(file);
  let code = cacheFile ? cachedTranspile(cacheFile, source) : null;
  if (code === null) {
    if (!cacheFile || /\bimport\s*(?:\.\s*meta|\()/.test(source)) return importUserModule(file, 'config file', true);
    try {
      code = (await jitiFor(path.dirname(file), true)).transform({ source, filename: file, ts: true });
    } catch {
      return importUserModule(file, 'config file', true);
    }
    if (!requiresOnlyPackages(code)) return importUserModule(file, 'config file', true);
    writeCache(cacheFile, JSON.stringify({ format: CONFIG_CACHE_FORMAT, source, code }));
  }
  try {
    return evaluateCommonJs(code, file);
  } catch {
    // Whatever failed (an ESM-only package, a thrown error) is reported the way jiti reports it.
    return importUserModule(file, 'config file', true);
  }
}

// Bumped when what is stored changes; jiti itself is pinned by sleet's own version.
const CONFIG_CACHE_FORMAT = 1;

/** @param {string} file */
function configCacheFile(file) {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const modules = path.join(dir, 'node_modules');
    if (fs.existsSync(modules)) return path.join(modules, '.cache', 'sleet', `config-${fnv1a(file)}.json`);
    if (path.dirname(dir) === dir) return null;
  }
}

/** @param {string} text */
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** @param {string} cacheFile @param {string} source @returns {string | null} */
function cachedTranspile(cacheFile, source) {
  try {
    const entry = JSON.parse(fs.readFileSync(cacheFile, 'utf8'));
    return entry.format === CONFIG_CACHE_FORMAT && entry.source === source && typeof entry.code === 'string' ? entry.code : null;
  } catch {
    return null;
  }
}

/** A cache that cannot be written (read-only file system) only costs the next run its speed. */
function writeCache(/** @type {string} */ cacheFile, /** @type {string} */ text) {
  try {
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, cacheFile);
  } catch { /* see above */ }
}

/** @param {string} code CommonJS output of jiti's transform */
function requiresOnlyPackages(code) {
  // jiti reports a syntax error as code that exports __JITI_ERROR__, and routes `import()` through itself.
  if (/jiti/i.test(code)) return false;
  const calls = code.match(/\brequire\s*\(/g)?.length ?? 0;
  const literal = [...code.matchAll(/\brequire\s*\(\s*(["'])([^"']+)\1\s*\)/g)].map((m) => m[2]);
  return calls === literal.length && literal.every((s) => !s.startsWith('.') && !path.isAbsolute(s));
}

/** @param {string} code @param {string} file */
function evaluateCommonJs(code, file) {
  const module = { exports: {} };
  const run = vm.compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: file });
  run(module.exports, requireForConfig(file), module, file, path.dirname(file));
  return module.exports;
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
