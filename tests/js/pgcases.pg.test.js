// Postgres cases where drizzle-kit 1.0.0-rc.5 is wrong (issue 11 §2, §3), end to end through the CLI against
// the real PostgreSQL server at 127.0.0.1:5432 (throwaway databases of this file and run). Each
// expectation is the server's own behaviour, listed as a deliberate difference in docs/differences.md:
//   - a string default with backslashes is stored exactly as the schema's string (rc.5 doubles them);
//   - `.unique()` with `.primaryKey()` on one column: CREATE TABLE folds the UNIQUE into the key, so push
//     after migrate (and push after push) plans nothing (rc.5 plans the unique on every push);
//   - a foreign key onto columns that are neither a key nor unique is refused at generate, naming the FK
//     and the columns, and nothing is written (rc.5 writes SQL that fails at apply);
//   - a pulled `ARRAY[]::text[]` default generates valid SQL (rc.5: `DEFAULT ARRAY::text[]`);
//   - serial → identity continues after the rows with its options (rc.5's next insert is a duplicate key);
//   - a column type change under views (and views over them) recreates those views (rc.5's ALTER fails);
//   - names over 63 bytes are compared as Postgres holds them (rc.5's push asks about them every run).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'js/cli.js');
const SERVER = { host: '127.0.0.1', port: 5432, user: 'postgres' };
const RUN = `${process.pid}`;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sleet-pgcases-'));
const databases = [];
const url = (db) => `postgres://postgres@127.0.0.1:5432/${db}`;

