/**
 * PostgreSQL introspection, the I/O half: a fixed set of set-based catalog queries whose raw rows go to
 * the Rust core (`pgIntrospect`), which builds the same entity rows the schema serialiser builds.
 *
 * The queries never interpolate per-table lists and never run a scan per table or per column: every
 * join to pg_attribute, pg_attrdef, pg_depend, pg_constraint and pg_index goes through the catalogs'
 * own (relid, …) indexes, so the round trips stay the same for 10 tables or 10,000 and the server time
 * grows linearly. Every operator is spelled `OPERATOR(pg_catalog.…)` and every catalog and function is
 * schema-qualified, so a hostile or unusual search_path cannot change what the queries mean.
 */
import { call, JsonText } from '../engine.js';
import { maskCredentials, SleetError } from '../errors.js';

const EQ = 'OPERATOR(pg_catalog.=)';
const NE = 'OPERATOR(pg_catalog.<>)';
const NOT_MATCH = 'OPERATOR(pg_catalog.!~)';
const GT = 'OPERATOR(pg_catalog.>)';
const MINUS = 'OPERATOR(pg_catalog.-)';

/** Schemas that belong to Postgres itself or to hosting platforms (Planetscale, DSQL), as rc.5 skips them. */
const userNamespace = (n) =>
  `${n}.nspname ${NOT_MATCH} '^pg_' AND ${n}.nspname ${NE} ALL (ARRAY['information_schema', 'pscale_extensions', '__neki', 'sys'])`;

/** Objects created by `CREATE EXTENSION` are the extension's, never the schema's (pg_depend deptype 'e'). */
const notExtensionMember = (catalog, oid) =>
  `NOT EXISTS (SELECT FROM pg_catalog.pg_depend ext WHERE ext.classid ${EQ} '${catalog}'::pg_catalog.regclass AND ext.objid ${EQ} ${oid} AND ext.deptype ${EQ} 'e')`;

/** Tables, partitioned tables, views and materialized views in user schemas, extension members excluded. */
const RELATIONS = `SELECT c.oid, c.relname, c.relkind, n.nspname
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid ${EQ} c.relnamespace
  WHERE c.relkind ${EQ} ANY (ARRAY['r', 'p', 'v', 'm']::"char"[])
    AND ${userNamespace('n')}
    AND ${notExtensionMember('pg_catalog.pg_class', 'c.oid')}`;

const TABLES = `SELECT * FROM rel WHERE relkind ${EQ} ANY (ARRAY['r', 'p']::"char"[])`;

/**
 * The catalog queries, by the name of the `CatalogRows` field they fill. Arrays come back as JSON text so
 * every driver (PGlite, pg, postgres.js) hands over the same shape; ids as text for the same reason.
 */
