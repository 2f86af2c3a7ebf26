// @libsql/client. Its file client pools connections, so a transaction must be the client's own
// (`transaction('write')` is BEGIN IMMEDIATE on a borrowed connection). Connection pragmas
// (busy timeout, foreign keys) reach that same connection because the pool reuses its most recently
// returned connection and the migrator is the client's only user while it runs; the migrator
// verifies the foreign-key setting inside each transaction.
export const dialect = 'sqlite';
export const driver = 'libsql';

/** @param {any} client */
export function matches(client) {
  return typeof client?.execute === 'function' && typeof client?.batch === 'function'
    && typeof client?.transaction === 'function' && 'protocol' in client;
}

/** @param {any} rs */
function rowsOf(rs) {
  return rs.rows.map((/** @type {any} */ r) => Object.fromEntries(rs.columns.map((/** @type {string} */ c, /** @type {number} */ i) => [c, r[i]])));
}

/** @param {any} client @returns {Promise<import('./session.js').Session>} */
export async function session(client) {
  return {
    dialect, driver,
    exec: async (sql) => { await client.executeMultiple(sql); },
    query: async (sql) => rowsOf(await client.execute(sql)),
    begin: async (beginSql) => {
      const tx = await client.transaction(/^BEGIN IMMEDIATE/i.test(beginSql) ? 'write' : 'deferred');
      return {
        exec: async (sql) => { await tx.executeMultiple(sql); },
        query: async (sql) => rowsOf(await tx.execute(sql)),
        commit: () => tx.commit(),
        rollback: async () => { if (!tx.closed) await tx.rollback(); tx.close(); },
      };
    },
    release: async () => {},
  };
}

/** @param {any} credentials @param {{ resolvePath: (p: string) => string, importDriver: (name: string) => Promise<any> }} ctx */
export async function connect(credentials, ctx) {
  let url = String(credentials.url ?? '');
  if (!/^[a-z]+:/i.test(url) || /^[a-z]:[\\/]/i.test(url)) url = `file:${ctx.resolvePath(url)}`;
  else if (url.startsWith('file:') && !url.startsWith('file://')) url = `file:${ctx.resolvePath(url.slice(5))}`;
  // The package's main entry also loads its HTTP and WebSocket clients, which a file never needs.
  const { createClient } = await ctx.importDriver(url.startsWith('file:') ? '@libsql/client/sqlite3' : '@libsql/client');
  const client = createClient({ url, authToken: credentials.authToken, concurrency: 1 });
  if (!url.startsWith('file:')) {
    // A remote client connects lazily; its first failure says only "fetch failed". Ask once here so
    // an unreachable server is reported as that, with the reason (the caller names the URL, masked).
    try {
      await client.execute('SELECT 1');
    } catch (err) {
      client.close();
      throw new Error(networkReason(err));
    }
  }
  return { client, close: () => client.close() };
}

const NETWORK_REASONS = /** @type {Record<string, string>} */ ({
  ECONNREFUSED: 'connection refused (is the server running on that host and port?)',
  ENOTFOUND: 'host not found (check the host name)',
  EAI_AGAIN: 'host name could not be resolved (DNS unreachable?)',
  ETIMEDOUT: 'connection timed out',
  ECONNRESET: 'connection reset by the server',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
});

/**
 * The most specific reason in an error's cause chain (fetch wraps the socket error twice).
 * @param {unknown} err
 */
function networkReason(err) {
  let last = /** @type {any} */ (err);
  for (let e = /** @type {any} */ (err), depth = 0; e && depth < 8; e = e.cause, depth++) {
    const code = e.code ?? e.errno;
    if (typeof code === 'string' && NETWORK_REASONS[code]) return `${NETWORK_REASONS[code]} [${code}]`;
    last = e;
  }
  return String(last?.message ?? last);
}
