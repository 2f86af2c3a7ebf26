// postgres.js (`postgres`): a reserved connection for the run, simple protocol so a chunk may hold
// several statements.
import { plainTransaction } from './session.js';

export const dialect = 'postgresql';
export const driver = 'postgres';

/** @param {any} client */
export function matches(client) {
  return typeof client === 'function' && typeof client.unsafe === 'function' && typeof client.begin === 'function';
}

/** @param {any} client @returns {Promise<import('./session.js').Session>} */
export async function session(client) {
  const conn = typeof client.reserve === 'function' ? await client.reserve() : client;
  const ex = {
    /** @param {string} sql */
    exec: async (sql) => { await conn.unsafe(sql).simple(); },
    /** @param {string} sql */
    query: async (sql) => [...(await conn.unsafe(sql))],
  };
  return {
    dialect, driver, ...ex,
    begin: (sql) => plainTransaction(ex, sql),
    release: async () => { if (conn !== client) conn.release(); },
  };
}

/** @param {any} credentials @param {{ importDriver: (name: string) => Promise<any> }} ctx */
export async function connect(credentials, ctx) {
  const { default: postgres } = await ctx.importDriver('postgres');
  const options = { max: 1, onnotice: () => {}, ssl: credentials.ssl };
  const client = credentials.url
    ? postgres(credentials.url, options)
    : postgres({ ...options, host: credentials.host, port: credentials.port, user: credentials.user, password: credentials.password, database: credentials.database });
  await client`select 1`;
  return { client, close: () => client.end() };
}