export const PG_CATALOG_QUERIES = {
  schemas: `SELECT n.nspname AS "name"
    FROM pg_catalog.pg_namespace n
    WHERE ${userNamespace('n')} AND ${notExtensionMember('pg_catalog.pg_namespace', 'n.oid')}
    ORDER BY n.nspname`,

  relations: `WITH rel AS (${RELATIONS})
    SELECT rel.oid::text AS "oid", rel.nspname AS "schema", rel.relname AS "name", rel.relkind::text AS "kind",
      c.relrowsecurity AS "rlsEnabled",
      pg_catalog.to_json(c.reloptions)::text AS "options",
      am.amname AS "accessMethod",
      ts.spcname AS "tablespace",
      CASE WHEN rel.relkind ${EQ} ANY (ARRAY['v', 'm']::"char"[]) THEN pg_catalog.pg_get_viewdef(rel.oid, true) END AS "definition"
    FROM rel
    JOIN pg_catalog.pg_class c ON c.oid ${EQ} rel.oid
    LEFT JOIN pg_catalog.pg_am am ON am.oid ${EQ} c.relam
    LEFT JOIN pg_catalog.pg_tablespace ts ON ts.oid ${EQ} c.reltablespace
    ORDER BY rel.nspname, rel.relname`,

  // Views' columns too: pull writes their types (the model rows have no view columns).
  columns: `WITH rel AS (${RELATIONS}), tbl AS (SELECT * FROM rel)
    SELECT a.attrelid::text AS "tableOid", a.attnum::int AS "ordinal", a.attname AS "name",
      a.attnotnull AS "notNull",
      CASE
        WHEN a.attndims ${GT} 0 THEN a.attndims::int
        WHEN t.typcategory ${EQ} 'A' AND pg_catalog.format_type(a.atttypid, a.atttypmod) LIKE '%[]' THEN 1
        ELSE 0
      END AS "dimensions",
      pg_catalog.format_type(a.atttypid, a.atttypmod) AS "type",
      base.typtype::text AS "baseTypeKind", base.typname AS "baseTypeName", bn.nspname AS "baseTypeSchema",
      a.attidentity::text AS "identity", a.attgenerated::text AS "generated",
      pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS "default"
    FROM tbl
    JOIN pg_catalog.pg_attribute a ON a.attrelid ${EQ} tbl.oid AND a.attnum ${GT} 0 AND NOT a.attisdropped
    JOIN pg_catalog.pg_type t ON t.oid ${EQ} a.atttypid
    JOIN pg_catalog.pg_type base ON base.oid ${EQ} (CASE WHEN t.typcategory ${EQ} 'A' AND t.typelem ${NE} 0 THEN t.typelem ELSE t.oid END)
    JOIN pg_catalog.pg_namespace bn ON bn.oid ${EQ} base.typnamespace
    LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid ${EQ} a.attrelid AND d.adnum ${EQ} a.attnum
    ORDER BY tbl.nspname, tbl.relname, a.attnum`,

  enums: `SELECT n.nspname AS "schema", t.typname AS "name", e.enumlabel AS "value"
    FROM pg_catalog.pg_type t
    JOIN pg_catalog.pg_namespace n ON n.oid ${EQ} t.typnamespace
    JOIN pg_catalog.pg_enum e ON e.enumtypid ${EQ} t.oid
    WHERE t.typtype ${EQ} 'e' AND ${userNamespace('n')} AND ${notExtensionMember('pg_catalog.pg_type', 't.oid')}
    ORDER BY t.oid, e.enumsortorder`,

  sequences: `SELECT n.nspname AS "schema", c.relname AS "name",
      s.seqstart::text AS "startWith", s.seqmin::text AS "minValue", s.seqmax::text AS "maxValue",
      s.seqincrement::text AS "incrementBy", s.seqcycle AS "cycle", s.seqcache::text AS "cacheSize",
      owner.refobjid::text AS "ownerTableOid", owner.refobjsubid::int AS "ownerOrdinal", owner.deptype::text AS "ownership"
    FROM pg_catalog.pg_sequence s
    JOIN pg_catalog.pg_class c ON c.oid ${EQ} s.seqrelid
    JOIN pg_catalog.pg_namespace n ON n.oid ${EQ} c.relnamespace
    LEFT JOIN pg_catalog.pg_depend owner ON owner.classid ${EQ} 'pg_catalog.pg_class'::pg_catalog.regclass
      AND owner.objid ${EQ} s.seqrelid AND owner.objsubid ${EQ} 0
      AND owner.refclassid ${EQ} 'pg_catalog.pg_class'::pg_catalog.regclass
      AND owner.deptype ${EQ} ANY (ARRAY['a', 'i']::"char"[])
    WHERE ${userNamespace('n')} AND ${notExtensionMember('pg_catalog.pg_class', 's.seqrelid')}
    ORDER BY n.nspname, c.relname`,

  constraints: `WITH rel AS (${RELATIONS}), tbl AS (${TABLES})
    SELECT con.conrelid::text AS "tableOid", con.conname AS "name", con.contype::text AS "type",
      con.conindid::text AS "indexOid",
      (SELECT pg_catalog.json_agg(a.attname ORDER BY k.i)
        FROM pg_catalog.unnest(con.conkey) WITH ORDINALITY AS k(attnum, i)
        JOIN pg_catalog.pg_attribute a ON a.attrelid ${EQ} con.conrelid AND a.attnum ${EQ} k.attnum)::text AS "columns",
      fn.nspname AS "schemaTo", ft.relname AS "tableTo",
      (SELECT pg_catalog.json_agg(a.attname ORDER BY k.i)
        FROM pg_catalog.unnest(con.confkey) WITH ORDINALITY AS k(attnum, i)
        JOIN pg_catalog.pg_attribute a ON a.attrelid ${EQ} con.confrelid AND a.attnum ${EQ} k.attnum)::text AS "columnsTo",
      con.confupdtype::text AS "onUpdate", con.confdeltype::text AS "onDelete",
      CASE con.contype WHEN 'u' THEN pg_catalog.pg_get_constraintdef(con.oid) END AS "definition",
      CASE con.contype WHEN 'c' THEN pg_catalog.pg_get_expr(con.conbin, con.conrelid) END AS "check"
    FROM tbl
    JOIN pg_catalog.pg_constraint con ON con.conrelid ${EQ} tbl.oid
    LEFT JOIN pg_catalog.pg_class ft ON ft.oid ${EQ} con.confrelid
    LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid ${EQ} ft.relnamespace
    WHERE con.contype ${EQ} ANY (ARRAY['p', 'u', 'f', 'c', 'x']::"char"[])
    ORDER BY con.conrelid, con.contype, pg_catalog.lower(con.conname)`,

  indexes: `WITH rel AS (${RELATIONS}), tbl AS (${TABLES})
    SELECT i.indexrelid::text AS "oid", i.indrelid::text AS "tableOid", ic.relname AS "name",
      am.amname AS "method", i.indisunique AS "isUnique",
      pg_catalog.to_json(ic.reloptions)::text AS "options",
      pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS "where",
      (SELECT pg_catalog.json_agg(pg_catalog.json_build_object(
          'column', a.attname,
          'expression', CASE WHEN i.indkey[k.n ${MINUS} 1] ${EQ} 0 THEN pg_catalog.pg_get_indexdef(i.indexrelid, k.n, false) END,
          'option', i.indoption[k.n ${MINUS} 1],
          'opclass', oc.opcname,
          'opclassDefault', oc.opcdefault) ORDER BY k.n)
        FROM pg_catalog.generate_series(1, i.indnkeyatts::int) AS k(n)
        LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid ${EQ} i.indrelid AND a.attnum ${EQ} i.indkey[k.n ${MINUS} 1] AND i.indkey[k.n ${MINUS} 1] ${NE} 0
        LEFT JOIN pg_catalog.pg_opclass oc ON oc.oid ${EQ} i.indclass[k.n ${MINUS} 1])::text AS "columns"
    FROM tbl
    JOIN pg_catalog.pg_index i ON i.indrelid ${EQ} tbl.oid
    JOIN pg_catalog.pg_class ic ON ic.oid ${EQ} i.indexrelid
    JOIN pg_catalog.pg_am am ON am.oid ${EQ} ic.relam
    ORDER BY tbl.nspname, ic.relname`,

  policies: `WITH rel AS (${RELATIONS}), tbl AS (${TABLES})
    SELECT p.polrelid::text AS "tableOid", p.polname AS "name", p.polpermissive AS "permissive", p.polcmd::text AS "command",
      (SELECT pg_catalog.json_agg(COALESCE(r.rolname, 'public') ORDER BY COALESCE(r.rolname, 'public'))
        FROM pg_catalog.unnest(p.polroles) AS k(roleid)
        LEFT JOIN pg_catalog.pg_roles r ON r.oid ${EQ} k.roleid)::text AS "roles",
      pg_catalog.pg_get_expr(p.polqual, p.polrelid) AS "using",
      pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) AS "withCheck"
    FROM tbl
    JOIN pg_catalog.pg_policy p ON p.polrelid ${EQ} tbl.oid
    ORDER BY tbl.nspname, tbl.relname, p.polname`,

  roles: `SELECT rolname AS "name", rolsuper AS "superuser", rolinherit AS "inherit", rolcreaterole AS "createRole",
      rolcreatedb AS "createDb", rolcanlogin AS "canLogin", rolreplication AS "replication", rolconnlimit::int AS "connLimit",
      rolvaliduntil::text AS "validUntil", rolbypassrls AS "bypassRls",
      rolname ${EQ} CURRENT_USER AS "isCurrentUser"
    FROM pg_catalog.pg_roles
    ORDER BY rolname`,
};

