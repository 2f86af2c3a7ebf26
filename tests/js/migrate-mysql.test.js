// sleet migrate on MariaDB through mysql2, one throwaway database per test: interop with
// drizzle-orm's mysql2 migrator, the 0.31 upgrade, progress recording when a statement fails
// (DDL cannot be rolled back), a killed run, and 8 concurrent processes.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { drizzle } from 'drizzle-orm/mysql2';
import { migrate as drizzleMigrate } from 'drizzle-orm/mysql2/migrator';
import mysql from 'mysql2/promise';

import { migrate } from '../../js/migrate.js';
import { addMigration, copyFixture, runCli, scratch, throwawayMysql } from './support/migrate.js';

const INIT = '20260101000000_init';
const VIEWS = '20260102000000_views';

let tmp;
const dbs = [];
before(() => { tmp = scratch(); });
after(async () => {
  for (const d of dbs) await d.drop();
  tmp.cleanup();
});

async function freshDb() {
  const d = await throwawayMysql();
  dbs.push(d);
  const client = await mysql.createConnection({ uri: d.url, multipleStatements: true });
  return { ...d, client };
}

const recorded = async (c) => (await c.query('SELECT name, count(*) AS n FROM __drizzle_migrations GROUP BY name ORDER BY name'))[0].map((r) => [r.name, Number(r.n)]);
const tables = async (c) => (await c.query('SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 1'))[0].map((r) => r.t);
const sha = (file) => createHash('sha256').update(readFileSync(file).toString()).digest('hex');

