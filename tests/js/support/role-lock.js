// Roles are cluster-wide. The generate and push differential suites and roles.pg create and drop the scenarios'
// roles on the shared PostgreSQL server, and scripts/test.sh runs test files in two parallel shards:
// a scenario (or suite) that declares roles holds this server-side advisory lock while its roles exist, so two
// files never create, use or drop the same role at the same time.
import pg from 'pg';

const ROLE_LOCK = 7_322_001; // any constant: only these suites take it

/**
 * Run `fn` holding the role lock when `roles` is non-empty (a scenario without roles runs unlocked).
 * @template T
 * @param {Set<string> | string[]} roles
 * @param {() => Promise<T>} fn
 * @returns {Promise<T>}
 */
export async function withRoleLock(roles, fn) {
  if ((roles instanceof Set ? roles.size : roles.length) === 0) return fn();
  const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [ROLE_LOCK]);
    return await fn();
  } finally {
    // Ending the session releases a session-level advisory lock even when the unlock is not reached.
    await client.end();
  }
}

/**
 * Take the role lock until the returned release is called (for a suite whose tests share roles
 * from its `before` to its `after`).
 * @returns {Promise<() => Promise<void>>}
 */
export async function holdRoleLock() {
  const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
  await client.connect();
  await client.query('SELECT pg_advisory_lock($1)', [ROLE_LOCK]);
  return () => client.end();
}
