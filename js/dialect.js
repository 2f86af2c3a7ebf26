/**
 * The shim's one dialect table. The core says what a dialect name means (its wing, the config
 * spellings, the commands it serves, the migrations-table defaults); this file joins that with each
 * wing's JS parts: how its schema modules become a description, how its catalog is read, and which
 * drivers connect for a config. No other file in js/ compares dialect names; drivers only declare
 * the wing they serve. Adding a wing: add its entry to WINGS (keyed by the core's canonical name).
 */
import { migrateEngine } from './engine.js';
import { asSleetError } from './errors.js';

/**
 * @typedef {[string, string][]} DriverOrder adapters to try (their names in js/drivers/index.js), with the package each needs, best first
 * @typedef {object} Wing
 * @property {string[]} [packages] the user's drizzle-orm modules that `describe` reads, in its order
 * @property {(modules: unknown[], packages: any[]) => Promise<unknown>} [describe]
 *   schema modules (and `packages`, loaded from the user's project) → the plain description the core models
 * @property {() => Promise<any>} [catalog] the module reading the live catalog (push, pull)
 * @property {(config: Record<string, any>, env: { isBun: boolean }) => DriverOrder} drivers
 * @typedef {{ name: string, configNames: string[], commands: string[], migrationsTable: string, migrationsSchema: string | null }} DialectInfo
 */

/** @param {string} url */
const isRemoteUrl = (url) => /^(libsql|https?|wss?):/i.test(url);

/** @type {Record<string, Wing>} */
const WINGS = {
  postgresql: {
    packages: ['drizzle-orm', 'drizzle-orm/pg-core'],
    async describe(modules, [orm, pgCore]) {
      const { serializePg } = await import('./schema/pg.js');
      return serializePg(modules, { orm, pgCore });
    },
    catalog: () => import('./introspect/pg.js'),
    drivers(config) {
      if (config.driver === 'pglite') return [['pglite', '@electric-sql/pglite']];
      if (config.driver) {
        throw Object.assign(new Error(`migrate: driver ${JSON.stringify(config.driver)} is not supported; use pglite, or no driver for pg / postgres`), { code: 'unsupported_driver' });
      }
      return [['pg', 'pg'], ['postgres', 'postgres']];
    },
  },
  mysql: {
    packages: ['drizzle-orm', 'drizzle-orm/mysql-core'],
    async describe(modules, [orm, mysqlCore]) {
      const { serializeMysql } = await import('./schema/mysql.js');
      return serializeMysql(modules, { orm, mysqlCore });
    },
    catalog: () => import('./introspect/mysql.js'),
    drivers: () => [['mysql2', 'mysql2']],
  },
  sqlite: {
    packages: ['drizzle-orm', 'drizzle-orm/sqlite-core'],
    async describe(modules, [orm, sqliteCore]) {
      const { serializeSqlite } = await import('./schema/sqlite.js');
      return serializeSqlite(modules, { orm, sqliteCore });
    },
    catalog: () => import('./introspect/sqlite.js'),
    drivers(config, { isBun }) {
      // `turso` is SQLite through libSQL, as is any remote URL.
      if (config.dialect === 'turso' || isRemoteUrl(String(config.dbCredentials?.url ?? ''))) return [['libsql', '@libsql/client']];
      // Under Bun its built-in SQLite needs no native addon.
      // A local file needs only the client's SQLite part, not its HTTP and WebSocket clients.
      if (isBun) return [['bun-sqlite', 'bun:sqlite'], ['libsql', '@libsql/client/sqlite3'], ['better-sqlite3', 'better-sqlite3']];
      return [['libsql', '@libsql/client/sqlite3'], ['better-sqlite3', 'better-sqlite3']];
    },
  },
};

/** @type {Promise<{ dialects: DialectInfo[], configNames: string[], migrationsTable: string }> | undefined} */
let table;

/** The core's table of dialects (loaded once, from whichever engine build is at hand). */
export function dialects() {
  table ??= migrateEngine().then((core) => core.dialects());
  return table;
}

/**
 * The JS parts of a wing by its canonical name (a name dialectFor has answered), without asking the
 * core: for a thread that has no engine loaded.
 * @param {string} name
 * @returns {Wing | undefined}
 */
export function wingNamed(name) {
  return Object.hasOwn(WINGS, name) ? WINGS[name] : undefined;
}

/**
 * The wing for a dialect name as a config or session gives it. With `command`, a SleetError naming
 * the command and the dialect when that wing does not serve it (the core's words).
 * @param {string} name
 * @param {string} [command]
 * @returns {Promise<DialectInfo & Wing>}
 */
export async function dialectFor(name, command) {
  const core = await migrateEngine();
  /** @type {DialectInfo} */
  let info;
  try {
    info = core.dialectInfo(String(name), command);
  } catch (err) {
    throw asSleetError(err);
  }
  return { ...info, ...WINGS[info.name] };
}
