// better-sqlite3 (optional dependency): one connection, plain BEGIN IMMEDIATE.
import { plainTransaction } from './session.js';

export const dialect = 'sqlite';
export const driver = 'better-sqlite3';

/** @param {any} client */
export function matches(client) {
  return typeof client?.prepare === 'function' && typeof client?.pragma === 'function' && typeof client?.exec === 'function';
}

/** @param {any} db @returns {Promise<import('./session.js').Session>} */
export async function session(db) {
  const ex = {
    /** @param {string} sql */
    exec: async (sql) => { db.exec(sql); },
    /** @param {string} sql */
    query: async (sql) => {
      const st = db.prepare(sql);
      if (st.reader) return st.all();
      st.run();
      return [];
    },
  };
  return { dialect, driver, ...ex, begin: (sql) => plainTransaction(ex, sql), release: async () => {} };
}

/** @param {any} credentials @param {{ resolvePath: (p: string) => string, importDriver: (name: string) => Promise<any> }} ctx */
export async function connect(credentials, ctx) {
  const { default: Database } = await ctx.importDriver('better-sqlite3');
  const db = new Database(ctx.resolvePath(String(credentials.url ?? '').replace(/^file:/, '')));
  return { client: db, close: () => db.close() };
}
