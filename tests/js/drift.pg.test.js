// `sleet drift` through the real CLI, on PGlite and on the real PostgreSQL server:
//   - a database built by `sleet migrate` from a generated folder has no drift (exit 0);
//   - the same database changed by hand (column added, index dropped, default changed, table renamed)
//     drifts (exit 1), and the SQL drift prints, applied to it, leaves a database whose catalog equals
//     one built from the folder alone, and on which drift exits 0 again;
//   - `--schema` compares with the schema instead of the migrations;
//   - what push ignores (schemaFilter, tablesFilter, the migrations table) drift ignores;
//   - the JSON envelope (and `drift()` from code), and the errors for a missing or empty folder and an unreachable database.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'js/cli.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sleet-drift-'));
const cleanups = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
  fs.rmSync(work, { recursive: true, force: true });
});

const SCHEMA = `import { pgTable, integer, text, index } from 'drizzle-orm/pg-core';
export const users = pgTable('users', {
  id: integer('id').primaryKey(),
  email: text('email').notNull(),
  status: text('status').default('active'),
}, (t) => [index('users_email_idx').on(t.email)]);
export const posts = pgTable('posts', {
  id: integer('id').primaryKey(),
  author: integer('author').references(() => users.id),
  title: text('title'),
});
`;

let n = 0;
function project(label, credentials, { schema = SCHEMA, extra = '' } = {}) {
  const dir = path.join(work, `${label}-${n++}`);
  fs.mkdirSync(dir);
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, 'schema.ts'), schema);
  fs.writeFileSync(path.join(dir, 'drizzle.config.ts'), `export default { dialect: 'postgresql', schema: './schema.ts', out: './drizzle', ${credentials}${extra} };\n`);
  return dir;
}

function sleet(dir, args) {
  const r = spawnSync(cli, args, { cwd: dir, encoding: 'utf8', timeout: 120000 });
  return { code: r.status, out: r.stdout, err: r.stderr, json: () => JSON.parse(r.stdout.trim().split('\n').pop() ?? '') };
}

/** Each backend: a fresh database, its config credentials, and a way to run SQL on it. */
const backends = {
  async pglite(label) {
    const { PGlite } = await import('@electric-sql/pglite');
    const dataDir = path.join(work, `pglite-${label}-${n++}`);
    const query = async (/** @type {string} */ sql) => {
      const db = new PGlite(dataDir);
      try {
        const results = await db.exec(sql);
        return results.at(-1)?.rows ?? [];
      } finally {
        await db.close();
      }
    };
    return { credentials: `driver: 'pglite', dbCredentials: { url: ${JSON.stringify(dataDir)} }`, query };
  },
  async server(label) {
    const { default: pg } = await import('pg');
    const name = `drift_${label}_${process.pid}_${n++}`;
    const admin = async (sql) => {
      const c = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
      await c.connect();
      try {
        await c.query(sql);
      } finally {
        await c.end();
      }
    };
    await admin(`CREATE DATABASE "${name}"`);
    cleanups.push(() => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    const query = async (/** @type {string} */ sql) => {
      const c = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: name });
      await c.connect();
      try {
        const r = await c.query(sql);
        return (Array.isArray(r) ? r.at(-1) : r).rows;
      } finally {
        await c.end();
      }
    };
    return { credentials: `dbCredentials: { url: 'postgres://postgres@127.0.0.1:5432/${name}' }`, query };
  },
};

/** The public schema as the catalog holds it: columns, constraints and indexes, sorted. */
async function catalog(query) {
  const rows = await query(`
    select 'column' as k, c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull::text || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') as v
      from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace s on s.oid = c.relnamespace
      left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where s.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
    union all
    select 'constraint', c.relname || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid)
      from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace s on s.oid = c.relnamespace where s.nspname = 'public'
    union all
    select 'index', indexdef from pg_indexes where schemaname = 'public'
    order by 1, 2`);
  return rows.map((r) => `${r.k}: ${r.v}`);
}

/** A project whose database was built by `sleet migrate` from a folder `sleet generate` wrote. */
async function migrated(backend, label, opts) {
  const db = await backends[backend](label);
  const dir = project(label, db.credentials, opts);
  const g = sleet(dir, ['generate', '--name', 'init']);
  assert.equal(g.code, 0, g.err);
  const m = sleet(dir, ['migrate']);
  assert.equal(m.code, 0, m.err + m.out);
  return { dir, ...db };
}

