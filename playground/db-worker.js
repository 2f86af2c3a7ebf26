// The in-browser database: PGlite in its own worker, so applying migrations and running console queries
// never blocks the editor or the engine. PGlite is not bundled: its own ES modules, wasm and data are
// served under pglite/ (from the user's install by `sleet playground`, copied in by the static build).

/** What the page says when there is no PGlite to load. */
const MISSING = 'No database: PGlite is not installed where `sleet playground` runs. '
  + 'Install it in the project (`npm i -D @electric-sql/pglite`) and restart `sleet playground`; '
  + 'everything but this panel works without it.';

/** @type {import('@electric-sql/pglite').PGlite | undefined} */
let db;

// From the catalog rather than information_schema: types as Postgres prints them (`varchar(64)`, enum names).
const TABLES_SQL = `
  select n.nspname as schema, c.relname as name, c.relkind as kind, a.attname as column,
    format_type(a.atttypid, a.atttypmod) as type, not a.attnotnull as nullable, pg_get_expr(d.adbin, d.adrelid) as default
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
  left join pg_attrdef d on d.adrelid = c.oid and d.adnum = a.attnum
  where c.relkind in ('r', 'p', 'v', 'm') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'
  order by n.nspname, c.relname, a.attnum`;

const KINDS = { r: 'table', p: 'table', v: 'view', m: 'materialized view' };

async function database() {
  if (!db) {
    let pglite;
    try {
      // A URL esbuild leaves alone: the browser resolves it against this worker's own URL.
      pglite = await import(new URL('./pglite/index.js', import.meta.url).href);
    } catch {
      throw new Error(MISSING);
    }
    db = await pglite.PGlite.create();
  }
  return db;
}

async function tables() {
  const { rows } = await (await database()).query(TABLES_SQL);
  /** @type {Map<string, { schema: string, name: string, kind: string, columns: object[] }>} */
  const byName = new Map();
  for (const r of rows) {
    const key = `${r.schema}.${r.name}`;
    if (!byName.has(key)) byName.set(key, { schema: r.schema, name: r.name, kind: KINDS[r.kind], columns: [] });
    byName.get(key).columns.push({ name: r.column, type: r.type, nullable: r.nullable, default: r.default });
  }
  return [...byName.values()];
}

const handlers = {
  /** Whether PGlite is there to load, asked without loading it. */
  async available() {
    const r = await fetch(new URL('./pglite/index.js', import.meta.url), { method: 'HEAD' }).catch(() => undefined);
    return r?.ok ? {} : { missing: MISSING };
  },
  async reset() {
    await db?.close();
    db = undefined;
    return { tables: [] };
  },
  /**
   * Each migration in its own transaction, statement by statement as `sleet migrate` runs them. A failure
   * stops there: the ones before it stay applied, and the reply says how many.
   */
  async apply({ migrations }) {
    const pg = await database();
    let applied = 0;
    for (const { folder, sql } of migrations) {
      const statements = sql.split('--> statement-breakpoint').map((s) => s.trim()).filter(Boolean);
      try {
        await pg.transaction(async (tx) => {
          for (const statement of statements) await tx.exec(statement);
        });
      } catch (err) {
        return { applied, error: `${folder}: ${err.message}`, tables: await tables() };
      }
      applied++;
    }
    return { applied, tables: await tables() };
  },
  async query({ sql }) {
    const results = await (await database()).exec(sql);
    return {
      results: results.map((r) => ({ fields: r.fields.map((f) => f.name), rows: r.rows, affectedRows: r.affectedRows })),
      tables: await tables(),
    };
  },
};

self.onmessage = async ({ data }) => {
  try {
    self.postMessage({ id: data.id, ok: true, result: await handlers[data.type](data) });
  } catch (err) {
    self.postMessage({ id: data.id, ok: false, error: { message: err instanceof Error ? err.message : String(err) } });
  }
};
