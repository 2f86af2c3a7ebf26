// `sleet push` on SQLite, against real SQLite files:
//   1. every step of every scenario in tests/scenarios/sqlite pushed into one file equals sleet's
//      generated migrations applied to another (each step's down.sql applied and the step applied
//      again on the way: down restores the previous schema exactly) (both read back through the pragmas, here, by a dump
//      independent of sleet's introspection); a second push plans nothing, and push on the migrated
//      file plans nothing either (sleet's introspection reads back exactly what generate wrote);
//   2. rows and ON DELETE CASCADE children survive table rebuilds (libSQL, better-sqlite3, bun:sqlite);
//   3. the catalog is read by the same number of queries for 1 table and for 50;
//   4. what the Postgres push refuses is refused the same way (unconfirmed data loss → exit 2 with
//      confirm_data_loss questions; a statement that would fail on the rows → nothing runs), and a
//      plan that would leave a dangling foreign key is rolled back whole.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { listScenarios } from './sqlite-scenarios.js';
import { readCatalog, SQLITE_CATALOG_QUERIES } from '../../js/introspect/sqlite.js';
import { runPush } from '../../js/commands/push.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'js/cli.js');
const BUN = path.join(root, 'node_modules', '.bin', 'bun');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sleet-sqlpush-'));
const HEADER = "import { sql } from 'drizzle-orm';\nimport { sqliteTable, integer, text, check, index } from 'drizzle-orm/sqlite-core';\n";

function project(label, dbFile) {
  const dir = fs.mkdtempSync(path.join(work, `${label}-`));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, 'drizzle.config.json'), JSON.stringify({ dialect: 'sqlite', schema: './schema.ts', out: './drizzle', dbCredentials: { url: dbFile } }));
  return dir;
}