for (const backend of ['pglite', 'server']) {
  describe(`sleet drift on ${backend}`, () => {
    test('a database built from the folder has no drift; one changed by hand has, and its SQL repairs it', async () => {
      const { dir, query } = await migrated(backend, 'hand');
      const clean = sleet(dir, ['drift']);
      assert.equal(clean.code, 0, clean.err + clean.out);
      assert.match(clean.out, /No drift: the database matches the migrations \(newest: \d+_init\)/);
      const built = await catalog(query);

      await query(`
        ALTER TABLE "users" ADD COLUMN "nickname" text;
        DROP INDEX "users_email_idx";
        ALTER TABLE "users" ALTER COLUMN "status" SET DEFAULT 'new';
        ALTER TABLE "posts" RENAME TO "articles";
        INSERT INTO "users" ("id", "email") VALUES (1, 'a@b.c');`);
      const drifted = sleet(dir, ['drift']);
      assert.equal(drifted.code, 1, drifted.err + drifted.out);
      assert.match(drifted.err, /Drift: the database differs from the migrations/);
      // Every hand change is undone by a statement of its own.
      assert.match(drifted.out, /DROP COLUMN "nickname"/);
      assert.match(drifted.out, /CREATE INDEX "users_email_idx"/);
      assert.match(drifted.out, /SET DEFAULT 'active'/);
      assert.match(drifted.out, /CREATE TABLE "posts"/);
      assert.match(drifted.out, /DROP TABLE "articles"/);
      // The renamed table is offered as a rename, and the drops are named as hazards.
      assert.match(drifted.err, /table public\.posts is created \(perhaps renamed from public\.articles\)/);
      assert.match(drifted.err, /drop-column · users\.nickname/);

      await query(drifted.out);
      const again = sleet(dir, ['drift']);
      assert.equal(again.code, 0, again.err + again.out);
      // The one difference left is a name Postgres chose: the re-created posts is created before the
      // renamed copy is dropped, which still holds posts_pkey, so the new key is posts_pkey1 (and on
      // Postgres 18 its NOT NULL posts_id_not_null1). Drift, as push, matches constraints the schema
      // leaves unnamed by their definition (README, "What drift does not see"); a rename hint avoids it.
      const repaired = await catalog(query);
      assert.deepEqual(repaired.map((l) => l.replace(/\b(posts_\w+)1\b/g, '$1')), built, 'the repaired database has the catalog of one built from the folder');
      const rows = await query('SELECT "id", "email", "status" FROM "users"');
      assert.deepEqual(rows, [{ id: 1, email: 'a@b.c', status: 'new' }], 'rows are kept where the SQL does not drop them');
    });

    test('a rename hint turns the drop and create into a rename that keeps the rows', async () => {
      const { dir, query } = await migrated(backend, 'rename');
      await query(`ALTER TABLE "posts" RENAME TO "articles"; INSERT INTO "articles" ("id", "title") VALUES (7, 'kept');`);
      const hints = JSON.stringify([{ type: 'rename', kind: 'table', from: ['public', 'articles'], to: ['public', 'posts'] }]);
      const r = sleet(dir, ['drift', '--hints', hints, '--output', 'json']);
      assert.equal(r.code, 1, r.err + r.out);
      const env = r.json();
      assert.deepEqual(env.sql, ['ALTER TABLE "articles" RENAME TO "posts";']);
      for (const sql of env.sql) await query(sql);
      assert.equal(sleet(dir, ['drift']).code, 0);
      assert.deepEqual(await query('SELECT "id", "title" FROM "posts"'), [{ id: 7, title: 'kept' }]);
    });

    test('--schema compares with the schema, not the migrations', async () => {
      const { dir, query } = await migrated(backend, 'schema');
      fs.writeFileSync(path.join(dir, 'schema.ts'), SCHEMA.replace("title: text('title'),", "title: text('title'),\n  body: text('body'),"));
      assert.equal(sleet(dir, ['drift']).code, 0, 'the database still matches the migrations');
      const r = sleet(dir, ['drift', '--schema']);
      assert.equal(r.code, 1, r.err + r.out);
      assert.match(r.err, /differs from the schema/);
      await query(r.out);
      const s = sleet(dir, ['drift', '--schema']);
      assert.equal(s.code, 0, s.err + s.out);
      assert.match(s.out, /No drift: the database matches the schema/);
      // Now the database is ahead of the migrations: drift against them wants the column gone.
      const m = sleet(dir, ['drift', '--output', 'json']);
      assert.equal(m.code, 1);
      assert.deepEqual(m.json().sql, ['ALTER TABLE "posts" DROP COLUMN "body";']);
    });

    test('the JSON envelope', async () => {
      const { dir, query } = await migrated(backend, 'json');
      const clean = sleet(dir, ['drift', '--output', 'json']);
      assert.equal(clean.code, 0, clean.err);
      const folder = fs.readdirSync(path.join(dir, 'drizzle')).filter((f) => !f.startsWith('.'));
      assert.deepEqual(clean.json(), { status: 'no_drift', dialect: 'postgresql', against: 'migrations', migrations: folder, statements: [], sql: [] });
      await query('ALTER TABLE "posts" ADD COLUMN "extra" integer');
      const r = sleet(dir, ['drift', '--output', 'json']);
      assert.equal(r.code, 1);
      assert.equal(r.err, '', 'nothing but the envelope is printed');
      const env = r.json();
      assert.equal(env.status, 'drift');
      assert.deepEqual(env.sql, ['ALTER TABLE "posts" DROP COLUMN "extra";']);
      assert.equal(env.statements.length, 1);
      assert.equal(env.statements[0].type, 'drop_column');
      assert.deepEqual(env.hazards.map((h) => [h.code, h.entity]), [['drop-column', 'posts.extra']]);
      // The programmatic form gives the same answer, without printing.
      const { drift } = await import('../../js/index.js');
      const api = await drift({ cwd: dir });
      assert.equal(api.status, 'drift');
      assert.deepEqual(api.statements, env.sql);
      assert.deepEqual(api.jsonStatements, env.statements);
    });

    test('what push ignores, drift ignores: tablesFilter and the migrations table', async () => {
      const { dir, query } = await migrated(backend, 'scope', { extra: ", tablesFilter: ['users', 'posts']" });
      await query('CREATE TABLE "scratch" ("id" integer)');
      const r = sleet(dir, ['drift']);
      assert.equal(r.code, 0, r.err + r.out);
      // The same table is drift once the filter no longer leaves it out.
      fs.writeFileSync(path.join(dir, 'drizzle.config.ts'), fs.readFileSync(path.join(dir, 'drizzle.config.ts'), 'utf8').replace(", tablesFilter: ['users', 'posts']", ''));
      const unfiltered = sleet(dir, ['drift', '--output', 'json']);
      assert.equal(unfiltered.code, 1);
      assert.deepEqual(unfiltered.json().sql, ['DROP TABLE "scratch";']);
    });

    test('what push ignores, drift ignores: schemas outside schemaFilter', async () => {
      const { dir, query } = await migrated(backend, 'schemas');
      await query('CREATE SCHEMA "audit"; CREATE TABLE "audit"."log" ("id" integer)');
      // Without a filter every schema is in scope, as in push: the hand-made schema is drift.
      const r = sleet(dir, ['drift', '--output', 'json']);
      assert.equal(r.code, 1, r.out);
      assert.deepEqual(r.json().sql, ['DROP TABLE "audit"."log";', 'DROP SCHEMA "audit";\n']);
      const config = path.join(dir, 'drizzle.config.ts');
      fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace(" };", ", schemaFilter: ['public'] };"));
      const narrowed = sleet(dir, ['drift']);
      assert.equal(narrowed.code, 0, narrowed.err + narrowed.out);
    });
  });
}

