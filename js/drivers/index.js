// Choosing a driver adapter: from a client (or drizzle database) handed to `migrate()`, or from a
// drizzle config's `dialect` / `driver` / `dbCredentials` for the CLI.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { dialectFor } from '../dialect.js';

const requireHere = createRequire(import.meta.url);

/**
 * The driver adapters, each loaded when needed: a run connects through one, so it loads one module,
 * not seven (each ES module costs ~0.5 ms of resolving, reading and compiling on migrate's start-up).
 * Most specific shapes first: PGlite also has `query`, better-sqlite3 and bun:sqlite share most names.
 * @type {Record<string, () => Promise<any>>}
 */
const ADAPTERS = {
  pglite: () => import('./pglite.js'),
  postgres: () => import('./postgres.js'),
  pg: () => import('./pg.js'),
  mysql2: () => import('./mysql2.js'),
  libsql: () => import('./libsql.js'),
  'better-sqlite3': () => import('./better-sqlite3.js'),
  'bun-sqlite': () => import('./bun-sqlite.js'),
};

/**
 * A session on a drizzle database (its `$client`) or on a raw driver client.
 * @param {any} dbOrClient
 * @returns {Promise<import('./session.js').Session>}
 */
export async function openSession(dbOrClient) {
  const client = dbOrClient && typeof dbOrClient === 'object' && '$client' in dbOrClient ? dbOrClient.$client : dbOrClient;
  const adapters = await Promise.all(Object.values(ADAPTERS).map((load) => load()));
  const adapter = adapters.find((a) => a.matches(client));
  if (!adapter) {
    throw Object.assign(new Error(
      'migrate: cannot tell which driver this database uses; pass a drizzle database or a client of PGlite, pg, postgres, mysql2, @libsql/client, bun:sqlite or better-sqlite3',
    ), { code: 'unsupported_client' });
  }
  return adapter.session(client);
}

/**
 * Import a driver package, from sleet's own resolution or else from the user's project.
 * @param {string} name
 * @param {string} cwd
 */
async function importDriver(name, cwd) {
  if (name === 'pg') return { default: requirePg(cwd) };
  if (name.startsWith('@libsql/client')) return withLibcAnswered(() => withChildProcessDeferred(() => importModule(name, cwd)));
  return importModule(name, cwd);
}

/** @param {string} name @param {string} cwd */
async function importModule(name, cwd) {
  try {
    return await import(name);
  } catch (err) {
    if (/** @type {any} */ (err)?.code !== 'ERR_MODULE_NOT_FOUND') throw err;
    const require = createRequire(join(cwd, 'package.json'));
    return import(pathToFileURL(require.resolve(name)).href);
  }
}

/**
 * `libsql` picks its native binary when it loads: @neon-rs/load asks `'glibcVersionRuntime' in
 * process.report.getReport().header`, and the whole diagnostic report it builds for that (native
 * stack, libuv handles, network interfaces) takes 5-20 ms. While the driver loads, getReport returns a
 * report whose header answers that one question from the libraries this process has mapped, and every
 * other read (detect-libc's fallback, anyone else's) from the real report, built on first use.
 * Where the mapped C library is not plainly glibc or plainly musl, the real report answers everything.
 * @param {() => Promise<any>} load
 */
export async function withLibcAnswered(load) {
  const reporter = process.report;
  const real = reporter?.getReport;
  // A load that starts while another is under way keeps the real getReport: the first to finish
  // puts back what it found, which must not be the other's stand-in.
  const glibc = typeof real === 'function' && typeof globalThis.Bun === 'undefined' && !answering ? mappedGlibc() : null;
  if (glibc === null) return load();
  answering = true;
  /** @type {any} */
  let full;
  const report = () => (full ??= real.call(reporter));
  /**
   * An object that reads `target()` for everything but whether `known` is present (and, given, its value).
   * @param {() => any} target @param {string} known @param {boolean} present @param {unknown} [value]
   */
  const lazy = (target, known, present, value) => new Proxy({}, {
    get: (_, key) => (key === known && value !== undefined ? value : Reflect.get(target(), key)),
    has: (_, key) => (key === known ? present : Reflect.has(target(), key)),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor: (_, key) => {
      const d = Reflect.getOwnPropertyDescriptor(target(), key);
      return d && { ...d, configurable: true };
    },
  });
  const answered = lazy(report, 'header', true, lazy(() => report().header, 'glibcVersionRuntime', glibc));
  reporter.getReport = () => answered;
  try {
    return await load();
  } finally {
    reporter.getReport = real;
    answering = false;
  }
}
let answering = false;