/**
 * @typedef {(sql: string) => Promise<Record<string, unknown>[]>} QueryFn
 * @typedef {{ roles?: boolean | { provider?: 'supabase' | 'neon', include?: string[], exclude?: string[] } }} EntitiesOption
 * @typedef {{
 *   schemaFilter?: string[], tablesFilter?: string[], extensionsFilters?: 'postgis'[],
 *   entities?: EntitiesOption, migrations?: { table?: string, schema?: string },
 *   onProgress?: (event: { stage: string, rows: number, done: number, total: number }) => void,
 *   target?: string,
 * }} IntrospectOptions
 */

/**
 * Read a PostgreSQL database into sleet's entity rows (the rc.5 snapshot `ddl[]` rows).
 * @param {QueryFn} query runs one SQL text and resolves to its rows
 * @param {IntrospectOptions} [options]
 * @returns {Promise<{ ddl: Record<string, unknown>[] }>}
 */
export async function introspectPg(query, options = {}) {
  return call('pgIntrospect', await readCatalog(query, options));
}

/**
 * A catalog query's rows as JSON text the server writes, so no driver builds an object per row and
 * nothing stringifies them again (24,000 rows and ≈ 20 MiB of objects at 1,000 tables, where their
 * text is 5 MB). Every column of the queries is text, boolean or int, which JSON and the drivers
 * render alike. The text comes in chunks of `CHUNK` rows, each a row of its own: as one value, a
 * driver would buffer the whole 3 MB message at once (node-postgres keeps a buffer of twice that).
 * `extra` adds counts of its own.
 * @param {string} sql
 * @param {string} [extra]
 */
