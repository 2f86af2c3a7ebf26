// node-postgres (`pg`): a Pool lends one client for the run; a Client is used as it is.
import { plainTransaction } from './session.js';

export const dialect = 'postgresql';
export const driver = 'pg';

/** @param {any} client */
export function matches(client) {
  // Client and PoolClient carry `connectionParameters`; a Pool counts its clients.
  return typeof client?.query === 'function' && typeof client?.connect === 'function'
    && ('connectionParameters' in client || ('totalCount' in client && 'idleCount' in client));
}

/** @param {any} client @returns {Promise<import('./session.js').Session>} */
export async function session(client) {
  const isPool = 'totalCount' in client;
  const conn = isPool ? await client.connect() : client;
  const ex = {
    /** @param {string} sql */
    exec: async (sql) => { await conn.query(sql); },
    /** @param {string} sql */
    query: async (sql) => (await conn.query(sql)).rows,
  };
  return {
    dialect, driver, ...ex,
    begin: (sql) => plainTransaction(ex, sql),
    release: async () => { if (isPool) conn.release(); },
  };
}

/** @param {any} credentials @param {{ importDriver: (name: string) => Promise<any> }} ctx */
export async function connect(credentials, ctx) {
  const { default: pg } = await ctx.importDriver('pg');
  const config = credentials.url
    ? { connectionString: credentials.url, ssl: credentials.ssl }
    : { host: credentials.host, port: credentials.port, user: credentials.user, password: credentials.password, database: credentials.database, ssl: credentials.ssl };
  if (config.ssl === 'require' || config.ssl === 'prefer' || config.ssl === 'allow') config.ssl = { rejectUnauthorized: false };
  else if (config.ssl === 'verify-full') config.ssl = true;
  const client = new pg.Client(config);
  // A connection that drops (pg_terminate_backend, a restart) is also emitted as 'error'; without a
  // listener Node ends the process there. The query that was running rejects with the same error,
  // and that rejection is what the command reports.
  client.on('error', () => {});
  await client.connect();
  return { client, close: () => closed(client) };
}

/**
 * Done once pg's goodbye (Terminate, then our half of the socket closed) is written out. `end()`
 * resolves only when the server has closed the connection too, after its backend process exits:
 * ~3 ms the caller, which is about to exit, would wait for nothing. The server has nothing left to
 * send, its session (and any lock of it) ends on the Terminate, and `end()` still completes on its own.
 * @param {any} client
 * @returns {Promise<void>}
 */
function closed(client) {
  const stream = client.connection?.stream;
  const ended = client.end();
  if (typeof stream?.once !== 'function' || stream.writableFinished || stream.destroyed) return ended;
  return new Promise((resolve, reject) => {
    stream.once('finish', () => resolve(undefined));
    ended.then(resolve, reject);
  });
}