/**
 * libsql's detect-libc requires `child_process` when it loads, for its last resort (running `ldd`),
 * which the file and report checks before it spare on any ordinary Linux; and child_process loads
 * `net` and `dgram` with it, ~3-4 ms. While the driver loads, a plain `require('child_process')` gets
 * an object that loads the real module at its first use: Node looks in require.cache before its
 * built-ins for names without `node:` (documented under `require.cache`). Bun resolves built-ins
 * its own way, and a load started while another is under way leaves the cache as it is.
 * @param {() => Promise<any>} load
 */
export async function withChildProcessDeferred(load) {
  const cache = requireHere.cache;
  if (typeof globalThis.Bun !== 'undefined' || Object.hasOwn(cache, 'child_process')) return load();
  /** @type {any} */
  let real;
  const module = () => (real ??= requireHere('node:child_process'));
  const standIn = new Proxy({}, {
    get: (_, key) => Reflect.get(module(), key),
    has: (_, key) => Reflect.has(module(), key),
    ownKeys: () => Reflect.ownKeys(module()),
    getOwnPropertyDescriptor: (_, key) => {
      const d = Reflect.getOwnPropertyDescriptor(module(), key);
      return d && { ...d, configurable: true };
    },
  });
  const entry = /** @type {any} */ ({ id: 'child_process', filename: 'child_process', loaded: true, exports: standIn, children: [], paths: [] });
  cache.child_process = entry;
  try {
    return await load();
  } finally {
    if (cache.child_process === entry) delete cache.child_process;
  }
}

/**
 * Whether this process runs on glibc (true) or musl (false), from the shared objects it has mapped; null
 * when that does not say plainly (not Linux, no /proc, a static build, musl with gcompat).
 */
function mappedGlibc() {
  if (process.platform !== 'linux') return null;
  let maps;
  try {
    maps = readFileSync('/proc/self/maps', 'utf8');
  } catch {
    return null;
  }
  const glibc = /\/libc\.so\.6$|\/libc-2\.\d+\.so$/m.test(maps);
  const musl = /\/(?:ld-musl-|libc\.musl-)[^/\n]*$/m.test(maps);
  if (glibc === musl || /gcompat/.test(maps)) return null;
  return glibc;
}

/**
 * `pg` through require() (its ESM entry only re-exports the CommonJS build). On load pg asks whether it
 * runs on Cloudflare Workers; without `navigator` (Node 20) it answers by building a fetch `Response`,
 * which loads Node's whole undici (~25 ms). Node 21+ answers from `navigator.userAgent`; Node 20 gets
 * that same answer for the duration of the synchronous require, and nothing else runs meanwhile.
 * @param {string} cwd
 */
function requirePg(cwd) {
  const shim = typeof globalThis.navigator === 'undefined';
  if (shim) Object.defineProperty(globalThis, 'navigator', { value: { userAgent: `Node.js/${process.versions.node}` }, configurable: true });
  try {
    try {
      return requireHere('pg');
    } catch (err) {
      if (/** @type {any} */ (err)?.code !== 'MODULE_NOT_FOUND') throw err;
      return createRequire(join(cwd, 'package.json'))('pg');
    }
  } finally {
    if (shim) delete (/** @type {any} */ (globalThis)).navigator;
  }
}

/** @param {string} name @param {string} cwd */
async function installed(name, cwd) {
  try {
    await importDriver(name, cwd);
    return true;
  } catch {
    return false;
  }
}

/**
 * Every secret a config carries, so messages can hide them.
 * @param {any} credentials
 * @returns {string[]}
 */
