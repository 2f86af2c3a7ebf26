// sleet migrate on the Postgres server (pg and postgres.js), one throwaway database per test:
// interop with drizzle-orm's node-postgres migrator, 16 concurrent processes, a killed run, masking.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate as drizzleMigrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import postgres from 'postgres';

import { migrate } from '../../js/migrate.js';
import { addMigration, copyFixture, runCli, scratch, throwawayPostgres } from './support/migrate.js';

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
  const d = await throwawayPostgres();
  dbs.push(d);
  const client = new pg.Client({ connectionString: d.url });
  await client.connect();
  return { ...d, client };
}

const recorded = async (client) => (await client.query('SELECT name, count(*)::int AS n FROM drizzle.__drizzle_migrations GROUP BY name ORDER BY name')).rows;

describe('migrate on a Postgres server', () => {
  test('pg Pool: fresh apply, re-run no-op, out-of-order, interop with drizzle-orm both ways', async () => {
    const d = await freshDb();
    const folder = copyFixture('pg', tmp.dir, 'pg-pool');
    const pool = new pg.Pool({ connectionString: d.url, max: 3 });
    try {
      assert.equal((await migrate(drizzle({ client: pool }), { migrationsFolder: folder })).applied.length, 2);
      assert.equal((await migrate(pool, { migrationsFolder: folder })).applied.length, 0);
      await drizzleMigrate(drizzle({ client: pool }), { migrationsFolder: folder });
      addMigration(folder, '20260101120000_branch', 'CREATE TABLE "from_branch" ("id" integer);');
      assert.deepEqual((await migrate(pool, { migrationsFolder: folder })).applied.map((a) => a.name), ['20260101120000_branch']);
      assert.deepEqual(await recorded(d.client), [{ name: INIT, n: 1 }, { name: '20260101120000_branch', n: 1 }, { name: VIEWS, n: 1 }]);
      // Every client sleet borrowed from the pool went back to it: none checked out, none waited for.
      assert.equal(pool.waitingCount, 0, 'nothing waits for a client');
      assert.equal(pool.idleCount, pool.totalCount, 'every borrowed client was released');
      // drizzle-orm first, sleet second.
      const other = await freshDb();
      const drizzleFolder = copyFixture('pg', tmp.dir, 'pg-drizzle-first');
      await drizzleMigrate(drizzle({ client: other.client }), { migrationsFolder: drizzleFolder });
      const result = await migrate(other.client, { migrationsFolder: drizzleFolder });
      assert.deepEqual(result.applied, []);
      assert.deepEqual(result.migrations.map((m) => m.state), ['applied', 'applied']);
      await other.client.end();
    } finally {
      await pool.end();
      await d.client.end();
    }
  });

  test('postgres.js: fresh apply and a failing statement mid-migration leaves that migration out', async () => {
    const d = await freshDb();
    const folder = copyFixture('pg', tmp.dir, 'postgres-js');
    addMigration(folder, '20260103000000_bad', 'CREATE TABLE "half" ("id" integer);--> statement-breakpoint\nINSERT INTO "half" VALUES (1);--> statement-breakpoint\nSELECT 1/0;');
    const sql = postgres(d.url, { max: 2, onnotice: () => {} });
    try {
      await assert.rejects(migrate(sql, { migrationsFolder: folder }), (err) => err.code === 'migration_failed' && err.details.statement === 3 && /division by zero/.test(err.message));
      assert.deepEqual((await recorded(d.client)).map((r) => r.name), [INIT, VIEWS]);
      assert.equal((await d.client.query("SELECT to_regclass('public.half') AS t")).rows[0].t, null);
    } finally {
      await sql.end();
      await d.client.end();
    }
  });

  test('16 processes migrating one database at once: all exit 0, each migration recorded once', async () => {
    const d = await freshDb();
    const folder = copyFixture('pg', tmp.dir, 'concurrent');
    for (let i = 3; i <= 8; i++) addMigration(folder, `2026010${i}000000_step${i}`, `CREATE TABLE "t${i}" ("id" integer);--> statement-breakpoint\nINSERT INTO "t${i}" VALUES (${i});`);
    const config = { dialect: 'postgresql', dbCredentials: { url: d.url }, out: folder };
    const runs = await Promise.all(Array.from({ length: 16 }, () => runCli({ config })));
    for (const r of runs) assert.equal(r.code, 0, r.stderr);
    const rows = await recorded(d.client);
    assert.equal(rows.length, 8);
    assert.ok(rows.every((r) => r.n === 1), JSON.stringify(rows));
    for (let i = 3; i <= 8; i++) assert.equal((await d.client.query(`SELECT count(*)::int AS n FROM "t${i}"`)).rows[0].n, 1);
    assert.equal(runs.filter((r) => /✓ 20260108000000_step8/.test(r.stdout)).length, 1, 'exactly one process applied the last migration');
    await d.client.end();
  });

  test('a process killed during a migration leaves nothing of it; the re-run applies it', async () => {
    const d = await freshDb();
    const folder = copyFixture('pg', tmp.dir, 'killed');
    addMigration(folder, '20260103000000_slow', 'CREATE TABLE "slow" ("id" integer);--> statement-breakpoint\nSELECT pg_sleep(3);');
    const config = { dialect: 'postgresql', dbCredentials: { url: d.url }, out: folder };
    const killed = await runCli({
      config,
      onStdout: (out, child) => { if (out.includes('… 20260103000000_slow')) setTimeout(() => child.kill('SIGKILL'), 300); },
    });
    assert.equal(killed.signal, 'SIGKILL');
    assert.deepEqual((await recorded(d.client)).map((r) => r.name), [INIT, VIEWS]);
    assert.equal((await d.client.query("SELECT to_regclass('public.slow') AS t")).rows[0].t, null);
    addMigration(folder, '20260103000000_slow', 'CREATE TABLE "slow" ("id" integer);');
    const rerun = await runCli({ config });
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.match(rerun.stdout, /✓ 20260103000000_slow/);
    await d.client.end();
  });

  test('connection errors never print the password', async () => {
    const config = { dialect: 'postgresql', dbCredentials: { url: 'postgres://someone:hunter2secret@127.0.0.1:1/nowhere' }, out: join(tmp.dir, 'none') };
    const r = await runCli({ config, flags: { output: 'json' } });
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.stdout + r.stderr, /hunter2secret/);
    assert.match(JSON.parse(r.stdout).error.message, /cannot connect \(pg postgres:\/\/someone:\*\*\*\*@127\.0\.0\.1:1\/nowhere\)/);
  });
});