const asJsonRows = (sql, extra = '') =>
  `SELECT pg_catalog.json_agg(c.q ORDER BY c.n)::text AS "rows", pg_catalog.count(*)::int AS "count"${extra}
    FROM (SELECT q, pg_catalog.row_number() OVER () AS n FROM (${sql}) q) c
    GROUP BY (c.n ${MINUS} 1) / ${CHUNK} ORDER BY (c.n ${MINUS} 1) / ${CHUNK}`;
const CHUNK = 500;

/** The summary's split of relations into tables and views. */
const TABLE_COUNT = `, (pg_catalog.count(*) FILTER (WHERE (c.q).kind ${EQ} ANY (ARRAY['r', 'p'])))::int AS "tables"`;

/**
 * Run the catalog queries; the raw rows (each query's as JSON text) and the scope options, as the
 * core's `pgIntrospect` and `push` take them (push builds the database model itself, saving a round
 * trip through JS), with the counts the progress lines give.
 * @param {QueryFn} query
 * @param {IntrospectOptions} [options]
 * @returns {Promise<{ rows: Record<string, JsonText>, options: Record<string, unknown>, summary: { tables: number, views: number, columns: number } }>}
 */
export async function readCatalog(query, options = {}) {
  const stages = Object.keys(PG_CATALOG_QUERIES);
  let done = 0;
  /** @type {Record<string, JsonText>} */
  const rows = {};
  const summary = { tables: 0, views: 0, columns: 0 };
  // Sequential on purpose: single-connection drivers (PGlite, one pg Client) cannot overlap
  // queries, and the round trips cost milliseconds; the count never depends on the table count.
  for (const stage of stages) {
    let result;
    try {
      result = await query(asJsonRows(PG_CATALOG_QUERIES[/** @type {keyof typeof PG_CATALOG_QUERIES} */ (stage)], stage === 'relations' ? TABLE_COUNT : ''));
    } catch (err) {
      throw describeDriverError(err, options.target, `reading the catalog (${stage})`);
    }
    const chunks = normaliseRows(result);
    if (!chunks.every((chunk) => typeof chunk.rows === 'string' && typeof chunk.count === 'number' && (stage !== 'relations' || typeof chunk.tables === 'number'))) {
      throw new SleetError('internal_error', `reading the catalog (${stage}): the query function returned ${JSON.stringify(chunks[0])}, not rows of JSON text and a count`);
    }
    // One JSON array of the chunks' rows: each chunk's text without its brackets (a slice of it, not a copy).
    rows[stage] = new JsonText(['[', ...chunks.flatMap((chunk, i) => [...(i ? [','] : []), /** @type {string} */ (chunk.rows).slice(1, -1)]), ']']);
    const sum = (/** @type {string} */ key) => chunks.reduce((total, chunk) => total + /** @type {number} */ (chunk[key]), 0);
    const count = sum('count');
    if (stage === 'relations') {
      summary.tables = sum('tables');
      summary.views = count - summary.tables;
    }
    if (stage === 'columns') summary.columns = count;
    done += 1;
    options.onProgress?.({ stage, rows: count, done, total: stages.length });
  }
  return { rows, options: coreOptions(options), summary };
}

