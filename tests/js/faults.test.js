// Faults (issue 11 §4): connections killed under migrate / push / pull on the real servers, a generate
// killed with SIGKILL mid-write, migration files that cannot be read, and push's single transaction on
// the Postgres server and PGlite. Expectations come from the issue: a killed connection is a normal
// error naming the migration or step (the JSON envelope under --output json, exit 1, no unhandled
// 'error' event), the database stays consistent, and a failure part-way through push leaves nothing.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import mysql from 'mysql2/promise';
import pg from 'pg';

import { addMigration, runCli, throwawayMysql, throwawayPostgres } from './support/migrate.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'js/cli.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sleet-faults-'));
const cleanups = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
  fs.rmSync(work, { recursive: true, force: true });
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Poll `find` until it returns something (or fail after `ms`). */
async function waitFor(find, what, ms = 15000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const found = await find();
    if (found) return found;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function postgresDb() {
  const d = await throwawayPostgres();
  const client = new pg.Client({ connectionString: d.url });
  await client.connect();
  cleanups.push(async () => { await client.end(); await d.drop(); });
  return { ...d, client };
}

/** The CLI as a child process, in `cwd`. */
function spawnCli(cwd, args) {
  const child = spawn(cli, [...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
  child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
  const done = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

/** A project folder with sleet's node_modules, a schema module and a config. */
function project(name, config, schema) {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, 'drizzle.config.json'), JSON.stringify({ dialect: 'postgresql', schema: './schema.mjs', out: './drizzle', ...config }));
  if (schema) fs.writeFileSync(path.join(dir, 'schema.mjs'), schema);
  return dir;
}

const lastJson = (stdout) => JSON.parse(stdout.trim().split('\n').pop());

/** Terminate the backend of `database` running a query that matches `pattern` (from another connection). */
async function terminate(admin, database, where) {
  const pid = await waitFor(async () => (await admin.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND ${where}`, [database])).rows[0]?.pid, `a backend (${where})`);
  await admin.query('SELECT pg_terminate_backend($1)', [pid]);
}

/**
 * Run the CLI while another session holds `lock`; terminate the CLI's backend once it waits for the
 * lock. Returns the error envelope after asserting the contract every such run must keep.
 */
async function killedWhileWaiting(d, dir, args, lock) {
  const holder = new pg.Client({ connectionString: d.url });
  await holder.connect();
  await holder.query(`BEGIN; ${lock}`);
  const { done } = spawnCli(dir, args);
  await terminate(d.client, d.name, "wait_event_type = 'Lock'");
  await holder.query('ROLLBACK');
  await holder.end();
  const r = await done;
  assert.equal(r.code, 1, r.stderr);
  assert.doesNotMatch(r.stderr, /Unhandled 'error' event|node:events/);
  const envelope = lastJson(r.stdout);
  assert.equal(envelope.status, 'error');
  assert.equal(envelope.error.code, 'connection_lost');
  return envelope;
}

describe('a connection killed mid-command is a normal error', () => {
  test('migrate on Postgres: names the migration, JSON envelope, exit 1, nothing of it applied, the re-run applies it', async () => {
    const d = await postgresDb();
    const folder = path.join(work, 'pg-migrate');
    addMigration(folder, '20260101000000_first', 'CREATE TABLE "first" ("id" integer);');
    addMigration(folder, '20260102000000_slow', 'CREATE TABLE "slow" ("id" integer);--> statement-breakpoint\nSELECT pg_sleep(30);');
    const config = { dialect: 'postgresql', dbCredentials: { url: d.url }, out: folder };
    for (const output of ['json', 'text']) {
      const run = runCli({ config, flags: output === 'json' ? { output: 'json' } : {} });
      await terminate(d.client, d.name, "query LIKE '%pg_sleep(30)%'");
      const r = await run;
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.signal, null);
      assert.doesNotMatch(r.stderr, /Unhandled 'error' event|node:events/);
      const message = output === 'json' ? lastJson(r.stdout).error.message : r.stderr;
      if (output === 'json') assert.equal(lastJson(r.stdout).status, 'error');
      assert.match(message, /20260102000000_slow failed at statement 2 of 2 and was rolled back/);
      assert.match(message, /terminating connection/);
      const rows = (await d.client.query('SELECT name FROM drizzle.__drizzle_migrations ORDER BY id')).rows.map((x) => x.name);
      assert.deepEqual(rows, ['20260101000000_first']);
      assert.equal((await d.client.query("SELECT to_regclass('public.slow') AS t")).rows[0].t, null);
    }
    addMigration(folder, '20260102000000_slow', 'CREATE TABLE "slow" ("id" integer);');
    const rerun = await runCli({ config });
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.match(rerun.stdout, /✓ 20260102000000_slow/);
  });

  // mysql2 already rejected the running query without an unhandled 'error' event before issue 11's
  // fix; this guards that (the pg driver did crash, see the test above).
  test('migrate on MariaDB (KILL): names the migration, exit 1, not recorded as applied', async () => {
    const d = await throwawayMysql();
    const admin = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
    cleanups.push(async () => { await admin.end(); await d.drop(); });
    const folder = path.join(work, 'mysql-migrate');
    addMigration(folder, '20260101000000_first', 'CREATE TABLE `first` (`id` int);');
    addMigration(folder, '20260102000000_slow', 'SELECT SLEEP(30);');
    const run = runCli({ config: { dialect: 'mysql', dbCredentials: { url: d.url }, out: folder }, flags: { output: 'json' } });
    const id = await waitFor(async () => {
      const [rows] = await admin.query("SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = ? AND INFO LIKE '%SLEEP(30)%' AND ID <> CONNECTION_ID()", [d.name]);
      return rows[0]?.id;
    }, 'the SLEEP statement');
    await admin.query(`KILL ${Number(id)}`);
    const r = await run;
    assert.equal(r.code, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /Unhandled 'error' event|node:events/);
    const envelope = lastJson(r.stdout);
    assert.equal(envelope.status, 'error');
    assert.match(envelope.error.message, /20260102000000_slow failed at statement 1 of 1/);
    const [rows] = await admin.query(`SELECT name FROM \`${d.name}\`.__drizzle_migrations ORDER BY id`);
    assert.deepEqual(rows.map((x) => x.name), ['20260101000000_first']);
  });

  test('push on Postgres: names the statement, JSON envelope, exit 1, the transaction rolled back', async () => {
    const d = await postgresDb();
    await d.client.query('CREATE TABLE "a" ("id" integer)');
    const dir = project('push-killed', { dbCredentials: { url: d.url } }, `import { pgTable, integer } from 'drizzle-orm/pg-core';
export const a = pgTable('a', { id: integer('id'), c: integer('c') });
export const b = pgTable('b', { id: integer('id') });
`);
    // Another session holds a lock that push's ALTER TABLE waits for; push is killed while it waits,
    // after its CREATE TABLE "b" ran inside the transaction.
    const envelope = await killedWhileWaiting(d, dir, ['push', '--output', 'json'], 'LOCK TABLE "a" IN SHARE MODE');
    assert.match(envelope.error.message, /was lost while running statement \d of 2/);
    assert.match(envelope.error.message, /Statement: ALTER TABLE "a" ADD COLUMN "c"/);
    assert.match(envelope.error.message, /rolled back: none of its 2 statements is applied/);
    assert.equal((await d.client.query("SELECT to_regclass('public.b') AS t")).rows[0].t, null, 'CREATE TABLE "b" was rolled back');
    const retry = spawnSync(cli, ['push', '--output', 'json'], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
    assert.equal(retry.status, 0, retry.stderr);
    assert.notEqual((await d.client.query("SELECT to_regclass('public.b') AS t")).rows[0].t, null);
  });

  test('pull on Postgres: names the step, JSON envelope, exit 1, no files written', async () => {
    const d = await postgresDb();
    await d.client.query('CREATE TABLE "a" ("id" integer); CREATE VIEW "v" AS SELECT id FROM "a"');
    const dir = project('pull-killed', { dbCredentials: { url: d.url } });
    // pg_get_viewdef waits for a lock on the view; pull is killed while it waits.
    const envelope = await killedWhileWaiting(d, dir, ['pull', '--output', 'json'], 'LOCK TABLE "v" IN ACCESS EXCLUSIVE MODE');
    assert.match(envelope.error.message, /was lost while reading the catalog/);
    assert.equal(fs.existsSync(path.join(dir, 'drizzle')), false);
  });
});

describe('push runs in one transaction on Postgres', () => {
  // A composite type named "b" makes CREATE TABLE "b" fail after CREATE TYPE "mood" ran.
  const SCHEMA = `import { pgTable, pgEnum, integer } from 'drizzle-orm/pg-core';
export const mood = pgEnum('mood', ['happy', 'sad']);
export const a = pgTable('a', { id: integer('id'), m: mood('m') });
export const b = pgTable('b', { id: integer('id') });
`;
  const failing = (r) => {
    assert.equal(r.status, 1, r.stderr);
    const envelope = lastJson(r.stdout);
    assert.equal(envelope.status, 'error');
    assert.match(envelope.error.message, /Statement: CREATE TABLE "b"/);
    assert.match(envelope.error.message, /The transaction was rolled back: none of its \d+ statements is applied/);
  };

  test('the real server: a failure part-way leaves nothing applied', async () => {
    const d = await postgresDb();
    await d.client.query('CREATE TYPE "b" AS ("x" integer)');
    const dir = project('push-atomic', { dbCredentials: { url: d.url } }, SCHEMA);
    failing(spawnSync(cli, ['push', '--output', 'json'], { cwd: dir, encoding: 'utf8' }));
    const left = (await d.client.query("SELECT to_regtype('public.mood') AS mood, to_regclass('public.a') AS a")).rows[0];
    assert.deepEqual(left, { mood: null, a: null }, 'nothing before the failing statement stayed');
  });

  test('PGlite: a failure part-way leaves nothing applied', async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    const dataDir = path.join(work, 'pglite-atomic');
    const before = new PGlite(dataDir);
    await before.exec('CREATE TYPE "b" AS ("x" integer)');
    await before.close();
    const dir = project('push-atomic-pglite', { driver: 'pglite', dbCredentials: { url: dataDir } }, SCHEMA);
    failing(spawnSync(cli, ['push', '--output', 'json'], { cwd: dir, encoding: 'utf8' }));
    const db = new PGlite(dataDir);
    const left = (await db.query("SELECT to_regtype('public.mood')::text AS mood, to_regclass('public.a')::text AS a")).rows[0];
    await db.close();
    assert.deepEqual(left, { mood: null, a: null });
  });

  test('statements that cannot run in the transaction are set apart and said so (real server)', async () => {
    const d = await postgresDb();
    await d.client.query(`CREATE TYPE "mood" AS ENUM ('happy'); CREATE TABLE "t" ("id" integer, "m" "mood")`);
    // 'sad' is added and used as the column's new default in the same push; the index is CONCURRENTLY.
    const dir = project('push-phases', { dbCredentials: { url: d.url } }, `import { pgTable, pgEnum, integer, index } from 'drizzle-orm/pg-core';
export const mood = pgEnum('mood', ['happy', 'sad']);
export const t = pgTable('t', { id: integer('id'), m: mood('m').default('sad') }, (t) => [index('t_id_idx').on(t.id).concurrently()]);
`);
    const r = spawnSync(cli, ['push'], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /Warning: 1 statement ran and committed before push's transaction, because a later statement uses the enum value it adds/);
    assert.match(r.stderr, /ALTER TYPE "mood" ADD VALUE 'sad'/);
    assert.match(r.stderr, /Warning: 1 statement ran after push's transaction committed, because CONCURRENTLY cannot run inside a transaction/);
    const state = (await d.client.query(`SELECT enum_range(NULL::mood)::text AS r, (SELECT column_default FROM information_schema.columns WHERE table_name = 't' AND column_name = 'm') AS def, to_regclass('public.t_id_idx') AS idx`)).rows[0];
    assert.deepEqual(state, { r: '{happy,sad}', def: "'sad'::mood", idx: 't_id_idx' });
  });

  test('transactionPhases: only what must is set apart', async () => {
    const { transactionPhases } = await import('../../js/commands/push.js');
    const add = `ALTER TYPE "public"."mood" ADD VALUE 'sad';`;
    const use = `ALTER TABLE "t" ALTER COLUMN "m" SET DEFAULT 'sad';`;
    const idx = 'CREATE INDEX CONCURRENTLY "i" ON "t" USING btree ("id");';
    const table = 'CREATE TABLE "u" ("id" integer);';
    assert.deepEqual(transactionPhases([add, table, use, idx]), { before: [add], inside: [table, use], after: [idx] });
    // An added value nothing else uses stays in the transaction.
    assert.deepEqual(transactionPhases([add, table]), { before: [], inside: [add, table], after: [] });
    // The type was renamed earlier in the run: the value cannot be added before that rename.
    const rename = 'ALTER TYPE "public"."feeling" RENAME TO "mood";';
    assert.deepEqual(transactionPhases([rename, add, use]), { before: [], inside: [rename, add, use], after: [] });
    // A table using the type earlier does not hold the value back.
    const create = 'CREATE TABLE "x" ("m" "mood");';
    assert.deepEqual(transactionPhases([create, add, use]), { before: [add], inside: [create, use], after: [] });
  });
});

describe('a killed generate and unreadable migration files', () => {
  test('generate killed with SIGKILL mid-write: migrate and generate ignore its hidden folder, the next generate removes it', async () => {
    const dir = project('killed-generate', { dialect: 'sqlite', dbCredentials: { url: path.join(work, 'killed.sqlite') } });
    fs.writeFileSync(path.join(dir, 'drizzle.config.json'), JSON.stringify({ dialect: 'postgresql', schema: './schema.mjs', out: './drizzle' }));
    fs.writeFileSync(path.join(dir, 'schema.mjs'), `import { pgTable, integer } from 'drizzle-orm/pg-core';\nexport const t = pgTable('t', { id: integer('id') });\n`);
    // The preload kills the process (SIGKILL, nothing runs after it) on the rename that would publish
    // the folder: its files are written, the folder is still the hidden temporary one.
    const preload = path.join(work, 'kill-on-rename.cjs');
    fs.writeFileSync(preload, `const fs = require('node:fs'); const rename = fs.renameSync;
fs.renameSync = (from, to) => { if (/\\.tmp-\\d+-\\d+$/.test(String(from))) process.kill(process.pid, 'SIGKILL'); return rename(from, to); };\n`);
    const killed = spawnSync(process.execPath, ['--require', preload, cli, 'generate', '--name', 'init'], { cwd: dir, encoding: 'utf8' });
    assert.equal(killed.signal, 'SIGKILL');
    const hidden = fs.readdirSync(path.join(dir, 'drizzle'));
    assert.equal(hidden.length, 1);
    assert.match(hidden[0], /^\.\d{14}_init\.tmp-\d+-\d+$/);
    // Everything generate writes (down.sql too) was in the temporary folder when it was killed.
    assert.deepEqual(fs.readdirSync(path.join(dir, 'drizzle', hidden[0])).sort(), ['down.sql', 'migration.sql', 'snapshot.json']);

    // migrate sees no migration (it used to refuse the folder).
    const dbFile = path.join(work, 'killed-generate.sqlite');
    const migrate = await runCli({ config: { dialect: 'sqlite', dbCredentials: { url: dbFile }, out: path.join(dir, 'drizzle') }, flags: { output: 'json' } });
    assert.equal(migrate.code, 0, migrate.stdout + migrate.stderr);
    assert.deepEqual(lastJson(migrate.stdout).migrations, []);
    // check reads past it too.
    const checked = spawnSync(cli, ['check', '--output', 'json'], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
    assert.equal(checked.status, 0, checked.stdout + checked.stderr);

    // A temporary folder of a live process is left alone; the dead one's is removed by the next generate.
    const live = `.20260101000000_other.tmp-${process.pid}-1`;
    fs.mkdirSync(path.join(dir, 'drizzle', live));
    const again = spawnSync(cli, ['generate', '--name', 'init'], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
    assert.equal(again.status, 0, again.stderr);
    const after = fs.readdirSync(path.join(dir, 'drizzle')).sort();
    assert.equal(after.length, 2, after.join(', '));
    assert.equal(after[0], live);
    assert.match(after[1], /^\d{14}_init$/);
  });

  test('an unreadable migration.sql stops migrate before anything runs, naming the path (SQLite, Postgres)', async () => {
    const d = await postgresDb();
    const cases = [
      ['a dangling symlink', (f) => fs.symlinkSync('gone.sql', f), /a symlink to a file that does not exist/],
      ['a directory', (f) => fs.mkdirSync(f), /it is a directory/],
      ['a symlink loop', (f) => fs.symlinkSync('migration.sql', f), /a symlink loop/],
    ];
    for (const [i, [name, make, why]] of cases.entries()) {
      const folder = path.join(work, `unreadable-${i}`);
      addMigration(folder, '20260101000000_first', `CREATE TABLE "first_${i}" ("id" integer);`);
      fs.mkdirSync(path.join(folder, '20260102000000_broken'));
      make(path.join(folder, '20260102000000_broken', 'migration.sql'));
      for (const config of [
        { dialect: 'sqlite', dbCredentials: { url: path.join(work, `unreadable-${i}.sqlite`) }, out: folder },
        { dialect: 'postgresql', dbCredentials: { url: d.url }, out: folder },
      ]) {
        const r = await runCli({ config, flags: { output: 'json' } });
        assert.equal(r.code, 1, `${name}: ${r.stdout}`);
        const { message } = lastJson(r.stdout).error;
        assert.ok(message.includes(path.join(folder, '20260102000000_broken', 'migration.sql')), message);
        assert.match(message, why);
        assert.match(message, /nothing was applied/);
      }
      assert.equal((await d.client.query(`SELECT to_regclass('public.first_${i}') AS t`)).rows[0].t, null, `${name}: the first migration did not run`);
    }
  });
});

describe('bad input around connections and files', () => {
  test('an unreachable libSQL URL names the URL without its token, and why', async () => {
    const r = await runCli({ config: { dialect: 'turso', dbCredentials: { url: 'http://127.0.0.1:59999/db?authToken=sekrit-token', authToken: 'sekrit-token' }, out: path.join(work, 'none') }, flags: { output: 'json' } });
    assert.equal(r.code, 1);
    const { message } = lastJson(r.stdout).error;
    assert.match(message, /http:\/\/127\.0\.0\.1:59999\/db/);
    assert.match(message, /connection refused .*ECONNREFUSED/);
    assert.doesNotMatch(r.stdout + r.stderr, /sekrit/);
    assert.doesNotMatch(message, /^fetch failed$/);
  });

  test('the transpile cache of a TypeScript config is owner-only (0700 folder, 0600 file)', async () => {
    const dir = path.join(work, 'cache-perms');
    fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'drizzle.config.ts'), "export default { dialect: 'postgresql' as const, dbCredentials: { url: 'postgres://u:literal-password@h/db' } };\n");
    const { importConfigModule } = await import('../../js/load.js');
    const mod = await importConfigModule(path.join(dir, 'drizzle.config.ts'));
    assert.equal(mod.default.dialect, 'postgresql');
    // js/typescript.js keeps the transpiled modules under .cache/sleet/ts.
    const sleetDir = path.join(dir, 'node_modules', '.cache', 'sleet');
    const cacheDir = path.join(sleetDir, 'ts');
    const entries = fs.readdirSync(cacheDir, { recursive: true }).map((e) => path.join(cacheDir, String(e)));
    const files = entries.filter((e) => fs.statSync(e).isFile());
    const folders = entries.filter((e) => fs.statSync(e).isDirectory());
    const holding = files.filter((e) => /literal-password/.test(fs.readFileSync(e, 'utf8')));
    assert.ok(holding.length > 0, 'some cache file holds the password');
    for (const d of [sleetDir, cacheDir, ...folders]) assert.equal(fs.statSync(d).mode & 0o777, 0o700, d);
    for (const f of files) assert.equal(fs.statSync(f).mode & 0o777, 0o600, f);
  });
});
