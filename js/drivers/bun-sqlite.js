// bun:sqlite (Bun's built-in SQLite): one connection, plain BEGIN IMMEDIATE.
import { plainTransaction } from './session.js';

export const dialect = 'sqlite';
export const driver = 'bun:sqlite';

/** @param {any} client */
export function matches(client) {
  return typeof globalThis.Bun !== 'undefined' && typeof client?.query === 'function'
    && typeof client?.prepare === 'function' && typeof client?.run === 'function' && 'inTransaction' in client;
}

/** @param {any} db @returns {Promise<import('./session.js').Session>} */
export async function session(db) {
  const ex = {
    /** @param {string} sql */
    exec: async (sql) => { db.run(sql); },
    /** @param {string} sql */
    query: async (sql) => db.prepare(sql).all(),
  };
  return { dialect, driver, ...ex, begin: (sql) => plainTransaction(ex, sql), release: async () => {} };
}

/** @param {any} credentials @param {{ resolvePath: (p: string) => string }} ctx */
export async function connect(credentials, ctx) {
  const { Database } = await import('bun:sqlite');
  const db = new Database(ctx.resolvePath(String(credentials.url ?? '').replace(/^file:/, '')), { create: true });
  return { client: db, close: () => db.close() };
}
