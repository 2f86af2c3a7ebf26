// Hazards, lint, generate --safe and down migrations, on the generate scenarios and real databases.
//   1. Every scenario is generated step by step (in-process); `sleet lint` reads every folder, and the
//      hazards generate reported are the ones lint finds in the files it wrote.
//   2. Round trips on PGlite: for every step, up → down → up leaves the schema of "up" (compared as a
//      catalog dump) and down alone leaves the schema before the step.
//   3. rc.5's `check` and drizzle-orm rc.5's migrator accept folders with down.sql files.
//   4. The CLI: hazards under generate (text and JSON), lint's exit codes and allow lines, --safe on
//      the real server (indexes valid, constraints validated), migrate --down's refusals, rows kept.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { listScenarios } from './pg-scenarios.js';
import { generate, lint } from '../../js/index.js';
import { migrate } from '../../js/migrate.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sleetCli = path.join(root, 'js/cli.js');
const rc5Cli = path.join(root, 'node_modules/drizzle-kit/bin.cjs');
const SERVER = { host: '127.0.0.1', port: 5432, user: 'postgres', password: 'postgres' };
const DB = 'sleet_safety_test';
const URL = `postgres://postgres:postgres@127.0.0.1:5432/${DB}`;

function project(label, extraConfig = '') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sleet-safety-${label}-`));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, 'drizzle.config.ts'), `export default { dialect: 'postgresql', schema: './schema.ts', out: './drizzle', dbCredentials: { url: '${URL}' }${extraConfig} };\n`);
  return dir;
}

function cli(bin, dir, args) {
  const r = spawnSync(bin, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60000 });
  return { code: r.status, out: r.stdout, err: r.stderr, json: () => JSON.parse(r.stdout.trim().split('\n').pop() ?? '') };
}

const folders = (dir) => (fs.existsSync(path.join(dir, 'drizzle')) ? fs.readdirSync(path.join(dir, 'drizzle')) : []).filter((f) => fs.existsSync(path.join(dir, 'drizzle', f, 'migration.sql'))).sort();

/** The schema as the catalog holds it: every user relation, column, constraint, index, type, view, policy and sequence (one query). */
async function catalogDump(query) {
  const user = (col) => `${col} not in ('pg_catalog', 'information_schema', 'drizzle') and ${col} not like 'pg_toast%' and ${col} not like 'pg_temp%'`;
  // Each part: its rows as text arrays, sorted, so the order Postgres returns them in does not matter.
  const part = (sql) => `(select coalesce(json_agg(r order by r::text), '[]') from (${sql}) x(r))`;
  const parts = {
    schemas: `select array[nspname::text] from pg_namespace where ${user('nspname')}`,
    relations: `select array[n.nspname::text, c.relname::text, c.relkind::text, c.relrowsecurity::text, c.relforcerowsecurity::text] from pg_class c join pg_namespace n on n.oid = c.relnamespace where ${user('n.nspname')} and c.relkind in ('r','v','m','S','p')`,
    columns: `select array[n.nspname::text, c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull::text, a.attidentity::text, a.attgenerated::text, coalesce(pg_get_expr(d.adbin, d.adrelid), '')] from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum where ${user('n.nspname')} and a.attnum > 0 and not a.attisdropped and c.relkind in ('r','v','m','p')`,
    constraints: `select array[n.nspname::text, c.relname::text, k.conname::text, pg_get_constraintdef(k.oid), k.convalidated::text] from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace where ${user('n.nspname')}`,
    indexes: `select array[schemaname::text, indexname::text, indexdef] from pg_indexes where ${user('schemaname')}`,
    enums: `select array[n.nspname::text, t.typname::text, string_agg(e.enumlabel, ',' order by e.enumsortorder)] from pg_type t join pg_enum e on e.enumtypid = t.oid join pg_namespace n on n.oid = t.typnamespace group by n.nspname, t.typname`,
    // reloptions in name order: re-creating a view may store the same options in another order.
    views: `select array[n.nspname::text, c.relname::text, pg_get_viewdef(c.oid), coalesce(array_to_string(array(select unnest(c.reloptions) order by 1), ','), '')] from pg_class c join pg_namespace n on n.oid = c.relnamespace where ${user('n.nspname')} and c.relkind in ('v','m')`,
    policies: `select array[schemaname::text, tablename::text, policyname::text, permissive, array_to_string(roles, ','), cmd, coalesce(qual, ''), coalesce(with_check, '')] from pg_policies where ${user('schemaname')}`,
    sequences: `select array[schemaname::text, sequencename::text, data_type::text, start_value::text, min_value::text, max_value::text, increment_by::text, cycle::text, cache_size::text] from pg_sequences where ${user('schemaname')}`,
  };
  const [row] = await query(`select ${Object.entries(parts).map(([k, sql]) => `${part(sql)} as ${k}`).join(', ')}`);
  return Object.fromEntries(Object.keys(parts).map((k) => [k, typeof row[k] === 'string' ? row[k] : JSON.stringify(row[k])]));
}

const scenarios = listScenarios();
/** scenario name → { dir, folders: string[], hazards: per-folder hazards generate reported } */
const generated = new Map();

describe('the generate scenarios', () => {
  before(async () => {
    for (const { name, steps } of scenarios) {
      const dir = project(name.slice(0, 20));
      const byFolder = new Map();
      for (const { file, step, hints } of steps) {
        fs.copyFileSync(file, path.join(dir, 'schema.ts'));
        const before = new Set(folders(dir));
        const r = await generate({ cwd: dir, name: `s${step}`, hints });
        assert.ok(r.status === 'ok' || r.status === 'no_changes', `${name} step ${step}: ${JSON.stringify(r).slice(0, 300)}`);
        const added = folders(dir).filter((f) => !before.has(f));
        if (r.status === 'ok') byFolder.set(added[0], r.hazards);
      }
      generated.set(name, { dir, byFolder });
    }
  });
  after(() => {
    for (const { dir } of generated.values()) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('lint reads every scenario folder and finds exactly the hazards generate reported', async () => {
    const seen = new Set();
    for (const [name, { dir, byFolder }] of generated) {
      const result = await lint({ cwd: dir, level: 'error' });
      assert.equal(result.files.length, byFolder.size, name);
      for (const file of result.files) {
        const folder = path.basename(path.dirname(file.path));
        const fromGenerate = byFolder.get(folder).map((h) => `${h.code} ${h.entity} ${h.sql}`);
        const fromLint = file.hazards.map((h) => `${h.code} ${h.entity} ${h.sql}`);
        assert.deepEqual(fromLint, fromGenerate, `${name}/${folder}`);
        for (const h of file.hazards) seen.add(h.code);
      }
    }
    // The scenarios exercise these rules end to end (each has a unit test of its own in src/hazards).
    for (const code of ['drop-table', 'drop-column', 'drop-schema', 'type-narrowing', 'type-rewrite', 'enum-value-removed', 'index-not-concurrent', 'fk-not-valid', 'check-not-valid', 'set-not-null', 'rename-column', 'rename-table', 'constraint-builds-index']) {
      assert.ok(seen.has(code), `no scenario raised ${code}; raised: ${[...seen].sort().join(', ')}`);
    }
  });

  test('up → down → up on PGlite: the down restores the previous catalog, the second up the same one as the first', async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    const failures = [];
    for (const [name, { dir }] of generated) {
      const db = await PGlite.create();
      try {
        const query = async (sql) => (await db.query(sql)).rows;
        const out = path.join(dir, 'drizzle');
        let previous = await catalogDump(query);
        for (const folder of folders(dir)) {
          await migrate(db, { migrationsFolder: out, to: folder });
          const up = await catalogDump(query);
          const down = await migrate(db, { migrationsFolder: out, down: true, force: true });
          assert.deepEqual(down.reverted.map((r) => r.name), [folder], `${name}: ${folder} reverted`);
          assert.deepEqual(await catalogDump(query), previous, `${name}: after the down of ${folder}`);
          await migrate(db, { migrationsFolder: out, to: folder });
          assert.deepEqual(await catalogDump(query), up, `${name}: up again after the down of ${folder}`);
          previous = up;
        }
      } catch (err) {
        failures.push(`${name}: ${String(err.message).slice(0, 1500)}`);
      } finally {
        await db.close();
      }
    }
    // Up migrations that cannot run in a transaction (and so fail under any migrator that uses one,
    // drizzle-orm's included).
    const KNOWN = {
      '18_index_advanced': /CREATE INDEX CONCURRENTLY cannot run inside a transaction block/,
      '19_enum_add_values': /unsafe use of new value "ok" of enum type mood/,
    };
    const unexpected = failures.filter((f) => !Object.entries(KNOWN).some(([name, re]) => f.startsWith(`${name}: `) && re.test(f)));
    assert.deepEqual(unexpected, []);
    assert.deepEqual(failures.map((f) => f.split(':')[0]).sort(), Object.keys(KNOWN).sort(), 'the known failures still fail');
  });

  test("rc.5's check and drizzle-orm rc.5's migrator accept a folder with down.sql files", async () => {
    const { dir } = generated.get('27_realistic_app');
    assert.ok(folders(dir).every((f) => fs.existsSync(path.join(dir, 'drizzle', f, 'down.sql'))));
    const check = cli(rc5Cli, dir, ['check']);
    assert.equal(check.code, 0, check.out + check.err);
    const { PGlite } = await import('@electric-sql/pglite');
    const { drizzle } = await import('drizzle-orm/pglite');
    const { migrate: drizzleMigrate } = await import('drizzle-orm/pglite/migrator');
    const db = await PGlite.create();
    try {
      await drizzleMigrate(drizzle({ client: db }), { migrationsFolder: path.join(dir, 'drizzle') });
      const rows = (await db.query('select name from drizzle.__drizzle_migrations order by id')).rows.map((r) => r.name);
      assert.deepEqual(rows, folders(dir));
      // sleet agrees nothing is pending, then reverts what drizzle-orm applied.
      const down = await migrate(db, { migrationsFolder: path.join(dir, 'drizzle'), down: true, force: true });
      assert.equal(down.reverted.length, 1);
    } finally {
      await db.close();
    }
  });
});

describe('on the PostgreSQL server', { skip: !!process.env.SAFETY_ONLY_SCENARIOS }, () => {
  /** @type {any} */ let admin;
  /** @type {any} */ let client;
  before(async () => {
    const pg = (await import('pg')).default;
    admin = new pg.Client({ ...SERVER, database: 'postgres' });
    await admin.connect();
    await admin.query(`drop database if exists ${DB} with (force)`);
    await admin.query(`create database ${DB}`);
    client = new pg.Client({ ...SERVER, database: DB });
    await client.connect();
  });
  after(async () => {
    await client?.end();
    await admin?.query(`drop database if exists ${DB} with (force)`);
    await admin?.end();
  });

  const V1 = `import { pgTable, integer, text, varchar } from 'drizzle-orm/pg-core';