describe('migrate on MariaDB (mysql2)', () => {
  test('fresh apply, re-run no-op, out-of-order, interop with drizzle-orm both ways', async () => {
    const d = await freshDb();
    const folder = copyFixture('mysql', tmp.dir, 'basic');
    const pool = mysql.createPool({ uri: d.url, connectionLimit: 2 });
    try {
      assert.equal((await migrate(drizzle({ client: pool }), { migrationsFolder: folder })).applied.length, 2);
      assert.equal((await migrate(pool, { migrationsFolder: folder })).applied.length, 0);
      await drizzleMigrate(drizzle({ client: pool }), { migrationsFolder: folder });
      addMigration(folder, '20260101120000_branch', 'CREATE TABLE `from_branch` (`id` int);');
      assert.deepEqual((await migrate(d.client, { migrationsFolder: folder })).applied.map((a) => a.name), ['20260101120000_branch']);
      assert.deepEqual(await recorded(d.client), [[INIT, 1], ['20260101120000_branch', 1], [VIEWS, 1]]);
      const [[row]] = await d.client.query(`SELECT hash, created_at, applied_at FROM __drizzle_migrations WHERE name = '${INIT}'`);
      assert.equal(row.hash, sha(join(folder, INIT, 'migration.sql')));
      assert.equal(Number(row.created_at), Date.UTC(2026, 0, 1));
      assert.ok(row.applied_at instanceof Date);

      const other = await freshDb();
      const drizzleFolder = copyFixture('mysql', tmp.dir, 'drizzle-first');
      await drizzleMigrate(drizzle({ client: other.client }), { migrationsFolder: drizzleFolder });
      const result = await migrate(other.client, { migrationsFolder: drizzleFolder });
      assert.deepEqual(result.migrations.map((m) => m.state), ['applied', 'applied']);
      assert.deepEqual(result.applied, []);
      await other.client.end();
    } finally {
      await pool.end();
      await d.client.end();
    }
  });

  test('a 0.31-era table is upgraded in place exactly as drizzle-orm 1.0 upgrades it', async () => {
    const folder = copyFixture('mysql', tmp.dir, 'legacy');
    const legacy = async (c) => {
      await c.query(`create table if not exists \`__drizzle_migrations\` ( id serial primary key, hash text not null, created_at bigint );
        INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('${sha(join(folder, INIT, 'migration.sql'))}', ${Date.UTC(2026, 0, 1) + 777});`);
      await c.query(readFileSync(join(folder, INIT, 'migration.sql'), 'utf8').replaceAll('--> statement-breakpoint', ''));
    };
    const a = await freshDb();
    await legacy(a.client);
    await drizzleMigrate(drizzle({ client: a.client }), { migrationsFolder: folder });
    const b = await freshDb();
    await legacy(b.client);
    const result = await migrate(b.client, { migrationsFolder: folder });
    assert.deepEqual(result.applied.map((x) => x.name), [VIEWS]);
    const rows = async (c) => (await c.query('SELECT id, hash, created_at, name, applied_at IS NULL AS no_time FROM __drizzle_migrations ORDER BY id'))[0];
    assert.deepEqual(await rows(b.client), await rows(a.client));
    await a.client.end();
    await b.client.end();
  });

  test('a failing statement: what ran is recorded, the next run stops, --resume continues from it', async () => {
    const d = await freshDb();
    const folder = copyFixture('mysql', tmp.dir, 'failing');
    const bad = '20260103000000_bad';
    addMigration(folder, bad, 'CREATE TABLE `first` (`id` int);--> statement-breakpoint\nCREATE TABLE `second` (`id` int);--> statement-breakpoint\nALTER TABLE `nope` ADD `x` int;--> statement-breakpoint\nCREATE TABLE `fourth` (`id` int);');
    await assert.rejects(migrate(d.client, { migrationsFolder: folder }), (err) => {
      assert.equal(err.code, 'migration_failed');
      assert.equal(err.details.statement, 3);
      assert.match(err.message, /failed at statement 3 of 4\. It runs outside a transaction, so statements 1-2 ran and are committed/);
      assert.match(err.message, /doesn't exist/);
      return true;
    });
    // Exactly as documented: the earlier migrations recorded, statements 1-2 present, no row for it.
    assert.deepEqual((await recorded(d.client)).map(([n]) => n), [INIT, VIEWS]);
    const t = await tables(d.client);
    assert.ok(t.includes('first') && t.includes('second') && !t.includes('fourth'));
    // A plain re-run does not run statements 1-2 again; it explains and stops.
    await assert.rejects(migrate(d.client, { migrationsFolder: folder }), (err) => {
      assert.equal(err.code, 'migration_incomplete');
      assert.match(err.message, /2 of its 4 statements ran outside a transaction and are committed; statement 3 failed: .*doesn't exist/);
      return true;
    });
    const status = await migrate(d.client, { migrationsFolder: folder, status: true });
    const { error: progressError, ...counts } = status.migrations.at(-1).progress;
    assert.deepEqual(counts, { done: 2, total: 4 });
    // The error MariaDB gave for statement 3 (`nope` does not exist) is what the status reports.
    assert.match(progressError, /nope.*doesn't exist/);
    assert.equal(status.migrations.at(-1).state, 'failed');
    // Fix the failing statement (the statements that ran stay as they were), then resume.
    addMigration(folder, bad, 'CREATE TABLE `first` (`id` int);--> statement-breakpoint\nCREATE TABLE `second` (`id` int);--> statement-breakpoint\nALTER TABLE `second` ADD `x` int;--> statement-breakpoint\nCREATE TABLE `fourth` (`id` int);');
    const resumed = await migrate(d.client, { migrationsFolder: folder, resume: true });
    assert.deepEqual(resumed.applied, [{ name: bad, ms: resumed.applied[0].ms, statements: 2 }]);
    assert.deepEqual((await recorded(d.client)).map(([n]) => n), [INIT, VIEWS, bad]);
    const [[progress]] = await d.client.query('SELECT count(*) AS n FROM __drizzle_migrations_sleet_progress');
    assert.equal(Number(progress.n), 0);
    await d.client.end();
  });

  test('a run killed mid-migration is reported, not silently re-run; --mark-applied settles it', async () => {
    const d = await freshDb();
    const folder = copyFixture('mysql', tmp.dir, 'killed');
    const slow = '20260103000000_slow';
    addMigration(folder, slow, 'CREATE TABLE `slow1` (`id` int);--> statement-breakpoint\nSELECT SLEEP(3);--> statement-breakpoint\nCREATE TABLE `slow2` (`id` int);');
    const config = { dialect: 'mysql', dbCredentials: { url: d.url }, out: folder };
    const killed = await runCli({
      config,
      onStdout: (out, child) => { if (out.includes(`… ${slow}`)) setTimeout(() => child.kill('SIGKILL'), 500); },
    });
    assert.equal(killed.signal, 'SIGKILL');
    const again = await runCli({ config });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /20260103000000_slow did not finish: 1 of its 3 statements ran outside a transaction and are committed; the run stopped \(killed or disconnected\) during statement 2/);
    assert.ok(!(await tables(d.client)).includes('slow2'));
    await d.client.query('CREATE TABLE `slow2` (`id` int)');
    const marked = await runCli({ config, flags: { markApplied: slow } });
    assert.equal(marked.code, 0, marked.stderr);
    assert.deepEqual((await recorded(d.client)).map(([n]) => n), [INIT, VIEWS, slow]);
    assert.equal((await runCli({ config })).code, 0);
    await d.client.end();
  });

  test('8 processes migrating one database at once: all exit 0, each migration recorded once', async () => {
    const d = await freshDb();
    const folder = copyFixture('mysql', tmp.dir, 'concurrent');
    for (let i = 3; i <= 6; i++) addMigration(folder, `2026010${i}000000_step${i}`, `CREATE TABLE \`t${i}\` (\`id\` int);--> statement-breakpoint\nINSERT INTO \`t${i}\` VALUES (${i});`);
    const config = { dialect: 'mysql', dbCredentials: { url: d.url }, out: folder };
    const runs = await Promise.all(Array.from({ length: 8 }, () => runCli({ config })));
    for (const r of runs) assert.equal(r.code, 0, r.stderr);
    const rows = await recorded(d.client);
    assert.equal(rows.length, 6);
    assert.ok(rows.every(([, n]) => n === 1), JSON.stringify(rows));
    for (let i = 3; i <= 6; i++) assert.equal(Number((await d.client.query(`SELECT count(*) AS n FROM \`t${i}\``))[0][0].n), 1);
    await d.client.end();
  });
});