function run(dir, args, runtime = process.execPath) {
  // Node runs the bin through its shebang (and its V8 flags); Bun runs the file.
  const [command, argv] = runtime === process.execPath ? [cli, args] : [runtime, [cli, ...args]];
  const r = spawnSync(command, argv, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
  let envelope;
  try {
    envelope = JSON.parse(r.stdout.trim().split('\n').pop() ?? '');
  } catch {
    envelope = { status: 'unparsable', stdout: r.stdout, stderr: r.stderr };
  }
  return { code: r.status, envelope, stderr: r.stderr };
}

/** A file through libSQL: `all` for reads, `exec` for statements. */
async function withFile(file, fn) {
  const client = createClient({ url: `file:${file}` });
  try {
    return await fn({
      all: async (sql) => (await client.execute(sql)).rows.map((r) => ({ ...r })),
      exec: async (sql) => void (await client.executeMultiple(sql)),
    });
  } finally {
    client.close();
  }
}

// SQLite rewrites a renamed column's references in index and view texts with its own quotes.
const unquoted = (sql) => (sql == null ? null : String(sql).replace(/[`"]/g, ''));
const lit = (name) => `'${String(name).replaceAll("'", "''")}'`;

/**
 * The schema as SQLite itself reports it (pragmas; index names only where the user chose them;
 * CHECK constraint names and view texts from sqlite_schema), independent of sleet's introspection.
 */
async function dump(db) {
  const objects = await db.all("SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND type IN ('table', 'view') ORDER BY type, name");
  const out = {};
  for (const o of objects) {
    if (o.type === 'view') {
      out[`view ${o.name}`] = unquoted(o.sql);
      continue;
    }
    const columns = await db.all(`SELECT name, type, "notnull", dflt_value, pk, hidden FROM pragma_table_xinfo(${lit(o.name)}) ORDER BY cid`);
    const indexes = [];
    for (const i of await db.all(`SELECT il.name, il."unique", il.origin, il.partial, s.sql FROM pragma_index_list(${lit(o.name)}) il LEFT JOIN sqlite_schema s ON s.type = 'index' AND s.name = il.name`)) {
      const cols = (await db.all(`SELECT name FROM pragma_index_info(${lit(i.name)}) ORDER BY seqno`)).map((c) => c.name);
      indexes.push({ name: i.origin === 'c' ? i.name : null, unique: i.unique, origin: i.origin, partial: i.partial, cols, sql: unquoted(i.sql) });
    }
    indexes.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    const fks = (await db.all(`SELECT "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list(${lit(o.name)})`))
      .map((f) => JSON.stringify(f)).sort();
    const checks = [...String(o.sql).matchAll(/CONSTRAINT\s+"([^"]+)"\s+CHECK/g)].map((m) => m[1]).sort();
    const names = [...String(o.sql).matchAll(/CONSTRAINT\s+`([^`]+)`/g)].map((m) => m[1]).sort();
    out[`table ${o.name}`] = { columns, indexes, fks, checks, names, autoincrement: /AUTOINCREMENT/i.test(o.sql) };
  }
  return out;
}

/**
 * A dump with each table's columns in name order and without the CONSTRAINT clauses of its text: a
 * down rebuild prints a generated foreign-key name the ALTER … ADD … REFERENCES of the up left out.
 */
const byName = (d) => Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v.columns ? { ...v, names: undefined, columns: [...v.columns].sort((a, b) => a.name.localeCompare(b.name)) } : v]));

const splitStatements = (sql) => sql.split('--> statement-breakpoint').map((s) => s.trim()).filter(Boolean);

function newestMigration(dir) {
  const out = path.join(dir, 'drizzle');
  const list = fs.readdirSync(out).filter((f) => fs.existsSync(path.join(out, f, 'migration.sql'))).sort();
  return path.join(out, list[list.length - 1]);
}

describe('sleet push (sqlite) equals applying sleet generate, step by step', () => {
  const scenarios = listScenarios();
  test('there are scenarios', () => assert.ok(scenarios.length >= 25, `${scenarios.length} scenarios`));
  for (const { name: scenario, steps } of scenarios) {
    test(scenario, async () => {
      const pushed = path.join(work, `${scenario}-push.sqlite`);
      const migrated = path.join(work, `${scenario}-gen.sqlite`);
      const pushDir = project(`${scenario}-push`, pushed);
      const genDir = project(`${scenario}-gen`, migrated);
      for (const { file, step: k, hints } of steps) {
        const hintArgs = hints.length ? ['--hints', JSON.stringify(hints)] : [];
        for (const d of [pushDir, genDir]) fs.copyFileSync(file, path.join(d, 'schema.ts'));
        const gen = run(genDir, ['generate', '--name', `s${k}`, '--output', 'json', ...hintArgs]);
        assert.equal(gen.code, 0, `${scenario}/${k} generate: ${gen.stderr}`);
        if (gen.envelope.status === 'ok') {
          const folder = newestMigration(genDir);
          const up = splitStatements(fs.readFileSync(path.join(folder, 'migration.sql'), 'utf8'));
          const down = splitStatements(fs.readFileSync(path.join(folder, 'down.sql'), 'utf8'));
          // down.sql, on a copy: up → down leaves the schema as it was, and up again as the migration made it.
          const copy = `${migrated}.roundtrip`;
          if (fs.existsSync(migrated)) fs.copyFileSync(migrated, copy);
          const before = await withFile(copy, dump);
          await withFile(migrated, async (db) => { for (const s of up) await db.exec(s); });
          const after = await withFile(migrated, dump);
          await withFile(copy, async (db) => { for (const s of [...up, ...down]) await db.exec(s); });
          // A generated column recreated by DROP + ADD moves to the end, up and down alike: order aside.
          assert.deepEqual(byName(await withFile(copy, dump)), byName(before), `${scenario}/${k}: down.sql does not restore the previous schema:\n${down.join('\n')}`);
          await withFile(copy, async (db) => { for (const s of up) await db.exec(s); });
          assert.deepEqual(byName(await withFile(copy, dump)), byName(after), `${scenario}/${k}: up after down differs`);
          fs.rmSync(copy);
        }
        const push = run(pushDir, ['push', '--output', 'json', ...hintArgs]);
        assert.equal(push.code, 0, `${scenario}/${k} push: ${JSON.stringify(push.envelope)} ${push.stderr}`);
        assert.ok(['ok', 'no_changes'].includes(push.envelope.status), `${scenario}/${k} push: ${JSON.stringify(push.envelope)}`);
        const [a, b] = [await withFile(pushed, dump), await withFile(migrated, dump)];
        assert.deepEqual(a, b, `${scenario}/${k}: the pushed file differs from the migrated one`);
        for (const [label, dir] of [['second push', pushDir], ['push on the migrated file', genDir]]) {
          const again = run(dir, ['push', '--explain', '--output', 'json']);
          assert.equal(again.envelope.status, 'no_changes', `${scenario}/${k} ${label}: ${JSON.stringify(again.envelope).slice(0, 1500)} ${again.stderr}`);
        }
      }
    });
  }
});

const PARENT_CHILD_1 = `${HEADER}
export const users = sqliteTable('users', { id: integer('id').primaryKey(), name: text('name') });
export const posts = sqliteTable('posts', {
  id: integer('id').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  title: text('title'),
});
`;
// Both tables rebuilt: a check and a NOT NULL with a default on users, NOT NULL on posts.title.
const PARENT_CHILD_2 = `${HEADER}
export const users = sqliteTable('users', {
  id: integer('id').primaryKey(),
  name: text('name').notNull().default('anon'),
  score: integer('score').notNull().default(0),
}, (t) => [check('score_ok', sql\`\${t.score} >= 0\`)]);
export const posts = sqliteTable('posts', {
  id: integer('id').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  title: text('title').notNull().default(''),
}, (t) => [index('posts_user_idx').on(t.userId)]);
`;

async function seedParentChild(db) {
  await db.exec("INSERT INTO users (id, name) VALUES (1, 'a'), (2, NULL); INSERT INTO posts (id, user_id, title) VALUES (1, 1, 'x'), (2, 1, NULL), (3, 2, 'z');");
}

async function rowsOf(db) {
  return {
    users: await db.all('SELECT id, name FROM users ORDER BY id'),
    posts: await db.all('SELECT id, user_id, title FROM posts ORDER BY id'),
  };
}

const EXPECTED_ROWS = {
  users: [{ id: 1, name: 'a' }, { id: 2, name: 'anon' }],
  posts: [{ id: 1, user_id: 1, title: 'x' }, { id: 2, user_id: 1, title: '' }, { id: 3, user_id: 2, title: 'z' }],
};

describe('rows and cascade children survive rebuilds', () => {
  test('libSQL (the CLI), with foreign keys enforced on the file', async () => {
    const file = path.join(work, 'rows-libsql.sqlite');
    const dir = project('rows-libsql', file);
    fs.writeFileSync(path.join(dir, 'schema.ts'), PARENT_CHILD_1);
    assert.equal(run(dir, ['push', '--output', 'json']).envelope.status, 'ok');
    await withFile(file, seedParentChild);
    fs.writeFileSync(path.join(dir, 'schema.ts'), PARENT_CHILD_2);
    const plan = run(dir, ['push', '--explain', '--output', 'json']);
    assert.ok(plan.envelope.sql.some((s) => s.startsWith('DROP TABLE `users`')), `users is rebuilt: ${plan.envelope.sql}`);
    const r = run(dir, ['push', '--output', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.envelope.status, 'ok');
    await withFile(file, async (db) => {
      assert.deepEqual(await rowsOf(db), EXPECTED_ROWS);
      assert.deepEqual(await db.all('PRAGMA foreign_key_check'), []);
      assert.equal((await db.all("SELECT count(*) AS n FROM sqlite_schema WHERE name LIKE '__new_%'"))[0].n, 0);
    });
    assert.equal(run(dir, ['push', '--explain', '--output', 'json']).envelope.status, 'no_changes');
  });

  test('better-sqlite3 (a client handed to push), foreign keys ON before and after', async () => {
    const { default: Database } = await import('better-sqlite3');
    const file = path.join(work, 'rows-bsq.sqlite');
    const dir = project('rows-bsq', file);
    const client = new Database(file);
    try {
      client.pragma('foreign_keys = ON');
      const config = { dialect: 'sqlite', schema: './schema.ts' };
      fs.writeFileSync(path.join(dir, 'schema.ts'), PARENT_CHILD_1);
      assert.equal((await runPush({ config, cwd: dir, client })).status, 'ok');
      client.exec("INSERT INTO users (id, name) VALUES (1, 'a'), (2, NULL); INSERT INTO posts (id, user_id, title) VALUES (1, 1, 'x'), (2, 1, NULL), (3, 2, 'z');");
      fs.writeFileSync(path.join(dir, 'schema.ts'), PARENT_CHILD_2);
      const result = await runPush({ config, cwd: dir, client });
      assert.equal(result.status, 'ok');
      assert.deepEqual({
        users: client.prepare('SELECT id, name FROM users ORDER BY id').all(),
        posts: client.prepare('SELECT id, user_id, title FROM posts ORDER BY id').all(),
      }, EXPECTED_ROWS);
      assert.equal(client.pragma('foreign_keys', { simple: true }), 1, 'enforcement is restored');
      assert.equal((await runPush({ config, cwd: dir, client })).status, 'no_changes');
    } finally {
      client.close();
    }
  });

  test('a table rebuilt under a view and a view over that view: views out of the way and back, rows kept', async () => {
    const file = path.join(work, 'rows-views.sqlite');
    const dir = project('rows-views', file);
    const step = (k) => path.join(root, 'tests/scenarios/sqlite/27_rebuild_under_view', `${k}.ts`);
    fs.copyFileSync(step('01'), path.join(dir, 'schema.ts'));
    assert.equal(run(dir, ['push', '--output', 'json']).envelope.status, 'ok');
    await withFile(file, (db) => db.exec("INSERT INTO t (id, name, extra) VALUES (1, 'a', 'e'), (2, NULL, NULL); INSERT INTO u (id, note) VALUES (1, 'n');"));
    const views = (db) => db.all("SELECT name FROM sqlite_schema WHERE type = 'view' ORDER BY name");
    const before = await withFile(file, views);
    fs.copyFileSync(step('02'), path.join(dir, 'schema.ts'));
    const plan = run(dir, ['push', '--explain', '--output', 'json']).envelope.sql;
    const at = (s) => plan.indexOf(s);
    assert.ok(at('DROP VIEW `v2`;') >= 0 && at('DROP VIEW `v`;') >= 0, `the views over t are dropped: ${plan.join('\n')}`);
    assert.ok(Math.max(at('DROP VIEW `v2`;'), at('DROP VIEW `v`;')) < plan.findIndex((s) => s.startsWith('ALTER TABLE `__new_t` RENAME')), 'before the rebuild');
    assert.ok(plan.findIndex((s) => s.startsWith('CREATE VIEW `v` AS')) < plan.findIndex((s) => s.startsWith('CREATE VIEW `v2` AS')), 'v is back before v2 reads it');
    assert.ok(!plan.some((s) => /VIEW `vu`/.test(s)), 'vu reads nothing rebuilt and stays');
    const r = run(dir, ['push', '--output', 'json']);
    assert.equal(r.code, 0, `${JSON.stringify(r.envelope)} ${r.stderr}`);
    await withFile(file, async (db) => {
      assert.deepEqual(await views(db), before);
      assert.deepEqual(await db.all('SELECT id, name FROM v ORDER BY id'), [{ id: 1, name: 'a' }, { id: 2, name: '' }]);
      assert.deepEqual(await db.all('SELECT id FROM v2 ORDER BY id'), [{ id: 1 }, { id: 2 }]);
      assert.deepEqual(await db.all('SELECT id, note FROM vu'), [{ id: 1, note: 'n' }]);
    });
    assert.equal(run(dir, ['push', '--explain', '--output', 'json']).envelope.status, 'no_changes');
  });

  test('bun:sqlite (the CLI under Bun)', async () => {
    const file = path.join(work, 'rows-bun.sqlite');
    const dir = project('rows-bun', file);
    fs.writeFileSync(path.join(dir, 'schema.ts'), PARENT_CHILD_1);
    const first = run(dir, ['push', '--output', 'json'], BUN);
    assert.equal(first.envelope.status, 'ok', first.stderr);
    await withFile(file, seedParentChild);
    fs.writeFileSync(path.join(dir, 'schema.ts'), PARENT_CHILD_2);
    const r = run(dir, ['push', '--output', 'json'], BUN);
    assert.equal(r.envelope.status, 'ok', r.stderr);
    await withFile(file, async (db) => assert.deepEqual(await rowsOf(db), EXPECTED_ROWS));
  });
});

test("the catalog is read by the same number of queries for 1 table and for 50", async () => {
  const counts = [];
  for (const n of [1, 50]) {
    const file = path.join(work, `count-${n}.sqlite`);
    await withFile(file, async (db) => {
      await db.exec('CREATE TABLE parent (id integer PRIMARY KEY)');
      for (let i = 1; i < n; i++) {
        await db.exec(`CREATE TABLE t${i} (id integer PRIMARY KEY, p integer REFERENCES parent(id), v text UNIQUE, CONSTRAINT "c${i}" CHECK(id > 0)); CREATE INDEX t${i}_v ON t${i} (v) WHERE v IS NOT NULL;`);
      }
      let queries = 0;
      const catalog = await readCatalog(async (sql) => { queries += 1; return db.all(sql); });
      assert.equal(catalog.summary.tables, n);
      assert.equal(catalog.rows.fks.length, n - 1, 'every foreign key was read');
      // Rows come as arrays in the queries' field order (table, name, unique, origin, sql).
      assert.equal(catalog.rows.indexes.filter(([, , , origin]) => origin === 'c').length, n - 1, 'every index was read');
      counts.push(queries);
    });
  }
  assert.deepEqual(counts, [Object.keys(SQLITE_CATALOG_QUERIES).length, Object.keys(SQLITE_CATALOG_QUERIES).length]);
});

describe('bad input is refused as the Postgres push refuses it', () => {
  const T1 = `${HEADER}export const t = sqliteTable('t', { id: integer('id').primaryKey(), x: text('x') });\n`;
  const T2 = `${HEADER}export const t = sqliteTable('t', { id: integer('id').primaryKey() });\n`;
  const T3 = `${HEADER}export const t = sqliteTable('t', { id: integer('id').primaryKey(), x: text('x'), y: text('y').notNull() });\n`;

  test('a dropped column with values: exit 2 with a confirm_data_loss question, and a hint confirms it', async () => {
    const file = path.join(work, 'loss.sqlite');
    const dir = project('loss', file);
    fs.writeFileSync(path.join(dir, 'schema.ts'), T1);
    assert.equal(run(dir, ['push', '--output', 'json']).envelope.status, 'ok');
    await withFile(file, (db) => db.exec("INSERT INTO t (id, x) VALUES (1, 'keep me')"));
    fs.writeFileSync(path.join(dir, 'schema.ts'), T2);
    const r = run(dir, ['push', '--force', '--output', 'json']);
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(r.envelope, { status: 'missing_hints', unresolved: [{ type: 'confirm_data_loss', kind: 'column', entity: ['public', 't', 'x'], reason: 'non_empty' }] });
    await withFile(file, async (db) => assert.deepEqual(await db.all('SELECT x FROM t'), [{ x: 'keep me' }]));
    const hint = JSON.stringify([{ type: 'confirm_data_loss', kind: 'column', entity: ['public', 't', 'x'] }]);
    assert.equal(run(dir, ['push', '--output', 'json', '--hints', hint]).envelope.status, 'ok');
    await withFile(file, async (db) => assert.deepEqual(await db.all('SELECT * FROM t'), [{ id: 1 }]));
  });

  test('a NOT NULL column without a default on a table with rows: nothing runs', async () => {
    const file = path.join(work, 'fails.sqlite');
    const dir = project('fails', file);
    fs.writeFileSync(path.join(dir, 'schema.ts'), T1);
    assert.equal(run(dir, ['push', '--output', 'json']).envelope.status, 'ok');
    await withFile(file, (db) => db.exec("INSERT INTO t (id, x) VALUES (1, 'a')"));
    const before = await withFile(file, dump);
    fs.writeFileSync(path.join(dir, 'schema.ts'), T3);
    const r = run(dir, ['push', '--output', 'json']);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.envelope.error?.code, 'unsupported_schema_change', JSON.stringify(r.envelope));
    assert.match(r.envelope.error.message, /column "y" is added to "t" as NOT NULL without a default/);
    assert.deepEqual(await withFile(file, dump), before);
  });

  test('a foreign key added over rows without a parent: the whole plan is rolled back', async () => {
    const file = path.join(work, 'dangling.sqlite');
    const dir = project('dangling', file);
    const P = `${HEADER}export const u = sqliteTable('u', { id: integer('id').primaryKey() });\n`;
    fs.writeFileSync(path.join(dir, 'schema.ts'), `${P}export const p = sqliteTable('p', { id: integer('id').primaryKey(), uid: integer('uid') });\n`);
    assert.equal(run(dir, ['push', '--output', 'json']).envelope.status, 'ok');
    await withFile(file, (db) => db.exec('INSERT INTO p (id, uid) VALUES (1, 99)'));
    const before = await withFile(file, dump);
    fs.writeFileSync(path.join(dir, 'schema.ts'), `${P}export const extra = sqliteTable('extra', { id: integer('id').primaryKey() });\nexport const p = sqliteTable('p', { id: integer('id').primaryKey(), uid: integer('uid').references(() => u.id) });\n`);
    const r = run(dir, ['push', '--output', 'json']);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.envelope.error?.code, 'foreign_key_violation', JSON.stringify(r.envelope));
    assert.deepEqual(await withFile(file, dump), before, 'nothing of the plan stays (not even the new table)');
    await withFile(file, async (db) => assert.deepEqual(await db.all('SELECT * FROM p'), [{ id: 1, uid: 99 }]));
  });

  test("dialect 'turso' pushes through libSQL to a local file: URL", async () => {
    const file = path.join(work, 'turso.sqlite');
    const dir = fs.mkdtempSync(path.join(work, 'turso-'));
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
    fs.writeFileSync(path.join(dir, 'drizzle.config.json'), JSON.stringify({ dialect: 'turso', schema: './schema.ts', dbCredentials: { url: `file:${file}` } }));
    fs.writeFileSync(path.join(dir, 'schema.ts'), T1);
    const r = run(dir, ['push', '--output', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.envelope, { status: 'ok', dialect: 'turso' });
    await withFile(file, async (db) => assert.deepEqual((await dump(db))['table t'].columns.map((c) => c.name), ['id', 'x']));
  });
});