export const orgs = pgTable('orgs', { id: integer().primaryKey() });
export const users = pgTable('users', { id: integer().primaryKey(), email: varchar({ length: 100 }), name: text(), org: integer() });
`;
  const V2 = `import { pgTable, integer, text, varchar, index, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
export const orgs = pgTable('orgs', { id: integer().primaryKey() });
export const users = pgTable('users', { id: integer().primaryKey(), email: varchar({ length: 100 }), name: text(), org: integer().references(() => orgs.id) },
  (t) => [index('users_email_idx').on(t.email), check('users_id_positive', sql\`\${t.id} > 0\`)]);
`;
  const V3 = V2.replace('name: text(), ', '');

  test('generate prints hazards under the migration (text and JSON) and writes the same migration.sql as rc.5; --safe runs on the server', async () => {
    const ours = project('cli');
    const theirs = project('cli-rc5');
    try {
      for (const d of [ours, theirs]) fs.writeFileSync(path.join(d, 'schema.ts'), V1);
      assert.equal(cli(sleetCli, ours, ['generate', '--name', 'init']).code, 0);
      assert.equal(cli(rc5Cli, theirs, ['generate', '--name', 'init']).code, 0);
      assert.equal(cli(sleetCli, ours, ['migrate']).code, 0);
      await client.query(`insert into orgs values (1); insert into users values (1, 'a@example.com', 'Ann', 1), (2, 'b@example.com', 'Bob', 1)`);

      for (const d of [ours, theirs]) fs.writeFileSync(path.join(d, 'schema.ts'), V2);
      const explained = cli(sleetCli, ours, ['generate', '--explain', '--output', 'json']).json();
      assert.deepEqual(explained.hazards.map((h) => h.code), ['index-not-concurrent', 'fk-not-valid', 'check-not-valid']);
      const text = cli(sleetCli, ours, ['generate', '--explain']);
      assert.match(text.out, /--- Hazards \(3\)/);
      assert.match(text.out, /warning index-not-concurrent · users \(statement \d+\)\n.*CREATE INDEX "users_email_idx"/);
      // Default output: rc.5's migration.sql, byte for byte.
      const plain = project('plain');
      fs.cpSync(path.join(ours, 'drizzle'), path.join(plain, 'drizzle'), { recursive: true });
      fs.writeFileSync(path.join(plain, 'schema.ts'), V2);
      assert.equal(cli(sleetCli, plain, ['generate', '--name', 'second']).code, 0);
      assert.equal(cli(rc5Cli, theirs, ['generate', '--name', 'second']).code, 0);
      const last = (d) => fs.readFileSync(path.join(d, 'drizzle', folders(d).at(-1), 'migration.sql'), 'utf8');
      assert.equal(last(plain), last(theirs));
      fs.rmSync(plain, { recursive: true, force: true });

      const safe = cli(sleetCli, ours, ['generate', '--name', 'second', '--safe', '--output', 'json']);
      assert.equal(safe.code, 0, safe.out + safe.err);
      const envelope = safe.json();
      assert.deepEqual(envelope.hazards ?? [], [], 'the safe forms raise no hazard');
      const [, first, concurrent] = folders(ours);
      assert.match(concurrent, /_second_concurrently$/);
      const firstSql = fs.readFileSync(path.join(ours, 'drizzle', first, 'migration.sql'), 'utf8');
      const concurrentSql = fs.readFileSync(path.join(ours, 'drizzle', concurrent, 'migration.sql'), 'utf8');
      assert.match(firstSql, /FOREIGN KEY \("org"\) REFERENCES "orgs"\("id"\) NOT VALID;/);
      assert.match(firstSql, /CHECK \("users"\."id" > 0\) NOT VALID;|CHECK \("id" > 0\) NOT VALID;/);
      assert.ok(concurrentSql.startsWith('-- sleet:no-transaction\nCREATE INDEX CONCURRENTLY "users_email_idx"'), concurrentSql);
      assert.match(concurrentSql, /VALIDATE CONSTRAINT "users_org_orgs_id_fkey"/);
      // Both tools find the folder whole and in step with the schema.
      assert.equal(cli(rc5Cli, ours, ['check']).code, 0);
      assert.equal(cli(sleetCli, ours, ['generate', '--explain', '--output', 'json']).json().status, 'no_changes');
      assert.equal(cli(rc5Cli, ours, ['generate', '--explain', '--output', 'json']).json().status, 'no_changes');

      const migrated = cli(sleetCli, ours, ['migrate']);
      assert.equal(migrated.code, 0, migrated.out + migrated.err);
      const idx = await client.query(`select i.indisvalid from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname = 'users_email_idx'`);
      assert.deepEqual(idx.rows, [{ indisvalid: true }]);
      const cons = await client.query(`select conname, convalidated from pg_constraint where conrelid = 'users'::regclass and contype in ('f', 'c') order by conname`);
      assert.deepEqual(cons.rows, [{ conname: 'users_id_positive', convalidated: true }, { conname: 'users_org_orgs_id_fkey', convalidated: true }]);

      // lint: the data-loss step fails the gate until it is acknowledged.
      fs.writeFileSync(path.join(ours, 'schema.ts'), V3);
      // push --explain reads the live database and shows the same hazard (JSON and text).
      const confirm = ['--hints', JSON.stringify([{ type: 'confirm_data_loss', kind: 'column', entity: ['public', 'users', 'name'] }])];
      const pushed = cli(sleetCli, ours, ['push', '--explain', '--output', 'json', ...confirm]);
      assert.deepEqual(pushed.json().hazards.map((h) => `${h.code} ${h.entity}`), ['drop-column users.name']);
      assert.match(cli(sleetCli, ours, ['push', '--explain', ...confirm]).out, /--- Hazards \(1\)[^\n]*\n {2}error {3}drop-column · users\.name/);
      assert.equal(cli(sleetCli, ours, ['generate', '--name', 'drop_name']).code, 0);
      const gate = cli(sleetCli, ours, ['lint']);
      assert.equal(gate.code, 1, gate.out + gate.err);
      assert.match(gate.out, /error {3}drop-column · users\.name \(line \d+\)/);
      assert.match(gate.err, /1 hazard \(gate: warning and above\)/);
      const dropFolder = folders(ours).at(-1);
      const file = path.join(ours, 'drizzle', dropFolder, 'migration.sql');
      fs.writeFileSync(file, `-- sleet:allow drop-column the application stopped reading name in v2\n${fs.readFileSync(file, 'utf8')}`);
      const allowed = cli(sleetCli, ours, ['lint', 'drizzle', '--output', 'json']);
      assert.equal(allowed.code, 0, allowed.out + allowed.err);
      const hazard = allowed.json().files.find((f) => f.path.includes(dropFolder)).hazards[0];
      assert.equal(hazard.allowed, 'the application stopped reading name in v2');
      // A file given by path, and the config's level.
      fs.writeFileSync(path.join(ours, 'hand.sql'), 'CREATE INDEX "users_name_idx" ON "users" ("name");\n');
      assert.equal(cli(sleetCli, ours, ['lint', 'hand.sql']).code, 1);
      assert.equal(cli(sleetCli, ours, ['lint', 'hand.sql', '--level', 'error']).code, 0);

      // migrate --down, one step at a time, under the lock; rows stay where the down keeps their table.
      const count = async () => Number((await client.query('select count(*) from users')).rows[0].count);
      assert.equal(cli(sleetCli, ours, ['migrate']).code, 0);
      for (const step of [dropFolder, concurrent, first]) {
        const down = cli(sleetCli, ours, ['migrate', '--down', '--output', 'json']);
        assert.equal(down.code, 0, down.out + down.err);
        assert.deepEqual(down.json().reverted.map((r) => r.name), [step]);
        assert.equal(await count(), 2, `rows kept after reverting ${step}`);
      }
      const cols = await client.query(`select column_name from information_schema.columns where table_name = 'users' order by ordinal_position`);
      assert.deepEqual(cols.rows.map((r) => r.column_name), ['id', 'email', 'org', 'name']);
      // The first migration's down drops the tables: refused without --force, and so is an edited down.
      const lossy = cli(sleetCli, ours, ['migrate', '--down']);
      assert.equal(lossy.code, 1);
      assert.match(lossy.err, /reverting \d{14}_init would delete data:\n {2}· drop-table orgs/);
      assert.match(lossy.err, /run again with --force/);
      const initDown = path.join(ours, 'drizzle', folders(ours)[0], 'down.sql');
      fs.appendFileSync(initDown, '\nSELECT 1;');
      const edited = cli(sleetCli, ours, ['migrate', '--down']);
      assert.equal(edited.code, 1);
      assert.match(edited.err, /down\.sql was edited after sleet generated it/);
      assert.equal(await count(), 2, 'nothing ran');
      // Up again: everything applies on top of the kept rows.
      const again = cli(sleetCli, ours, ['migrate']);
      assert.equal(again.code, 0, again.out + again.err);
      assert.equal(await count(), 2);
    } finally {
      fs.rmSync(ours, { recursive: true, force: true });
      fs.rmSync(theirs, { recursive: true, force: true });
    }
  });
});
