/**
 * SQLite introspection and push's apply step, the I/O half. The catalog is read by a fixed set of
 * queries, each one join of `sqlite_schema` with a `pragma_*` table-valued function, so the round
 * trips stay the same for 1 table or 10,000; the Rust core (`push`) turns the raw rows into entity
 * rows and reads what the pragmas do not report from the stored CREATE text.
 */
import { SleetError, maskCredentials } from '../errors.js';

const TABLES = `m.type = 'table'`;
/** @param {string} where */
const VIEW_COLUMNS = (where) => `SELECT m.name AS "view", p.cid AS "cid", p.name AS "name", p.type AS "type", p."notnull" AS "notNull"
    FROM sqlite_schema m JOIN pragma_table_xinfo(m.name) p WHERE ${where} ORDER BY m.rowid, p.cid`;

/** The catalog queries, by the name of the `CatalogRows` field they fill (src/introspect/sqlite). */
export const SQLITE_CATALOG_QUERIES = {
  objects: `SELECT m.name AS "name", m.type AS "type", m.sql AS "sql"
    FROM sqlite_schema m WHERE m.type IN ('table', 'view') ORDER BY m.rowid`,
  columns: `SELECT m.name AS "table", p.cid AS "cid", p.name AS "name", p.type AS "type",
      p."notnull" AS "notNull", p.dflt_value AS "default", p.pk AS "pk", p.hidden AS "hidden"
    FROM sqlite_schema m JOIN pragma_table_xinfo(m.name) p WHERE ${TABLES} ORDER BY m.rowid, p.cid`,
  indexes: `SELECT m.name AS "table", il.name AS "name", il."unique" AS "unique", il.origin AS "origin", s.sql AS "sql"
    FROM sqlite_schema m JOIN pragma_index_list(m.name) il
    LEFT JOIN sqlite_schema s ON s.type = 'index' AND s.name = il.name
    WHERE ${TABLES} ORDER BY m.rowid, s.rowid`,
  indexColumns: `SELECT il.name AS "index", ii.seqno AS "seqno", ii.name AS "name"
    FROM sqlite_schema m JOIN pragma_index_list(m.name) il JOIN pragma_index_info(il.name) ii
    WHERE ${TABLES}`,
  fks: `SELECT m.name AS "table", f.id AS "id", f.seq AS "seq", f."table" AS "tableTo", f."from" AS "from",
      f."to" AS "to", f.on_update AS "onUpdate", f.on_delete AS "onDelete"
    FROM sqlite_schema m JOIN pragma_foreign_key_list(m.name) f WHERE ${TABLES}`,
  viewColumns: VIEW_COLUMNS(`m.type = 'view'`),
};

/** The fields each query selects, in order (the `AS "…"` names above). */
const FIELDS = {
  objects: ['name', 'type', 'sql'],
  columns: ['table', 'cid', 'name', 'type', 'notNull', 'default', 'pk', 'hidden'],
  indexes: ['table', 'name', 'unique', 'origin', 'sql'],
  indexColumns: ['index', 'seqno', 'name'],
  fks: ['table', 'id', 'seq', 'tableTo', 'from', 'to', 'onUpdate', 'onDelete'],
  viewColumns: ['view', 'cid', 'name', 'type', 'notNull'],
};

/**
 * A catalog query as one row holding all its rows as JSON text, built by SQLite. Drivers build a
 * JS object per row (libSQL defines each value twice, by name and by index): at 14,000 columns that
 * was most of the catalog read, and SQLite's own JSON is several times faster. The subquery's
 * ORDER BY gives the array its order. Each row is an array in FIELDS order, which the core's row
 * structs read as they read an object (src/introspect/sqlite: same field order): half the text.
 * @param {keyof typeof SQLITE_CATALOG_QUERIES} stage
 */
export function jsonQuery(stage) {
  const fields = FIELDS[stage].map((f) => `"${f}"`).join(', ');
  return `SELECT json_group_array(json_array(${fields})) AS "rows" FROM (${SQLITE_CATALOG_QUERIES[stage]})`;
}

/**
 * A field of an `objects` row: an array from the JSON queries, an object from the plain ones.
 * @param {any} row @param {string} field
 */
