// sleet migrate on PGlite: bookkeeping identical to drizzle-orm 1.0, interop with its migrator,
// the 0.31 upgrade, integrity checks, per-migration transactions and the CLI flags.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';

import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate as drizzleMigrate } from 'drizzle-orm/pglite/migrator';

import { migrateCommand } from '../../js/commands/migrate.js';
import { migrate } from '../../js/migrate.js';
import { addMigration, copyFixture, scratch } from './support/migrate.js';

const INIT = '20260101000000_init';
const VIEWS = '20260102000000_views';

/** @type {PGlite} */
let db;
let tmp;

const rows = async () => (await db.query('SELECT id, hash, created_at::text AS created_at, name, applied_at FROM drizzle.__drizzle_migrations ORDER BY id')).rows;
const tables = async () => (await db.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")).rows.map((r) => r.table_name);
const sha = (file) => createHash('sha256').update(readFileSync(file).toString()).digest('hex');

before(async () => {
  db = new PGlite();
  await db.waitReady;
});
after(async () => {
  await db.close();
});
beforeEach(async () => {
  tmp?.cleanup();
  tmp = scratch();
  await db.exec('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public; DROP SCHEMA IF EXISTS drizzle CASCADE; DROP SCHEMA IF EXISTS custom CASCADE;');
});
after(() => tmp?.cleanup());

describe('migrate on PGlite', () => {
  test('fresh apply records drizzle-orm 1.0 rows; a re-run is a no-op', async () => {
    const folder = copyFixture('pg', tmp.dir);
    const events = [];
    const first = await migrate(db, { migrationsFolder: folder, onProgress: (e) => events.push(e) });
    assert.deepEqual(first.applied.map((a) => a.name), [INIT, VIEWS]);
    assert.deepEqual(events.filter((e) => e.type === 'applied').map((e) => e.name), [INIT, VIEWS]);
    assert.deepEqual(await tables(), ['posts', 'users']);
    const recorded = await rows();
    assert.deepEqual(recorded.map((r) => [r.id, r.hash, r.created_at, r.name]), [
      [1, sha(join(folder, INIT, 'migration.sql')), String(Date.UTC(2026, 0, 1)), INIT],
      [2, sha(join(folder, VIEWS, 'migration.sql')), String(Date.UTC(2026, 0, 2)), VIEWS],
    ]);
    assert.ok(recorded.every((r) => r.applied_at instanceof Date));
    const again = await migrate(db, { migrationsFolder: folder });
    assert.deepEqual(again.applied, []);
    assert.equal((await rows()).length, 2);
  });

  test('a database migrated by drizzle-orm 1.0 is up to date for sleet, and the other way round', async () => {
    const folder = copyFixture('pg', tmp.dir);
    await drizzleMigrate(drizzle({ client: db }), { migrationsFolder: folder });
    const byDrizzle = await rows();
    const result = await migrate(drizzle({ client: db }), { migrationsFolder: folder });
    assert.deepEqual(result.applied, []);
    assert.deepEqual(result.migrations.map((m) => m.state), ['applied', 'applied']);

    await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public; DROP SCHEMA drizzle CASCADE;');
    await migrate(db, { migrationsFolder: folder });
    const bySleet = await rows();
    const strip = (rs) => rs.map(({ applied_at, ...r }) => r);
    assert.deepEqual(strip(bySleet), strip(byDrizzle));
    // drizzle-orm's migrator would fail on "type mood already exists" if it thought anything was pending.
    await drizzleMigrate(drizzle({ client: db }), { migrationsFolder: folder });
    assert.equal((await rows()).length, 2);
  });

  test('a migration merged from another branch with an older timestamp is applied', async () => {
    const folder = copyFixture('pg', tmp.dir);
    await migrate(db, { migrationsFolder: folder });
    addMigration(folder, '20260101120000_branch', 'CREATE TABLE "from_branch" ("id" integer);');
    const result = await migrate(db, { migrationsFolder: folder });
    assert.deepEqual(result.applied.map((a) => a.name), ['20260101120000_branch']);
    assert.ok((await tables()).includes('from_branch'));
  });

  test('a 0.31-era table is upgraded in place exactly as drizzle-orm 1.0 upgrades it', async () => {
    const folder = copyFixture('pg', tmp.dir);
    const legacy = async () => {
      await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public; DROP SCHEMA IF EXISTS drizzle CASCADE;');
      // The DDL drizzle-orm 0.45 sent, and rows as it wrote them (journal `when` in ms).
      await db.exec(`CREATE SCHEMA "drizzle"; CREATE TABLE "drizzle"."__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint);
        INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('${sha(join(folder, INIT, 'migration.sql'))}', ${Date.UTC(2026, 0, 1) + 123});`);
      await db.exec(readFileSync(join(folder, INIT, 'migration.sql'), 'utf8').replaceAll('--> statement-breakpoint', ''));
    };
    await legacy();
    await drizzleMigrate(drizzle({ client: db }), { migrationsFolder: folder });
    const byDrizzle = await rows();
    await legacy();
    const result = await migrate(db, { migrationsFolder: folder });
    assert.deepEqual(result.applied.map((a) => a.name), [VIEWS]);
    const bySleet = await rows();
    assert.deepEqual(bySleet.map((r) => [r.id, r.hash, r.created_at, r.name]), byDrizzle.map((r) => [r.id, r.hash, r.created_at, r.name]));
    assert.equal(bySleet[0].applied_at, null);
    assert.equal(byDrizzle[0].applied_at, null);
  });

  test('a 0.31 journal folder is read; rows carry the names drizzle-kit up will give the folders', async () => {
    const folder = copyFixture('pg-0.31', tmp.dir);
    const result = await migrate(db, { migrationsFolder: folder });
    assert.equal(result.layout, 'journal');
    assert.deepEqual((await rows()).map((r) => [r.name, r.created_at, r.hash]), [
      ['20260101000000_init', '1767225600123', sha(join(folder, '0000_init.sql'))],
      ['20260102000000_views', '1767312000456', sha(join(folder, '0001_views.sql'))],
    ]);
    // The same migrations as 1.0 folders (what `up` produces) are then up to date for drizzle-orm 1.0.
    const converted = copyFixture('pg', tmp.dir, 'converted');
    await drizzleMigrate(drizzle({ client: db }), { migrationsFolder: converted });
    assert.equal((await rows()).length, 2);
  });

  test('an edited applied migration stops the run; --allow-edited and --mark-applied get past it', async () => {
    const folder = copyFixture('pg', tmp.dir);
    await migrate(db, { migrationsFolder: folder });
    writeFileSync(join(folder, INIT, 'migration.sql'), `${readFileSync(join(folder, INIT, 'migration.sql'), 'utf8')}\n-- reformatted\n`);
    addMigration(folder, '20260103000000_next', 'CREATE TABLE "next" ("id" integer);');
    await assert.rejects(migrate(db, { migrationsFolder: folder }), (err) => {
      assert.equal(err.code, 'migration_edited');
      assert.match(err.message, /20260101000000_init\/migration\.sql/);
      return true;
    });
    assert.ok(!(await tables()).includes('next'), 'nothing ran');
    const status = await migrate(db, { migrationsFolder: folder, status: true });
    assert.deepEqual(status.migrations.map((m) => m.state), ['edited', 'applied', 'pending']);
    const allowed = await migrate(db, { migrationsFolder: folder, allowEdited: true });
    assert.deepEqual(allowed.applied.map((a) => a.name), ['20260103000000_next']);
    await migrate(db, { migrationsFolder: folder, markApplied: INIT });
    assert.equal((await rows())[0].hash, sha(join(folder, INIT, 'migration.sql')));
    assert.deepEqual((await migrate(db, { migrationsFolder: folder, status: true })).migrations.map((m) => m.state), ['applied', 'applied', 'applied']);
  });

  test('applied rows without a local migration are reported as missing', async () => {
    const folder = copyFixture('pg', tmp.dir);
    await migrate(db, { migrationsFolder: folder });
    rmSync(join(folder, VIEWS), { recursive: true });
    const result = await migrate(db, { migrationsFolder: folder });
    assert.deepEqual(result.migrations.map((m) => [m.name, m.state]), [[INIT, 'applied'], [VIEWS, 'missing']]);
    assert.ok(result.warnings.some((w) => w.includes(`${VIEWS} is recorded as applied but has no local migration`)));
  });

  test('the state read back as one JSON value: odd names, a row without a name, a row with no local migration', async () => {
    const folder = copyFixture('pg', tmp.dir);
    const odd = '20260103000000_quote\'"\\ é☕𝄞';
    addMigration(folder, odd, 'CREATE TABLE "odd" ("id" integer);');
    await migrate(db, { migrationsFolder: folder });
    const unnamed = '20260104000000_unnamed';
    addMigration(folder, unnamed, 'SELECT 1;');
    await db.query('INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ($1, 42), ($2, 7)', [sha(join(folder, unnamed, 'migration.sql')), 'f'.repeat(64)]);
    await db.query("INSERT INTO drizzle.__drizzle_migrations (hash, created_at, name) VALUES ('feed', 1767225600000, '20250101000000_gone')");
    const status = await migrate(db, { migrationsFolder: folder, status: true });
    assert.deepEqual(status.migrations.map((m) => [m.name, m.state]), [
      [INIT, 'applied'], [VIEWS, 'applied'], [odd, 'applied'], [unnamed, 'applied'],
      ['20250101000000_gone', 'missing'], ['(row id 5, no name)', 'missing'],
    ]);
    assert.equal(status.migrations[4].recordedHash, 'feed');
    assert.ok(status.warnings.some((w) => w.includes(`a row without a name (id 4) records ${unnamed} by its hash`)), status.warnings.join('\n'));
  });

  test('a malformed folder is refused before the database is touched', async () => {
    const folder = copyFixture('pg', tmp.dir);
    addMigration(folder, 'no_timestamp', 'SELECT 1;');
    await assert.rejects(migrate(db, { migrationsFolder: folder }), (err) => err.code === 'malformed_migrations' && /no_timestamp: a migration folder name must start with a UTC timestamp/.test(err.message));
    assert.equal((await db.query("SELECT 1 FROM pg_namespace WHERE nspname = 'drizzle'")).rows.length, 0);
    await assert.rejects(migrate(db, { migrationsFolder: join(tmp.dir, 'absent') }), (err) => err.code === 'malformed_migrations');
  });

  test('a failing statement rolls back its own migration only', async () => {
    const folder = copyFixture('pg', tmp.dir);
    addMigration(folder, '20260103000000_bad', 'CREATE TABLE "half" ("id" integer);--> statement-breakpoint\nALTER TABLE "nope" ADD COLUMN "x" integer;');
    await assert.rejects(migrate(db, { migrationsFolder: folder }), (err) => {
      assert.equal(err.code, 'migration_failed');
      assert.equal(err.details.statement, 2);
      assert.match(err.message, /20260103000000_bad failed at statement 2 of 2 and was rolled back/);
      assert.match(err.message, /relation "nope" does not exist/);
      return true;
    });
    assert.deepEqual((await rows()).map((r) => r.name), [INIT, VIEWS]);
    assert.deepEqual(await tables(), ['posts', 'users'], 'the first statement of the failed migration was rolled back');
  });

  test('each migration commits on its own: an enum value added by one is usable by the next in the same run', async () => {
    const folder = copyFixture('pg', tmp.dir);
    addMigration(folder, '20260103000000_use_happy', `ALTER TABLE "users" ADD COLUMN "status" "mood" DEFAULT 'happy';`);
    const result = await migrate(db, { migrationsFolder: folder });
    assert.equal(result.applied.length, 3);
  });

  test('-- sleet:no-transaction runs a file outside a transaction (CREATE INDEX CONCURRENTLY)', async () => {
    const folder = copyFixture('pg', tmp.dir);
    addMigration(folder, '20260103000000_index', '-- sleet:no-transaction\nCREATE INDEX CONCURRENTLY "posts_title_idx" ON "posts" ("title");');
    const result = await migrate(db, { migrationsFolder: folder });
    assert.equal(result.applied.length, 3);
    assert.equal((await db.query("SELECT 1 FROM pg_indexes WHERE indexname = 'posts_title_idx'")).rows.length, 1);
    // The same statement inside a transaction is refused by Postgres.
    addMigration(folder, '20260104000000_index2', 'CREATE INDEX CONCURRENTLY "posts_title_idx2" ON "posts" ("title");');
    await assert.rejects(migrate(db, { migrationsFolder: folder }), /cannot run inside a transaction block/);
  });

  test('--to, --dry-run, --status and --mark-applied', async () => {
    const folder = copyFixture('pg', tmp.dir);
    const dry = await migrate(db, { migrationsFolder: folder, dryRun: true });
    assert.deepEqual(dry.wouldApply.map((m) => m.name), [INIT, VIEWS]);
    assert.match(dry.wouldApply[0].statements[0], /^CREATE TYPE "mood"/);
    assert.equal((await db.query("SELECT 1 FROM pg_namespace WHERE nspname = 'drizzle'")).rows.length, 0, 'dry run changed nothing');
    const to = await migrate(db, { migrationsFolder: folder, to: INIT });
    assert.deepEqual(to.applied.map((a) => a.name), [INIT]);
    assert.deepEqual(to.pending, [VIEWS]);
    assert.deepEqual((await migrate(db, { migrationsFolder: folder, status: true })).migrations.map((m) => m.state), ['applied', 'pending']);
    await assert.rejects(migrate(db, { migrationsFolder: folder, to: 'nope' }), /--to nope: no migration with that name/);
    const marked = await migrate(db, { migrationsFolder: folder, markApplied: VIEWS });
    assert.deepEqual(marked.marked, [{ name: VIEWS, action: 'recorded' }]);
    assert.ok(!(await db.query("SELECT 1 FROM information_schema.columns WHERE column_name = 'views'")).rows.length, 'marked, not run');
  });

  test('custom migrations table and schema', async () => {
    const folder = copyFixture('pg', tmp.dir);
    await migrate(db, { migrationsFolder: folder, migrationsTable: 'history', migrationsSchema: 'custom' });
    assert.equal((await db.query('SELECT count(*)::int AS n FROM custom.history')).rows[0].n, 2);
    await drizzleMigrate(drizzle({ client: db }), { migrationsFolder: folder, migrationsTable: 'history', migrationsSchema: 'custom' });
    assert.equal((await db.query('SELECT count(*)::int AS n FROM custom.history')).rows[0].n, 2);
  });
});

describe('sleet migrate command with an embedded PGlite database', () => {
  test('applies, reports status as text and JSON, and dry-runs', async () => {
    const out = [];
    const err = [];
    const io = { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false };
    copyFixture('pg', tmp.dir, 'migrations');
    const config = { dialect: 'postgresql', driver: 'pglite', dbCredentials: { url: './data' }, out: 'migrations' };
    assert.equal(await migrateCommand({ flags: { to: INIT }, config, cwd: tmp.dir, io }), 0);
    assert.match(out.join('\n'), /✓ 20260101000000_init {2}4 statements {2}\d+ ms/);
    assert.match(out.join('\n'), /Applied 1 migration to drizzle\.__drizzle_migrations/);
    out.length = 0;
    assert.equal(await migrateCommand({ flags: { status: true, output: 'json' }, config, cwd: tmp.dir, io }), 0);
    const status = JSON.parse(out.join('\n'));
    assert.equal(status.status, 'ok');
    assert.deepEqual(status.migrations.map((m) => [m.name, m.state]), [[INIT, 'applied'], [VIEWS, 'pending']]);
    out.length = 0;
    assert.equal(await migrateCommand({ flags: { dryRun: true }, config, cwd: tmp.dir, io }), 0);
    assert.match(out.join('\n'), /-- 20260102000000_views \(in a transaction\)\nALTER TYPE "mood" ADD VALUE 'happy';/);
    assert.match(out.join('\n'), /Dry run: would apply 1 migration/);
    out.length = 0;
    assert.equal(await migrateCommand({ flags: { to: INIT, markApplied: VIEWS }, config, cwd: tmp.dir, io }), 1);
    assert.match(err.join('\n'), /--to and --mark-applied cannot be combined/);
    // The refused run marked nothing: the views migration is still pending.
    out.length = 0;
    assert.equal(await migrateCommand({ flags: { status: true, output: 'json' }, config, cwd: tmp.dir, io }), 0);
    assert.deepEqual(JSON.parse(out.join('\n')).migrations.map((m) => [m.name, m.state]), [[INIT, 'applied'], [VIEWS, 'pending']]);
  });
});