async function query(database, sql) {
  const client = new pg.Client({ ...SERVER, database });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

async function freshDatabase(suffix) {
  const name = `sleet_pgcases_${suffix}_${RUN}`;
  await query('postgres', `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await query('postgres', `CREATE DATABASE "${name}"`);
  databases.push(name);
  return name;
}

function project(name, config, schema) {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  if (!fs.existsSync(path.join(dir, 'node_modules'))) fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, 'drizzle.config.json'), JSON.stringify({ dialect: 'postgresql', out: './drizzle', ...config }));
  if (schema !== undefined) fs.writeFileSync(path.join(dir, 'schema.mjs'), schema);
  return dir;
}

function sleet(dir, ...args) {
  const r = spawnSync(cli, [...args, '--config', 'drizzle.config.json'], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
  const line = r.stdout.trim().split('\n').findLast((l) => l.startsWith('{'));
  let json;
  try {
    json = line ? JSON.parse(line) : undefined;
  } catch {
    json = undefined;
  }
  return { code: r.status, out: r.stdout, err: r.stderr, json };
}

const NO_CHANGES = { status: 'no_changes', dialect: 'postgresql' };

/** generate + migrate into a fresh database, then `push --explain` against it. */
async function generateMigratePush(name, schema) {
  const db = await freshDatabase(name);
  const dir = project(name, { schema: './schema.mjs', dbCredentials: { url: url(db) } }, schema);
  const generated = sleet(dir, 'generate', '--name', 'init');
  assert.equal(generated.code, 0, generated.out + generated.err);
  const migrated = sleet(dir, 'migrate');
  assert.equal(migrated.code, 0, migrated.out + migrated.err);
  return { db, dir, push: sleet(dir, 'push', '--explain', '--output', 'json') };
}

after(async () => {
  for (const db of databases) await query('postgres', `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`).catch(() => {});
  if (!process.env.SLEET_KEEP) fs.rmSync(work, { recursive: true, force: true });
});

test('a string default with backslashes is stored exactly as the schema says; push and pull agree', async () => {
  // String.raw: the schema's string is C:\dir\n (backslash, not newline) and a\\b (two backslashes).
  const schema = String.raw`import { pgTable, integer, text, varchar } from 'drizzle-orm/pg-core';
export const paths = pgTable('paths', {
  id: integer('id').primaryKey(),
  dir: text('dir').default('C:\\dir\\n'),
  two: varchar('two', { length: 20 }).default('a\\\\b'),
  quote: text('quote').default("it's \\ ok"),
});
`;
  const { db, dir, push } = await generateMigratePush('backslash', schema);
  const sql = fs.readFileSync(path.join(dir, 'drizzle', fs.readdirSync(path.join(dir, 'drizzle'))[0], 'migration.sql'), 'utf8');
  assert.match(sql, /DEFAULT 'C:\\dir\\n'/, sql);
  await query(db, 'INSERT INTO paths (id) VALUES (1)');
  const [row] = await query(db, 'SELECT dir, two, quote FROM paths');
  assert.deepEqual(row, { dir: String.raw`C:\dir\n`, two: String.raw`a\\b`, quote: String.raw`it's \ ok` });
  assert.deepEqual(push.json, NO_CHANGES, push.out + push.err);

  const pulled = sleet(project('backslash-pull', { dbCredentials: { url: url(db) } }), 'pull', '--output', 'json');
  assert.equal(pulled.code, 0, pulled.out + pulled.err);
  const ts = fs.readFileSync(path.join(work, 'backslash-pull', 'drizzle/schema.ts'), 'utf8');
  for (const value of [String.raw`C:\dir\n`, String.raw`a\\b`, String.raw`it's \ ok`]) {
    assert.ok(ts.includes(`.default(${JSON.stringify(value)})`), `${value} in\n${ts}`);
  }
});

test('.unique() with .primaryKey() on one column: push after migrate and push after push plan nothing', async () => {
  const schema = `import { pgTable, integer, text, primaryKey, unique } from 'drizzle-orm/pg-core';
export const users = pgTable('users', {
  id: integer('id').primaryKey().unique(),
  name: text('name').unique(),
});
export const pairs = pgTable('pairs', {
  a: integer('a').notNull(),
  b: integer('b').notNull(),
}, (t) => [primaryKey({ columns: [t.a, t.b] }), unique('pairs_ab').on(t.a, t.b)]);
`;
  const { push } = await generateMigratePush('uniquepk', schema);
  assert.deepEqual(push.json, NO_CHANGES, push.out + push.err);

  const db = await freshDatabase('uniquepk_push');
  const dir = project('uniquepk-push', { schema: './schema.mjs', dbCredentials: { url: url(db) } }, schema);
  const first = sleet(dir, 'push', '--output', 'json');
  assert.equal(first.code, 0, first.out + first.err);
  // The unique on `name` is kept: only the one over the key's columns folds into it.
  const uniques = await query(db, "SELECT conname FROM pg_constraint WHERE contype = 'u' AND connamespace = 'public'::regnamespace ORDER BY 1");
  assert.deepEqual(uniques, [{ conname: 'users_name_key' }]);
  const again = sleet(dir, 'push', '--explain', '--output', 'json');
  assert.deepEqual(again.json, NO_CHANGES, again.out + again.err);
});

test('a foreign key onto columns that are neither a key nor unique is refused at generate, nothing written', () => {
  const schema = `import { pgTable, integer, text, uniqueIndex } from 'drizzle-orm/pg-core';
export const owners = pgTable('owners', {
  id: integer('id').primaryKey(),
  email: text('email'),
  code: text('code'),
  region: text('region'),
}, (t) => [uniqueIndex('owners_code_region').on(t.region, t.code)]);
export const pets = pgTable('pets', {
  id: integer('id').primaryKey(),
  ownerEmail: text('owner_email').references(() => owners.email),
});
`;
  const dir = project('fk-target', { schema: './schema.mjs' }, schema);
  const r = sleet(dir, 'generate', '--output', 'json');
  assert.notEqual(r.code, 0, r.out + r.err);
  assert.match(r.json.error.message, /pets_owner_email_owners_email_fkey/);
  assert.match(r.json.error.message, /owners\(email\)/);
  assert.ok(!fs.existsSync(path.join(dir, 'drizzle')), 'nothing written');

  // A unique index over the same columns in another order is a valid target (Postgres accepts it).
  fs.writeFileSync(path.join(dir, 'schema.mjs'), `import { pgTable, integer, text, uniqueIndex, foreignKey } from 'drizzle-orm/pg-core';
export const owners = pgTable('owners', {
  id: integer('id').primaryKey(),
  code: text('code'),
  region: text('region'),
}, (t) => [uniqueIndex('owners_code_region').on(t.region, t.code)]);
export const pets = pgTable('pets', {
  id: integer('id').primaryKey(),
  code: text('code'),
  region: text('region'),
}, (t) => [foreignKey({ columns: [t.code, t.region], foreignColumns: [owners.code, owners.region] })]);
`);
  const ok = sleet(dir, 'generate', '--output', 'json');
  assert.equal(ok.code, 0, ok.out + ok.err);
});

test('a pulled ARRAY[]::text[] default generates SQL that applies; push against the original plans nothing', async () => {
  const a = await freshDatabase('array_a');
  await query(a, 'CREATE TABLE docs (id integer PRIMARY KEY, tags text[] DEFAULT ARRAY[]::text[] NOT NULL)');
  const pdir = project('array-pull', { dbCredentials: { url: url(a) } });
  const pulled = sleet(pdir, 'pull', '--output', 'json');
  assert.equal(pulled.code, 0, pulled.out + pulled.err);

  const b = await freshDatabase('array_b');
  const gdir = project('array-generate', { schema: '../array-pull/drizzle/schema.ts', out: './migrations', dbCredentials: { url: url(b) } });
  const generated = sleet(gdir, 'generate', '--name', 'from_pull');
  assert.equal(generated.code, 0, generated.out + generated.err);
  const folder = fs.readdirSync(path.join(gdir, 'migrations'))[0];
  const sql = fs.readFileSync(path.join(gdir, 'migrations', folder, 'migration.sql'), 'utf8');
  assert.match(sql, /DEFAULT ARRAY\[\]::text\[\]/, sql);
  const migrated = sleet(gdir, 'migrate');
  assert.equal(migrated.code, 0, migrated.out + migrated.err);
  await query(b, 'INSERT INTO docs (id) VALUES (1)');
  assert.deepEqual(await query(b, 'SELECT tags FROM docs'), [{ tags: [] }]);

  const push = sleet(project('array-push', { schema: '../array-pull/drizzle/schema.ts', dbCredentials: { url: url(a) } }), 'push', '--explain', '--output', 'json');
  assert.deepEqual(push.json, NO_CHANGES, push.out + push.err);
});

/** The project `name` at `schema` (a new step of it when it exists): generate (hints optional), then migrate. */
function step(dir, name, schema, hints) {
  fs.writeFileSync(path.join(dir, 'schema.mjs'), schema);
  const generated = sleet(dir, 'generate', '--name', name, ...(hints ? ['--hints', JSON.stringify(hints)] : []));
  assert.equal(generated.code, 0, generated.out + generated.err);
  const folder = fs.readdirSync(path.join(dir, 'drizzle')).find((f) => f.endsWith(`_${name}`));
  assert.ok(folder, `${name} was generated: ${generated.out}`);
  const sql = fs.readFileSync(path.join(dir, 'drizzle', folder, 'migration.sql'), 'utf8');
  const migrated = sleet(dir, 'migrate');
  assert.equal(migrated.code, 0, migrated.out + migrated.err + sql);
  return sql;
}

/** Applies the project's migrations to a new PGlite database, running `between[k]` after the k-th. */
async function onPglite(dir, between) {
  const { PGlite } = await import('@electric-sql/pglite');
  const { migrate } = await import('../../js/migrate.js');
  const db = await PGlite.create();
  const out = path.join(dir, 'drizzle');
  try {
    const folders = fs.readdirSync(out).filter((f) => fs.existsSync(path.join(out, f, 'migration.sql'))).sort();
    for (const [k, folder] of folders.entries()) {
      await migrate(db, { migrationsFolder: out, to: folder });
      await between[k]?.(async (sql) => (await db.query(sql)).rows);
    }
  } finally {
    await db.close();
  }
}

test('serial → identity: the identity continues after the existing rows and keeps its options (server and PGlite)', async () => {
  const head = `import { pgTable, serial, integer, text } from 'drizzle-orm/pg-core';\n`;
  const tables = ['plain', 'ahead', 'behind', 'empty'];
  const before = head + tables.map((t) => `export const ${t} = pgTable('${t}', { id: serial('id').primaryKey(), note: text('note') });\n`).join('');
  const after = head + `export const plain = pgTable('plain', { id: integer('id').primaryKey().generatedByDefaultAsIdentity(), note: text('note') });
export const ahead = pgTable('ahead', { id: integer('id').primaryKey().generatedAlwaysAsIdentity({ startWith: 1000, increment: 10, cache: 3 }), note: text('note') });
export const behind = pgTable('behind', { id: integer('id').primaryKey().generatedByDefaultAsIdentity({ startWith: 5, increment: 5, maxValue: 100000 }), note: text('note') });
export const empty = pgTable('empty', { id: integer('id').primaryKey().generatedByDefaultAsIdentity({ startWith: 7 }), note: text('note') });
`;
  // Rows written under serial: plain 1..3, ahead 1..3 (below its new START WITH), behind 1..2 and 42.
  const fill = async (query) => {
    await query(`INSERT INTO plain (note) VALUES ('a'), ('b'), ('c')`);
    await query(`INSERT INTO ahead (note) VALUES ('a'), ('b'), ('c')`);
    await query(`INSERT INTO behind (note) VALUES ('a'), ('b')`);
    await query(`INSERT INTO behind (id, note) VALUES (42, 'x')`);
  };
  const expectNext = async (query) => {
    const next = {};
    for (const t of tables) next[t] = (await query(`INSERT INTO ${t} (note) VALUES ('next') RETURNING id`))[0].id;
    // Each continues after its rows, or at its START WITH when that is further (never a duplicate key).
    assert.deepEqual(next, { plain: 4, ahead: 1000, behind: 47, empty: 7 });
    const seqs = await query(`SELECT sequencename, start_value::text, increment_by::text, max_value::text, cache_size::text FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`);
    assert.deepEqual(seqs.map((s) => Object.values(s).join(' ')), [
      'ahead_id_seq 1000 10 2147483647 3',
      'behind_id_seq 5 5 100000 1',
      'empty_id_seq 7 1 2147483647 1',
      'plain_id_seq 1 1 2147483647 1',
    ]);
  };

  const db = await freshDatabase('serial_identity');
  const dir = project('serial-identity', { schema: './schema.mjs', dbCredentials: { url: url(db) } });
  step(dir, 'serial', before);
  await fill((sql) => query(db, sql));
  const sql = step(dir, 'identity', after);
  await expectNext((sql) => query(db, sql));
  assert.doesNotMatch(sql, /COALESCE/, sql);

  await onPglite(dir, [fill, expectNext]);
  const push = sleet(dir, 'push', '--explain', '--output', 'json');
  assert.deepEqual(push.json, NO_CHANGES, push.out + push.err);
});

test('a column changing type under a view and a view over that view: both are dropped before and recreated after (generate and push)', async () => {
  const schema = (qty, label) => `import { sql, gt } from 'drizzle-orm';
import { pgTable, pgView, integer, bigint, varchar, text } from 'drizzle-orm/pg-core';
export const items = pgTable('items', { id: integer('id').primaryKey(), qty: ${qty}, label: ${label} });
export const itemsView = pgView('items_view').as((qb) => qb.select({ id: items.id, qty: items.qty, label: items.label }).from(items));
export const bigItems = pgView('big_items').as((qb) => qb.select().from(itemsView).where(gt(itemsView.qty, 10)));
export const rawItems = pgView('raw_items', { id: integer('id'), label: text('label') }).as(sql\`select id, label from items\`);
export const other = pgView('other_view').as((qb) => qb.select({ id: items.id }).from(items));
`;
  const before = schema(`integer('qty')`, `varchar('label', { length: 10 })`);
  const after = schema(`bigint('qty', { mode: 'number' })`, `text('label')`);
  const fill = (query) => query(`INSERT INTO items VALUES (1, 5, 'small'), (2, 50, 'big')`);
  const check = async (query) => {
    const types = await query(`SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE c.relname IN ('items_view', 'big_items', 'raw_items') AND a.attname IN ('qty', 'label') ORDER BY 1, 2`);
    assert.deepEqual(types.map((r) => `${r.relname}.${r.attname} ${r.type}`), [
      'big_items.label text', 'big_items.qty bigint', 'items_view.label text', 'items_view.qty bigint', 'raw_items.label text',
    ]);
    assert.deepEqual(await query('SELECT id, qty::int AS qty FROM big_items'), [{ id: 2, qty: 50 }]);
  };

  const db = await freshDatabase('retype_views');
  const dir = project('retype-views', { schema: './schema.mjs', dbCredentials: { url: url(db) } });
  step(dir, 'views', before);
  await fill((sql) => query(db, sql));
  const sql = step(dir, 'retype', after);
  await check((sql) => query(db, sql));
  // Readers go dependants-first and come back after the new type, the raw-SQL view (unquoted names) included.
  assert.match(sql, /DROP VIEW "big_items";[\s\S]*DROP VIEW "items_view";[\s\S]*SET DATA TYPE bigint[\s\S]*CREATE VIEW "items_view"[\s\S]*CREATE VIEW "big_items"/, sql);
  assert.match(sql, /DROP VIEW "raw_items";[\s\S]*SET DATA TYPE text[\s\S]*CREATE VIEW "raw_items"/, sql);
  await onPglite(dir, [fill, check]);

  // push: the same change onto a database pushed from the old schema.
  const pdb = await freshDatabase('retype_views_push');
  const pdir = project('retype-views-push', { schema: './schema.mjs', dbCredentials: { url: url(pdb) } }, before);
  const first = sleet(pdir, 'push', '--output', 'json');
  assert.equal(first.code, 0, first.out + first.err);
  await fill((sql) => query(pdb, sql));
  fs.writeFileSync(path.join(pdir, 'schema.mjs'), after);
  // Rows are there, so push asks to confirm each type change (answered as a pipeline must).
  const confirm = ['qty', 'label'].map((c) => ({ type: 'confirm_data_loss', kind: 'column', entity: ['public', 'items', c] }));
  const pushed = sleet(pdir, 'push', '--hints', JSON.stringify(confirm), '--output', 'json');
  assert.equal(pushed.code, 0, pushed.out + pushed.err);
  await check((sql) => query(pdb, sql));
  const again = sleet(pdir, 'push', '--explain', '--output', 'json');
  assert.deepEqual(again.json, NO_CHANGES, again.out + again.err);
});

// Names past 63 bytes, cut inside a two-byte character: Postgres keeps the 62 bytes before the 'é'.
const long = (ch, tail = 'x') => `${ch.repeat(62)}é_${tail}`;
const held = (ch) => ch.repeat(62);

test('names over 63 bytes: push twice plans nothing and asks nothing the second time', async () => {
  const schema = `import { sql } from 'drizzle-orm';
import { pgTable, pgView, pgSequence, pgPolicy, integer, text, index, unique, check, foreignKey } from 'drizzle-orm/pg-core';
export const parents = pgTable('parents', { id: integer('id').primaryKey() });
export const t = pgTable('${long('t')}', {
  id: integer('id').primaryKey(),
  parent: integer('parent'),
  ${JSON.stringify(long('c'))}: text('${long('c')}'),
}, (t) => [
  index('${long('i')}').on(t[${JSON.stringify(long('c'))}]),
  unique('${long('u')}').on(t.parent, t.id),
  check('${long('k')}', sql\`\${t.id} > 0\`),
  foreignKey({ name: '${long('f')}', columns: [t.parent], foreignColumns: [parents.id] }),
  pgPolicy('${long('p')}', { for: 'select', using: sql\`true\` }),
]);
export const v = pgView('${long('v')}').as((qb) => qb.select({ id: t.id }).from(t));
export const s = pgSequence('${long('s')}', { startWith: 5 });
`;
  const db = await freshDatabase('long_push');
  const dir = project('long-push', { schema: './schema.mjs', dbCredentials: { url: url(db) } }, schema);
  const first = sleet(dir, 'push', '--output', 'json');
  assert.equal(first.code, 0, first.out + first.err);
  const names = await query(db, `SELECT relname AS n FROM pg_class WHERE relnamespace = 'public'::regnamespace UNION ALL SELECT conname FROM pg_constraint WHERE connamespace = 'public'::regnamespace UNION ALL SELECT policyname FROM pg_policies UNION ALL SELECT attname FROM pg_attribute WHERE attrelid = '${held('t')}'::regclass`);
  for (const ch of 'tcikufpvs') assert.ok(names.some((r) => r.n === held(ch)), `${held(ch)} in ${names.map((r) => r.n)}`);
  const again = sleet(dir, 'push', '--explain', '--output', 'json');
  assert.deepEqual(again.json, NO_CHANGES, again.out + again.err);
});

test('names over 63 bytes: a change past the 63rd byte is the same object; drops and renames hit the object that exists', async () => {
  const schema = (tail, using, extra = true) => `import { sql } from 'drizzle-orm';
import { pgTable, pgPolicy, integer, text, index, check } from 'drizzle-orm/pg-core';
export const g = pgTable('g', { id: integer('id').primaryKey(), name: text('name') }, (t) => [
  ${extra ? `index('${long('i', tail)}').on(t.name), check('${long('k', tail)}', sql\`\${t.id} > 0\`),` : ''}
  pgPolicy('${long('p', tail)}', { for: 'select', using: sql\`${using}\` }),
]);
`;
  const db = await freshDatabase('long_generate');
  const dir = project('long-generate', { schema: './schema.mjs', dbCredentials: { url: url(db) } });
  step(dir, 'one', schema('one', 'true'));
  // Same names as Postgres holds them, spelled differently past byte 63: no question, and only the
  // policy's changed clause is a statement.
  const sql = step(dir, 'two', schema('two', 'false'));
  assert.deepEqual(sql.split('--> statement-breakpoint').map((s) => s.trim()), [`ALTER POLICY "${long('p', 'two')}" ON "g" TO public USING (false);`]);
  const policy = await query(db, `SELECT policyname, qual FROM pg_policies WHERE tablename = 'g'`);
  assert.deepEqual(policy, [{ policyname: held('p'), qual: 'false' }]);

  // A rename to another long name, and drops: each reaches the object that exists.
  const hints = [{ type: 'rename', kind: 'policy', from: ['public', 'g', long('p', 'two')], to: ['public', 'g', long('q', 'three')] }];
  step(dir, 'three', schema('two', 'false', false).replace(long('p', 'two'), long('q', 'three')), hints);
  assert.deepEqual(await query(db, `SELECT policyname FROM pg_policies WHERE tablename = 'g'`), [{ policyname: held('q') }]);
  assert.deepEqual(await query(db, `SELECT indexname FROM pg_indexes WHERE tablename = 'g' ORDER BY 1`), [{ indexname: 'g_pkey' }]);
  assert.deepEqual(await query(db, `SELECT conname FROM pg_constraint WHERE conrelid = 'g'::regclass AND contype = 'c'`), []);
  const push = sleet(dir, 'push', '--explain', '--output', 'json');
  assert.deepEqual(push.json, NO_CHANGES, push.out + push.err);
});