export function secretsOf(credentials) {
  const out = [];
  if (!credentials || typeof credentials !== 'object') return out;
  for (const key of ['password', 'authToken', 'token']) if (credentials[key]) out.push(String(credentials[key]));
  if (typeof credentials.url === 'string') {
    try {
      const u = new URL(credentials.url);
      if (u.password) out.push(u.password, decodeURIComponent(u.password));
      for (const [k, v] of u.searchParams) if (/pass|token|secret|key/i.test(k) && v) out.push(v);
    } catch { /* not a URL: a file path */ }
  }
  return out.filter((s) => s.length > 0);
}

/**
 * @param {string} text
 * @param {string[]} secrets
 */
export function maskSecrets(text, secrets) {
  let out = String(text);
  for (const s of secrets) out = out.split(s).join('****');
  // Any user:password@ left in a connection string.
  return out.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]+@/gi, '$1****@');
}

/**
 * What the CLI prints as the target: the URL without its password, or the host/database.
 * @param {any} config
 * @param {string} driverName
 */
function describe(config, driverName) {
  const c = config.dbCredentials ?? {};
  let where = '';
  if (typeof c.url === 'string') where = maskSecrets(c.url, secretsOf(c));
  else if (c.host) where = `${c.host}${c.port ? `:${c.port}` : ''}/${c.database ?? ''}`;
  return where ? `${driverName} ${where}` : driverName;
}

/**
 * Connect the way drizzle-kit does for a config: the configured driver, or the first installed one.
 * @param {any} config  drizzle-kit config (dialect, driver, dbCredentials)
 * @param {string} cwd
 * @param {() => void} [onConnecting] called once the driver is loaded and its connection asked for
 * @returns {Promise<{ client: any, close: () => Promise<void> | void, session: () => Promise<import('./session.js').Session>,
 *   driver: string, dialect: string, description: string, secrets: string[] }>} `session` opens the
 *   connected driver's session (what `openSession(client)` finds, without loading every adapter to match)
 */
export async function connectFromConfig(config, cwd, onConnecting) {
  const credentials = config.dbCredentials ?? {};
  const ctx = {
    resolvePath: (/** @type {string} */ p) => (isAbsolute(p) ? p : resolve(cwd, p)),
    importDriver: (/** @type {string} */ name) => importDriver(name, cwd),
  };
  const secrets = secretsOf(credentials);
  const { adapter, packages } = await driverCandidates(config, cwd);
  if (!adapter) {
    const [first, ...others] = packages;
    const alternatives = others.length ? ` (or ${others.join(', or ')})` : '';
    throw Object.assign(new Error(
      `no ${JSON.stringify(config.dialect)} driver is installed${config.driver ? ` for driver ${JSON.stringify(config.driver)}` : ''}: ` +
        `install ${first}${alternatives} in your project, e.g. \`npm i ${first}\` (sleet lists drivers as optional peer dependencies; it installs none itself)`,
    ), { code: 'driver_missing' });
  }
  try {
    const connecting = adapter.connect(credentials, ctx);
    onConnecting?.();
    const { client, close } = await connecting;
    return {
      client, close, session: () => adapter.session(client),
      driver: adapter.driver, dialect: adapter.dialect, description: describe(config, adapter.driver), secrets,
    };
  } catch (err) {
    const message = maskSecrets(/** @type {any} */ (err)?.message ?? String(err), secrets);
    throw Object.assign(new Error(`cannot connect (${describe(config, adapter.driver)}): ${message}`), { code: 'connection_failed' });
  }
}

/**
 * The first installed driver of the config's wing, in the wing's order of preference; or (none
 * installed) the packages that would provide one, preferred first.
 * @param {any} config @param {string} cwd
 * @returns {Promise<{ adapter: any, packages: string[] }>}
 */
async function driverCandidates(config, cwd) {
  const wing = await dialectFor(config.dialect, 'migrate');
  const order = wing.drivers(config, { isBun: typeof globalThis.Bun !== 'undefined' });
  for (const [adapter, pkg] of order) {
    if (pkg === 'bun:sqlite' || (await installed(pkg, cwd))) return { adapter: await ADAPTERS[adapter](), packages: [] };
  }
  // What to install: package names, not the entry points probed (`@libsql/client/sqlite3`).
  const packages = order.map(([, pkg]) => pkg.replace(/^(@[^/]+\/[^/]+|[^@/][^/]*)\/.*$/, '$1'));
  return { adapter: null, packages: [...new Set(packages)] };
}
