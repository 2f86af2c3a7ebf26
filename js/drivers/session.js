// The one shape every driver adapter gives the migrator: a single dedicated connection.

/**
 * @typedef {Record<string, unknown>} Row
 * @typedef {object} Executor
 * @property {(sql: string) => Promise<void>} exec   One or more statements, results ignored.
 * @property {(sql: string) => Promise<Row[]>} query One statement, rows as plain objects.
 *
 * @typedef {object} Transaction
 * @property {(sql: string) => Promise<void>} exec
 * @property {(sql: string) => Promise<Row[]>} query
 * @property {() => Promise<void>} commit
 * @property {() => Promise<void>} rollback
 *
 * @typedef {object} Session
 * @property {'postgresql'|'mysql'|'sqlite'} dialect
 * @property {string} driver
 * @property {(sql: string) => Promise<void>} exec
 * @property {(sql: string) => Promise<Row[]>} query
 * @property {(beginSql: string) => Promise<Transaction>} begin
 * @property {() => Promise<void>} release Give back what the session borrowed (never closes the caller's client).
 */

/**
 * A transaction on a connection that keeps its state between calls: BEGIN, statements, COMMIT.
 * @param {Executor} ex
 * @param {string} beginSql
 * @returns {Promise<Transaction>}
 */
export async function plainTransaction(ex, beginSql) {
  await ex.exec(beginSql);
  return {
    exec: (sql) => ex.exec(sql),
    query: (sql) => ex.query(sql),
    commit: () => ex.exec('COMMIT'),
    rollback: () => ex.exec('ROLLBACK'),
  };
}