describe('sleet drift: bad input', () => {
  test('no folder, an empty folder: named, before any connection', async () => {
    const dir = project('nofolder', "dbCredentials: { url: 'postgres://postgres@127.0.0.1:1/none' }");
    const r = sleet(dir, ['drift']);
    assert.equal(r.code, 1);
    assert.match(r.err, /drizzle does not exist, so there are no migrations to compare the database with/);
    assert.doesNotMatch(r.err, /at .*\.js:\d+/, 'no stack trace');
    fs.mkdirSync(path.join(dir, 'drizzle'));
    const e = sleet(dir, ['drift', '--output', 'json']);
    assert.equal(e.code, 1);
    const env = e.json();
    assert.equal(env.status, 'error');
    assert.equal(env.error.code, 'drift_input_error');
    assert.match(env.error.message, /drizzle has no migrations.*sleet drift --schema/);
  });

  test('an unreachable database: push\'s connection error', async () => {
    const dir = project('unreachable', "dbCredentials: { url: 'postgres://postgres@127.0.0.1:1/none' }");
    assert.equal(sleet(dir, ['generate']).code, 0);
    const r = sleet(dir, ['drift', '--output', 'json']);
    assert.equal(r.code, 1);
    const env = r.json();
    assert.equal(env.error.code, 'connection_error');
    const push = sleet(dir, ['push', '--output', 'json']).json();
    assert.equal(env.error.message, push.error.message);
  });

  test('a dialect without a wing is refused by name', async () => {
    const dir = path.join(work, 'singlestore');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'drizzle.config.json'), JSON.stringify({ dialect: 'singlestore', schema: './schema.ts', out: './drizzle', dbCredentials: { url: 'mysql://root@127.0.0.1:3306/x' } }));
    fs.mkdirSync(path.join(dir, 'drizzle'));
    const r = sleet(dir, ['drift', '--schema', '--output', 'json']);
    assert.equal(r.code, 1);
    assert.match(r.json().error.message, /dialect "singlestore" is not supported by sleet yet/);
  });
});