/** @param {IntrospectOptions} options */
function coreOptions(options) {
  const list = (/** @type {unknown} */ v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
  return {
    schemaFilter: list(options.schemaFilter),
    tablesFilter: list(options.tablesFilter),
    extensionsFilters: list(options.extensionsFilters),
    roles: options.entities?.roles ?? false,
    // The config's table (normalised with the core's defaults); absent fields take the core's too.
    migrations: { table: options.migrations?.table, schema: options.migrations?.schema },
  };
}

/**
 * Drivers disagree on scalar shapes (PGlite and pg give ints as numbers, postgres.js may give Date for
 * timestamps); hand the core plain JSON values only.
 * @param {unknown} result
 * @returns {Record<string, unknown>[]}
 */
function normaliseRows(result) {
  const list = Array.isArray(result) ? result : /** @type {any} */ (result)?.rows;
  if (!Array.isArray(list)) {
    throw new SleetError('internal_error', 'the query function must resolve to an array of rows (or an object with `rows`)');
  }
  return list.map((row) => {
    /** @type {Record<string, unknown>} */
    const out = {};
    for (const [key, value] of Object.entries(row)) {
      out[key] = typeof value === 'bigint' ? value.toString() : value instanceof Date ? value.toISOString() : value;
    }
    return out;
  });
}

/** Error codes from libpq/SQLSTATE and Node's socket layer that mean "cannot connect". */
const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN']);

/**
 * Turn a driver failure into a message a user can act on, credentials masked.
 * @param {any} err
 * @param {string | undefined} target connection string or description of the database
 * @param {string} doing what sleet was doing when it failed
 * @returns {SleetError}
 */
export function describeDriverError(err, target, doing) {
  if (err instanceof SleetError) return err;
  const where = target ? ` ${maskCredentials(target)}` : '';
  const code = err?.code ?? err?.errno;
  const detail = maskCredentials(err?.message ?? String(err));
  // The connection ended under a running command (pg_terminate_backend, a server restart, a proxy).
  if (code === '57P01' || code === '57P02' || code === '57P03' || /terminating connection|Connection terminated unexpectedly|connection error|server closed the connection|CONNECTION_(?:CLOSED|ENDED|DESTROYED)|Client was closed/i.test(detail)) {
    return new SleetError('connection_lost', `the connection to the database${where} was lost while ${doing}: ${detail}`, { cause: err });
  }
  if (CONNECTION_ERRORS.has(code) || /connect ECONNREFUSED|getaddrinfo|timeout expired|Connection terminated/i.test(detail)) {
    return new SleetError('connection_error', `cannot reach the database${where}: ${detail}. Check host and port, and that PostgreSQL is running and accepts TCP connections.`, { cause: err });
  }
  if (code === '28P01' || code === '28000') {
    return new SleetError('authentication_error', `the database${where} rejected the credentials: ${detail}. Check user and password in dbCredentials (or the url).`, { cause: err });
  }
  if (code === '3D000') {
    return new SleetError('connection_error', `the database${where} does not exist: ${detail}. Create it or fix the database name.`, { cause: err });
  }
  if (code === '42501') {
    return new SleetError('permission_error', `permission denied while ${doing} on${where || ' the database'}: ${detail}. The user needs read access to the pg_catalog tables.`, { cause: err });
  }
  return new SleetError('query_error', `${doing} failed on${where || ' the database'}: ${detail}`, { cause: err });
}

/**
 * Adapt the usual clients to a `QueryFn`: PGlite and pg (`.query` → `{ rows }`), postgres.js (`.unsafe`).
 * @param {any} client
 * @returns {QueryFn}
 */
export function queryFunctionFor(client) {
  if (typeof client === 'function' && typeof client.unsafe === 'function') {
    return async (sql) => [...(await client.unsafe(sql))];
  }
  if (client && typeof client.query === 'function') {
    return async (sql) => (await client.query(sql)).rows;
  }
  throw new SleetError('internal_error', 'unsupported database client: expected PGlite, pg (Client/Pool) or postgres.js');
}
