// The in-browser database: PGlite in its own worker, so applying migrations and running console queries
// never blocks the editor or the engine. Its wasm and data files are served next to this bundle.
import { PGlite } from '@electric-sql/pglite';

/** @type {PGlite | undefined} */
let db;

const TABLES_SQL = `
  select c.table_schema, c.table_name, t.table_type, c.column_name, c.data_type, c.is_nullable, c.column_default
  from information_schema.columns c
  join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
  where c.table_schema not in ('pg_catalog', 'information_schema')
  order by c.table_schema, c.table_name, c.ordinal_position`;

async function database() {
  db ??= await PGlite.create();
  return db;
}

async function tables() {
  const { rows } = await (await database()).query(TABLES_SQL);
  /** @type {Map<string, { schema: string, name: string, type: string, columns: object[] }>} */
  const byName = new Map();
  for (const r of rows) {
    const key = `${r.table_schema}.${r.table_name}`;
    if (!byName.has(key)) byName.set(key, { schema: r.table_schema, name: r.table_name, type: r.table_type, columns: [] });
    byName.get(key).columns.push({ name: r.column_name, type: r.data_type, nullable: r.is_nullable === 'YES', default: r.column_default });
  }
  return [...byName.values()];
}

const handlers = {
  async reset() {
    await db?.close();
    db = undefined;
    return { tables: [] };
  },
  /** Each migration in its own transaction, statement by statement as `sleet migrate` runs them. */
  async apply({ migrations }) {
    const pg = await database();
    for (const { folder, sql } of migrations) {
      const statements = sql.split('--> statement-breakpoint').map((s) => s.trim()).filter(Boolean);
      try {
        await pg.transaction(async (tx) => {
          for (const statement of statements) await tx.exec(statement);
        });
      } catch (err) {
        throw new Error(`${folder}: ${err.message}`);
      }
    }
    return { tables: await tables() };
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
