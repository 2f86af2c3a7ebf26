// mysql2: promise or callback API, pool or connection; one connection for the run (GET_LOCK is
// held by a connection).
import { plainTransaction } from './session.js';

export const dialect = 'mysql';
export const driver = 'mysql2';

/** @param {any} client */
export function matches(client) {
  return typeof client?.query === 'function' && (typeof client?.execute === 'function')
    && (typeof client?.getConnection === 'function' || typeof client?.beginTransaction === 'function');
}

/** @param {any} client @returns {Promise<import('./session.js').Session>} */
export async function session(client) {
  // The callback API's objects offer `.promise()`; the promise API's do not.
  const api = typeof client.promise === 'function' && !client.connection && !client.pool ? client.promise() : client;
  const isPool = typeof api.getConnection === 'function' && typeof api.releaseConnection === 'function';
  const conn = isPool ? await api.getConnection() : api;
  const ex = {
    /** @param {string} sql */
    exec: async (sql) => { await conn.query(sql); },
    /** @param {string} sql */
    query: async (sql) => {
      const [rows] = await conn.query(sql);
      return Array.isArray(rows) ? rows : [];
    },
  };
  return {
    dialect, driver, ...ex,
    begin: (sql) => plainTransaction(ex, sql),
    release: async () => { if (isPool) conn.release(); },
  };
}

/** @param {any} credentials @param {{ importDriver: (name: string) => Promise<any> }} ctx */
export async function connect(credentials, ctx) {
  const mysql = await ctx.importDriver('mysql2/promise');
  const common = { multipleStatements: true, supportBigNumbers: true };
  let ssl = credentials.ssl;
  if (typeof ssl === 'string') ssl = ssl === 'true' || ssl === 'require' ? {} : undefined;
  const client = credentials.url
    ? await mysql.createConnection({ uri: credentials.url, ...common })
    : await mysql.createConnection({ host: credentials.host, port: credentials.port, user: credentials.user, password: credentials.password, database: credentials.database, ssl, ...common });
  // As for pg: a killed connection is emitted as 'error' besides rejecting the running query.
  client.on('error', () => {});
  return { client, close: () => client.end() };
}
