// Applies migration statements step by step to a real SQLite database with rows in every table, and
// reports what each step did to the rows. Shared by the libSQL run (in-process, Node) and the
// bun:sqlite run (`bun sqlite-apply.mjs <input.json>` prints the same report as JSON).
//
// Statements run one by one outside any transaction, as the migrators run rebuilds (PRAGMA
// foreign_keys only takes effect there). After each step one row is inserted into every table,
// parents before children, with values the foreign keys accept.

/**
 * @typedef {{ exec: (sql: string) => Promise<void>, all: (sql: string) => Promise<Record<string, any>[]> }} Db
 * @typedef {{ step: string, statements: string[] }} Step
 */

const q = (name) => `"${name.replaceAll('"', '""')}"`;

async function tables(db) {
  const rows = await db.all("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
  return rows.map((r) => String(r.name));
}

async function counts(db) {
  const out = {};
  for (const t of await tables(db)) out[t] = Number((await db.all(`SELECT count(*) AS n FROM ${q(t)}`))[0].n);
  return out;
}

function valueFor(type, k) {
  const t = String(type).toUpperCase();
  if (t.includes('INT')) return String(k);
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT')) return `'v${k}'`;
  if (t.includes('BLOB')) return `x'0${k % 10}'`;
  if (t.includes('REAL') || t.includes('FLOA') || t.includes('DOUB')) return `${k}.5`;
  return String(k);
}

/** One row per table, parents first; a row the schema refuses (a CHECK, say) is skipped. */
async function seed(db, k) {
  const names = await tables(db);
  const info = {};
  for (const t of names) {
    const columns = await db.all(`SELECT name, type, hidden FROM pragma_table_xinfo(${q(t).replaceAll('"', "'")})`);
    const fks = await db.all(`SELECT "table" AS parent, "from" AS col, "to" AS ref FROM pragma_foreign_key_list(${q(t).replaceAll('"', "'")})`);
    info[t] = { columns, fks };
  }
  const done = new Set();
  const visit = async (t, path = new Set()) => {
    if (done.has(t) || path.has(t) || !info[t]) return;
    path.add(t);
    for (const fk of info[t].fks) if (fk.parent !== t) await visit(fk.parent, path);
    done.add(t);
    const cols = info[t].columns.filter((c) => Number(c.hidden) === 0);
    const values = cols.map((c) => {
      const fk = info[t].fks.find((f) => f.col === c.name);
      const parentCol = fk && info[fk.parent]?.columns.find((pc) => pc.name === (fk.ref ?? c.name));
      return valueFor(parentCol ? parentCol.type : c.type, k);
    });
    try {
      await db.exec(`INSERT INTO ${q(t)} (${cols.map((c) => q(c.name)).join(', ')}) VALUES (${values.join(', ')})`);
    } catch {
      // refused by a constraint: the table keeps the rows it has
    }
  };
  for (const t of names) await visit(t);
}

/**
 * @param {Db} db
 * @param {Step[]} steps
 */
export async function applySteps(db, steps) {
  await db.exec('PRAGMA foreign_keys=ON');
  const report = [];
  let k = 0;
  for (const { step, statements } of steps) {
    k += 1;
    const before = await counts(db);
    let error = null;
    for (const sql of statements) {
      try {
        await db.exec(sql);
      } catch (e) {
        error = `${sql}: ${e?.message ?? e}`;
        break;
      }
    }
    const after = await counts(db);
    const fkViolations = (await db.all('PRAGMA foreign_key_check')).length;
    report.push({ step, error, before, after, fkViolations });
    if (error) break;
    await seed(db, k);
  }
  return report;
}

// Under Bun: `bun sqlite-apply.mjs <input.json>` with `{ file, steps }`.
if (typeof Bun !== 'undefined' && import.meta.main) {
  const { Database } = await import('bun:sqlite');
  const input = JSON.parse(await Bun.file(process.argv[2]).text());
  const database = new Database(input.file);
  const db = {
    exec: async (sql) => void database.run(sql),
    all: async (sql) => database.query(sql).all(),
  };
  console.log(JSON.stringify(await applySteps(db, input.steps)));
  database.close();
}
