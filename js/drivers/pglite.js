// PGlite (@electric-sql/pglite): Postgres in-process, one connection by nature.
import { plainTransaction } from './session.js';

export const dialect = 'postgresql';
export const driver = 'pglite';

/** @param {any} client */
export function matches(client) {
  return typeof client?.exec === 'function' && typeof client?.query === 'function' && 'waitReady' in client;
}

/** @param {any} client @returns {Promise<import('./session.js').Session>} */
export async function session(client) {
  await client.waitReady;
  const ex = {
    /** @param {string} sql */
    exec: async (sql) => { await client.exec(sql); },
    /** @param {string} sql */
    query: async (sql) => (await client.query(sql)).rows,
  };
  return { dialect, driver, ...ex, begin: (sql) => plainTransaction(ex, sql), release: async () => {} };
}

/**
 * @param {{ url?: string }} credentials  a data directory; none means in memory
 * @param {{ resolvePath: (p: string) => string, importDriver: (name: string) => Promise<any> }} ctx
 */
export async function connect(credentials, ctx) {
  const { PGlite } = await ctx.importDriver('@electric-sql/pglite');
  const url = credentials?.url;
  const dataDir = !url || url === ':memory:' || url.startsWith('memory://') ? undefined : ctx.resolvePath(url.replace(/^file:/, ''));
  const client = new PGlite(dataDir);
  await client.waitReady;
  return { client, close: () => client.close(), describe: dataDir ? `PGlite ${dataDir}` : 'PGlite (in memory)' };
}
