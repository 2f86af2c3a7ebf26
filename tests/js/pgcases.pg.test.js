// Postgres cases where drizzle-kit 1.0.0-rc.5 is wrong (issue 11 §3), end to end through the CLI against
// the real PostgreSQL server at 127.0.0.1:5432 (throwaway databases of this file and run). Each
// expectation is the server's own behaviour, listed as a deliberate difference in docs/differences.md:
//   - a string default with backslashes is stored exactly as the schema's string (rc.5 doubles them);
//   - `.unique()` with `.primaryKey()` on one column: CREATE TABLE folds the UNIQUE into the key, so push
//     after migrate (and push after push) plans nothing (rc.5 plans the unique on every push);
//   - a foreign key onto columns that are neither a key nor unique is refused at generate, naming the FK
//     and the columns, and nothing is written (rc.5 writes SQL that fails at apply);
//   - a pulled `ARRAY[]::text[]` default generates valid SQL (rc.5: `DEFAULT ARRAY::text[]`).
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
  const r = spawnSync(process.execPath, [cli, ...args, '--config', 'drizzle.config.json'], { cwd: dir, encoding: 'utf8' });
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
