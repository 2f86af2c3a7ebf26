// Identifier quoting (issue 11 §1): a name holding `"` is one identifier in every statement sleet
// writes. Every kind of entity is named `q"; DROP TABLE victim; --`; the generated migration, applied
// by `sleet migrate` to PGlite and to the PostgreSQL server, creates exactly those objects and drops
// nothing. rc.5 wraps names in quotes without doubling the embedded one (docs/differences.md).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'js/cli.js');
const H = 'q"; DROP TABLE victim; --';
const DATABASE = 'sleet_quoting_test';
const SERVER = 'postgres://postgres@127.0.0.1:5432';

const SCHEMA = `
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, pgPolicy, pgSchema, pgTable, primaryKey, unique } from 'drizzle-orm/pg-core';
const H = ${JSON.stringify(H)};
export const victim = pgTable('victim', { id: integer('id').primaryKey() });
export const own = pgSchema(H);
export const inOwn = own.table('inside', { id: integer('id') });
// Tables, views and sequences share one namespace per schema, and each also names a type: the
// entities named H of those kinds live in schemas of their own.
export const mood = own.enum(H, ['ok']);
export const seqs = pgSchema('seqs');
export const views = pgSchema('views');
export const counter = seqs.sequence(H);
export const hostile = pgTable(H, {
  c: integer(H).notNull(),
  m: mood('m'),
  ref: integer('ref'),
}, (t) => [
  primaryKey({ name: H + ' pk', columns: [t.c] }),
  unique(H + ' uq').on(t.ref),
  check(H + ' ck', sql\`\${t.c} > 0\`),
  index(H + ' ix').on(t.c),
  foreignKey({ name: H + ' fk', columns: [t.ref], foreignColumns: [victim.id] }),
  pgPolicy(H, { for: 'select', using: sql\`true\` }),
]);
export const seen = views.view(H).as((qb) => qb.select({ c: hostile.c }).from(hostile));
`;

/** What the migration must have created, by name, and the table it must have left alone. */
const CATALOG = `
  SELECT
    (SELECT count(*) FROM pg_namespace WHERE nspname = $1)::int AS schemas,
    (SELECT count(*) FROM pg_class WHERE relname = $1 AND relkind = 'r')::int AS tables,
    (SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE c.relname = $1 AND c.relkind = 'r' AND a.attname = $1)::int AS columns,
    (SELECT count(*) FROM pg_type WHERE typname = $1 AND typtype = 'e')::int AS enums,
    (SELECT count(*) FROM pg_class WHERE relname = $1 AND relkind = 'S')::int AS sequences,
    (SELECT count(*) FROM pg_class WHERE relname = $1 AND relkind = 'v')::int AS views,
    (SELECT count(*) FROM pg_class WHERE relname = $1 || ' ix' AND relkind = 'i')::int AS indexes,
    (SELECT count(*) FROM pg_constraint WHERE conname IN ($1 || ' pk', $1 || ' uq', $1 || ' ck', $1 || ' fk'))::int AS constraints,
    (SELECT count(*) FROM pg_policy WHERE polname = $1)::int AS policies,
    (SELECT count(*) FROM pg_class WHERE relname = 'victim' AND relkind = 'r')::int AS victims`;
const EXPECTED = { schemas: 1, tables: 1, columns: 1, enums: 1, sequences: 1, views: 1, indexes: 1, constraints: 4, policies: 1, victims: 1 };

let dir;
/** @type {string} */
let migrationSql;

function sleet(cwd, ...args) {
  const r = spawnSync(cli, args, { cwd, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function project(config) {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sleet-quoting-'));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(d, 'node_modules'));
  fs.writeFileSync(path.join(d, 'schema.ts'), SCHEMA);
  fs.writeFileSync(path.join(d, 'drizzle.config.json'), JSON.stringify({ dialect: 'postgresql', schema: './schema.ts', out: './drizzle', ...config }));
  return d;
}

before(() => {
  dir = project({});
  const r = sleet(dir, 'generate', '--name', 'hostile');
  assert.equal(r.code, 0, r.out + r.err);
  const [folder] = fs.readdirSync(path.join(dir, 'drizzle'));
  migrationSql = fs.readFileSync(path.join(dir, 'drizzle', folder, 'migration.sql'), 'utf8');
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('every name is written as one identifier, its quote doubled', () => {
  const quoted = '"q""; DROP TABLE victim; --"';
  // Take every quoted identifier out (a `"` inside one is doubled): no SQL of the name may be left.
  const outside = migrationSql.replace(/"(?:[^"]|"")*"/g, '');
  assert.equal(/DROP|victim/.test(outside), false, outside);
  for (const statement of [`CREATE SCHEMA ${quoted};`, `CREATE TYPE ${quoted}.${quoted} AS ENUM('ok');`, `CREATE SEQUENCE "seqs".${quoted}`, `CREATE TABLE ${quoted} (`, `CREATE VIEW "views".${quoted} AS`, `CREATE POLICY ${quoted} ON ${quoted}`]) {
    assert.ok(migrationSql.includes(statement), `${statement}\n${migrationSql}`);
  }
});

test('applied to PGlite, the migration creates exactly those objects and drops nothing', async () => {
  const d = project({ driver: 'pglite', dbCredentials: { url: './pgdata' } });
  try {
    fs.cpSync(path.join(dir, 'drizzle'), path.join(d, 'drizzle'), { recursive: true });
    const r = sleet(d, 'migrate');
    assert.equal(r.code, 0, r.out + r.err);
    const db = new PGlite(path.join(d, 'pgdata'));
    try {
      const { rows: [found] } = await db.query(CATALOG, [H]);
      assert.deepEqual(found, EXPECTED);
    } finally {
      await db.close();
    }
  } finally {
    fs.rmSync(d, { recursive: true, force: true });
  }
});

test('applied to the PostgreSQL server, the migration creates exactly those objects and drops nothing', async () => {
  const admin = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  const d = project({ dbCredentials: { url: `${SERVER}/${DATABASE}` } });
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DATABASE}`);
    fs.cpSync(path.join(dir, 'drizzle'), path.join(d, 'drizzle'), { recursive: true });
    const r = sleet(d, 'migrate');
    assert.equal(r.code, 0, r.out + r.err);
    const db = new pg.Client({ connectionString: `${SERVER}/${DATABASE}` });
    await db.connect();
    try {
      const { rows: [found] } = await db.query(CATALOG, [H]);
      assert.deepEqual(found, EXPECTED);
    } finally {
      await db.end();
    }
  } finally {
    fs.rmSync(d, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`).catch(() => {});
    await admin.end();
  }
});

test('names Postgres cannot hold are refused at generate, naming the entity', () => {
  const d = project({});
  try {
    const long = 'x'.repeat(63);
    fs.writeFileSync(path.join(d, 'schema.ts'), `
import { integer, pgTable } from 'drizzle-orm/pg-core';
export const a = pgTable('${long}_first', { id: integer('id') });
export const b = pgTable('${long}_second', { id: integer('id') });
`);
    const r = sleet(d, 'generate', '--output', 'json');
    assert.equal(r.code, 1, r.out + r.err);
    const env = JSON.parse(r.out.trim().split('\n').pop());
    assert.equal(env.error.code, 'schema_error');
    assert.match(env.error.message, /_second/);
    assert.match(env.error.message, /_first/);
    assert.match(env.error.message, /63 bytes/);
    assert.equal(fs.existsSync(path.join(d, 'drizzle')), false, 'nothing written');
  } finally {
    fs.rmSync(d, { recursive: true, force: true });
  }
});