const objectField = (row, field) => (Array.isArray(row) ? row[FIELDS.objects.indexOf(field)] : row[field]);

/** SQLite before 3.38 can be built without the JSON functions: the plain queries then. */
const NO_JSON = /no such function: json/i;

/**
 * @typedef {(sql: string) => Promise<Record<string, unknown>[] | { rows: Record<string, unknown>[] }>} QueryFn
 * @typedef {{ tablesFilter?: string | string[], migrations?: { table?: string }, target?: string,
 *   onProgress?: (p: { stage: string, rows: number, done: number, total: number }) => void }} IntrospectOptions
 */

/**
 * Run the catalog queries; the raw rows and the scope options, as the core's `push` takes them.
 * @param {QueryFn} query
 * @param {IntrospectOptions} [options]
 */
export async function readCatalog(query, options = {}) {
  const stages = Object.keys(SQLITE_CATALOG_QUERIES);
  /** @type {Record<string, Record<string, unknown>[]>} */
  const rows = {};
  let done = 0;
  let json = true;
  /** @param {keyof typeof SQLITE_CATALOG_QUERIES} stage */
  const read = async (stage) => {
    if (json) {
      try {
        return parseJsonRows(await query(jsonQuery(stage)));
      } catch (err) {
        if (!NO_JSON.test(String(/** @type {any} */ (err)?.message))) throw err;
        json = false;
      }
    }
    return normaliseRows(await query(SQLITE_CATALOG_QUERIES[stage]));
  };
  for (const stage of stages) {
    try {
      rows[stage] = await read(/** @type {keyof typeof SQLITE_CATALOG_QUERIES} */ (stage));
    } catch (err) {
      if (stage !== 'viewColumns') throw describeDriverError(err, options.target, `reading the catalog (${stage})`);
      // A view whose tables are gone fails pragma_table_xinfo, and with it the one query over
      // every view: read the views one by one, and leave the broken ones without columns.
      rows[stage] = await viewColumnsOneByOne(query, rows.objects);
    }
    done += 1;
    options.onProgress?.({ stage, rows: rows[stage].length, done, total: stages.length });
  }
  const list = (/** @type {unknown} */ v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
  const tables = rows.objects.filter((o) => objectField(o, 'type') === 'table').length;
  return {
    rows,
    options: { tablesFilter: list(options.tablesFilter), migrations: { table: options.migrations?.table } },
    summary: { tables, views: rows.objects.length - tables, columns: rows.columns.length },
  };
}

/**
 * @param {QueryFn} query
 * @param {Record<string, unknown>[]} objects
 */
async function viewColumnsOneByOne(query, objects) {
  const out = [];
  for (const o of objects) {
    const [name, type] = [objectField(o, 'name'), objectField(o, 'type')];
    if (type !== 'view') continue;
    const literal = `'${String(name).replaceAll("'", "''")}'`;
    try {
      out.push(...normaliseRows(await query(VIEW_COLUMNS(`m.type = 'view' AND m.name = ${literal}`))));
    } catch (err) {
      // The view cannot be compiled: pull declares it without columns, with a TODO naming it.
      // Anything else (a lock, a closed file) is the catalog read failing.
      const described = describeDriverError(err, undefined, 'reading a view\'s columns');
      if (described.code !== 'query_error') throw described;
    }
  }
  return out;
}

/**
 * The one row of a `jsonQuery`: its rows.
 * @param {unknown} result
 * @returns {Record<string, unknown>[]}
 */
function parseJsonRows(result) {
  const [row] = normaliseRows(result);
  const text = row === undefined ? undefined : Object.values(row)[0];
  if (typeof text !== 'string') throw new SleetError('internal_error', 'a catalog query returned no JSON text');
  return JSON.parse(text);
}

/**
 * Drivers disagree on integer shapes (libSQL may give bigint); hand the core plain JSON values.
 * @param {unknown} result
 */
function normaliseRows(result) {
  const list = Array.isArray(result) ? result : /** @type {any} */ (result)?.rows;
  if (!Array.isArray(list)) throw new SleetError('internal_error', 'the query function must resolve to an array of rows');
  return list.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
}

/**
 * A driver failure as a message a user can act on.
 * @param {any} err
 * @param {string | undefined} target
 * @param {string} doing
 */
export function describeDriverError(err, target, doing) {
  if (err instanceof SleetError) return err;
  const where = target ? ` ${maskCredentials(target)}` : '';
  const detail = maskCredentials(err?.message ?? String(err));
  if (/SQLITE_BUSY|database is locked/i.test(detail)) {
    return new SleetError('database_busy', `${doing} failed on${where || ' the database'}: ${detail}. Another connection holds a write lock; retry when it is done.`, { cause: err });
  }
  if (/SQLITE_CANTOPEN|unable to open|SQLITE_NOTADB|not a database/i.test(detail)) {
    return new SleetError('connection_error', `cannot open the database${where}: ${detail}. Check dbCredentials.url.`, { cause: err });
  }
  return new SleetError('query_error', `${doing} failed on${where || ' the database'}: ${detail}`, { cause: err });
}

/** rc.5's rebuild brackets: no-ops inside a transaction, so push switches enforcement off before it. */
const FOREIGN_KEYS_PRAGMA = /^\s*PRAGMA\s+foreign_keys\s*=\s*(ON|OFF)\s*;?\s*$/i;

/**
 * Push's statements on SQLite: foreign-key enforcement off outside the transaction (a table rebuild
 * drops the old table, which would otherwise delete cascade children or fail), every statement in
 * one transaction, `PRAGMA foreign_key_check` before commit (a new violation rolls everything back),
 * enforcement restored after.
 * @param {{ session: import('../drivers/session.js').Session, description: string }} db
 * @param {string[]} statements
 * @param {{ verbose?: boolean, log?: (line: string) => void }} opts
 * @returns {Promise<number>} statements applied
 */
export async function applyPush(db, statements, opts) {
  const { session } = db;
  const body = statements.filter((s) => !FOREIGN_KEYS_PRAGMA.test(s));
  const [row] = await session.query('PRAGMA foreign_keys');
  const enforced = Number(Object.values(row ?? {})[0] ?? 0) !== 0;
  const violationsBefore = (await session.query('PRAGMA foreign_key_check')).length;
  await session.exec('PRAGMA foreign_keys=OFF');
  let done = 0;
  let current = 'BEGIN';
  try {
    const tx = await session.begin('BEGIN IMMEDIATE');
    try {
      const [inside] = await tx.query('PRAGMA foreign_keys');
      if (Number(Object.values(inside ?? {})[0]) !== 0) {
        throw new SleetError('foreign_keys_still_on', 'push could not switch foreign keys off on the transaction\'s connection (another user of this client holds connections?); nothing was changed');
      }
      for (const sql of body) {
        current = sql;
        if (opts.verbose) opts.log?.(sql);
        await tx.exec(sql);
        done += 1;
      }
      current = 'PRAGMA foreign_key_check';
      const violations = await tx.query('PRAGMA foreign_key_check');
      if (violations.length > violationsBefore) {
        const list = violations.slice(0, 5).map((v) => `${v.table} row ${v.rowid} → ${v.parent}`).join(', ');
        throw new SleetError('foreign_key_violation', `push was rolled back, nothing was changed: the plan leaves ${violations.length - violationsBefore} row(s) whose foreign key has no parent (${list}${violations.length > 5 ? ', …' : ''}). Fix the rows or the schema and push again.`, { details: { violations: violations.slice(0, 20) } });
      }
      current = 'COMMIT';
      await tx.commit();
    } catch (err) {
      await tx.rollback().catch(() => {});
      throw err;
    }
  } catch (err) {
    if (err instanceof SleetError) throw err;
    const cause = describeDriverError(err, db.description, `running statement ${done + 1} of ${body.length}`);
    throw new SleetError(cause.code, `${cause.message}\nStatement: ${current}\nThe transaction was rolled back: nothing was changed. Run push again after fixing the cause.`, { cause: err, details: { applied: 0, failedStatement: current } });
  } finally {
    await session.exec(enforced ? 'PRAGMA foreign_keys=ON' : 'PRAGMA foreign_keys=OFF').catch(() => {});
  }
  return done;
}
