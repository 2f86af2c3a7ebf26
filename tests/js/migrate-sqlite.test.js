// sleet migrate on SQLite files through @libsql/client and better-sqlite3 (when installed):
// interop with drizzle-orm's migrators, the 0.31 upgrade (NULL ids), table rebuilds that keep
// ON DELETE CASCADE children, the foreign-key check, a killed run, and 8 concurrent processes.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate as drizzleMigrate } from 'drizzle-orm/libsql/migrator';

import { migrate } from '../../js/migrate.js';
import { addMigration, copyFixture, runCli, scratch } from './support/migrate.js';

const INIT = '20260101000000_init';
const REBUILD = '20260102000000_rebuild';

let tmp;
let n = 0;
/** @type {any[]} */
const clients = [];
before(() => { tmp = scratch(); });
after(() => {
  for (const c of clients) c.close();
  tmp.cleanup();
});

function freshFile() {
  const file = join(tmp.dir, `db${++n}.sqlite`);
  const client = createClient({ url: `file:${file}` });
  clients.push(client);
  return { file, client };
}

const all = async (c, sql) => (await c.execute(sql)).rows.map((r) => ({ ...r }));
const names = async (c) => (await all(c, 'SELECT name FROM __drizzle_migrations ORDER BY id')).map((r) => r.name);
const sha = (file) => createHash('sha256').update(readFileSync(file).toString()).digest('hex');

/** Users with posts that cascade on delete: what a careless rebuild would wipe out. */
async function seedWithChildren(c) {
  await c.executeMultiple("INSERT INTO users (id, name) VALUES (1, 'ada'), (2, 'bob'); INSERT INTO posts (id, user_id, title) VALUES (1, 1, 'a'), (2, 1, 'b'), (3, 2, 'c');");
}

const DROPS_A_PARENT = 'PRAGMA foreign_keys=OFF;--> statement-breakpoint\nCREATE TABLE `__new_users` (`id` integer PRIMARY KEY, `name` text, `age` integer DEFAULT 0 NOT NULL);\n--> statement-breakpoint\nINSERT INTO `__new_users`(`id`, `name`) SELECT `id`, `name` FROM `users` WHERE `id` > 1;--> statement-breakpoint\nDROP TABLE `users`;--> statement-breakpoint\nALTER TABLE `__new_users` RENAME TO `users`;--> statement-breakpoint\nPRAGMA foreign_keys=ON;';

describe('migrate on SQLite (@libsql/client)', () => {
  test('fresh apply, re-run no-op, out-of-order, interop with drizzle-orm both ways', async () => {
    const { client } = freshFile();
    const folder = copyFixture('sqlite', tmp.dir, 'basic');
    assert.equal((await migrate(drizzle({ client }), { migrationsFolder: folder })).applied.length, 2);
    assert.equal((await migrate(client, { migrationsFolder: folder })).applied.length, 0);
    await drizzleMigrate(drizzle({ client }), { migrationsFolder: folder });
    const [row] = await all(client, `SELECT id, hash, created_at, applied_at FROM __drizzle_migrations WHERE name = '${INIT}'`);
    assert.equal(row.id, 1);
    assert.equal(row.hash, sha(join(folder, INIT, 'migration.sql')));
    assert.equal(row.created_at, Date.UTC(2026, 0, 1));
    assert.match(row.applied_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, 'the shape of new Date().toISOString()');
    addMigration(folder, '20260101120000_branch', 'CREATE TABLE `from_branch` (`id` integer);');
    assert.deepEqual((await migrate(client, { migrationsFolder: folder })).applied.map((a) => a.name), ['20260101120000_branch']);
    assert.deepEqual(await names(client), [INIT, REBUILD, '20260101120000_branch']);

    const other = freshFile();
    const drizzleFolder = copyFixture('sqlite', tmp.dir, 'drizzle-first');
    await drizzleMigrate(drizzle({ client: other.client }), { migrationsFolder: drizzleFolder });
    const result = await migrate(other.client, { migrationsFolder: drizzleFolder });
    assert.deepEqual(result.migrations.map((m) => m.state), ['applied', 'applied']);
    assert.deepEqual(result.applied, []);
  });

  test('a file with a BOM and bytes that are not UTF-8 is recorded with drizzle-orm\'s hash; an edit of it is still refused', async () => {
    const { client } = freshFile();
    const folder = copyFixture('sqlite', tmp.dir, 'undecodable');
    const odd = '20260103000000_odd';
    const file = join(folder, odd, 'migration.sql');
    // drizzle-orm hashes `readFileSync(file).toString()`: the BOM kept, each invalid byte one U+FFFD.
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('-- caf'), Buffer.from([0xe9, 0xff, 0x20, 0xc3]), Buffer.from('\nSELECT 1;\n')]);
    addMigration(folder, odd, bytes);
    await migrate(client, { migrationsFolder: folder, markApplied: odd });
    assert.equal((await all(client, `SELECT hash FROM __drizzle_migrations WHERE name = '${odd}'`))[0].hash, sha(file));
    assert.deepEqual((await migrate(client, { migrationsFolder: folder, status: true })).migrations.map((m) => m.state), ['applied', 'applied', 'applied']);
    writeFileSync(file, Buffer.concat([bytes, Buffer.from('-- edited\n')]));
    await assert.rejects(migrate(client, { migrationsFolder: folder }), (err) => err.code === 'migration_edited' && err.message.includes(`${odd}/migration.sql`));
    assert.deepEqual((await migrate(client, { migrationsFolder: folder, status: true })).migrations.map((m) => m.state), ['applied', 'applied', 'edited']);
  });

  test('the state read back as one JSON value: odd names, a row without a name, a row with no local migration', async () => {
    const { client } = freshFile();
    const folder = copyFixture('sqlite', tmp.dir, 'json-state');
    const odd = '20260103000000_quote\'"\\ é☕𝄞';
    addMigration(folder, odd, 'CREATE TABLE `odd` (`id` integer);');
    await migrate(client, { migrationsFolder: folder });
    const unnamed = '20260104000000_unnamed';
    addMigration(folder, unnamed, 'SELECT 1;');
    await client.execute({ sql: 'INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, 42), (?, 7.5)', args: [sha(join(folder, unnamed, 'migration.sql')), 'f'.repeat(64)] });
    await client.execute("INSERT INTO __drizzle_migrations (hash, created_at, name) VALUES ('feed', '1767225600000', '20250101000000_gone')");
    const status = await migrate(client, { migrationsFolder: folder, status: true });
    assert.deepEqual(status.migrations.map((m) => [m.name, m.state]), [
      [INIT, 'applied'], [REBUILD, 'applied'], [odd, 'applied'], [unnamed, 'applied'],
      ['20250101000000_gone', 'missing'], ['(row id 5, no name)', 'missing'],
    ]);
    assert.equal(status.migrations[4].recordedHash, 'feed');
    assert.ok(status.warnings.some((w) => w.includes(`a row without a name (id 4) records ${unnamed} by its hash`)), status.warnings.join('\n'));
  });

  test('a 0.31-era table (NULL ids) is upgraded in place exactly as drizzle-orm 1.0 upgrades it', async () => {
    const folder = copyFixture('sqlite', tmp.dir, 'legacy');
    const legacy = async (c) => {
      // drizzle-orm 0.45's DDL: SERIAL is no rowid alias, so ids stay NULL.
      await c.executeMultiple(`CREATE TABLE IF NOT EXISTS "__drizzle_migrations" ( id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric );
        INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('${sha(join(folder, INIT, 'migration.sql'))}', ${Date.UTC(2026, 0, 1) + 42});
        ${readFileSync(join(folder, INIT, 'migration.sql'), 'utf8').replaceAll('--> statement-breakpoint', '')}`);
    };
    const a = freshFile();
    await legacy(a.client);
    await drizzleMigrate(drizzle({ client: a.client }), { migrationsFolder: folder });
    const b = freshFile();
    await legacy(b.client);
    const result = await migrate(b.client, { migrationsFolder: folder });
    assert.deepEqual(result.applied.map((x) => x.name), [REBUILD]);
    const q = 'SELECT id, hash, created_at, name FROM __drizzle_migrations ORDER BY rowid';
    assert.deepEqual(await all(b.client, q), await all(a.client, q));
    assert.equal((await all(b.client, q))[0].id, null);
    assert.equal((await all(b.client, q))[0].name, INIT);
  });

  test('a table rebuild keeps the ON DELETE CASCADE children', async () => {
    const { client } = freshFile();
    const folder = copyFixture('sqlite', tmp.dir, 'cascade');
    await migrate(client, { migrationsFolder: folder, to: INIT });
    await seedWithChildren(client);
    const result = await migrate(client, { migrationsFolder: folder });
    assert.deepEqual(result.applied.map((a) => a.name), [REBUILD]);
    assert.equal((await all(client, 'SELECT count(*) AS n FROM posts'))[0].n, 3, 'no child row lost');
    assert.equal((await all(client, 'PRAGMA foreign_keys'))[0].foreign_keys, 1, 'foreign keys switched back on');
  });

  test('a rebuild that orphans child rows fails the foreign-key check and is rolled back', async () => {
    const { client } = freshFile();
    const folder = copyFixture('sqlite', tmp.dir, 'orphans');
    await migrate(client, { migrationsFolder: folder, to: INIT });
    await seedWithChildren(client);
    addMigration(folder, REBUILD, DROPS_A_PARENT);
    await assert.rejects(migrate(client, { migrationsFolder: folder }), (err) => err.code === 'foreign_key_violation' && /leaves 2 row\(s\) whose foreign key has no parent \(posts row \d → users/.test(err.message));
    assert.deepEqual(await names(client), [INIT]);
    assert.equal((await all(client, "SELECT count(*) AS n FROM sqlite_master WHERE name = '__new_users'"))[0].n, 0, 'rolled back');
    assert.equal((await all(client, 'SELECT count(*) AS n FROM users'))[0].n, 2);
  });

  test('a failing statement rolls back its own migration only', async () => {
    const { client } = freshFile();
    const folder = copyFixture('sqlite', tmp.dir, 'failing');
    addMigration(folder, '20260103000000_bad', 'CREATE TABLE `half` (`id` integer);--> statement-breakpoint\nALTER TABLE `nope` ADD `x` integer;');
    await assert.rejects(migrate(client, { migrationsFolder: folder }), (err) => err.code === 'migration_failed' && err.details.statement === 2 && /no such table: nope/.test(err.message));
    assert.deepEqual(await names(client), [INIT, REBUILD]);
    assert.equal((await all(client, "SELECT count(*) AS n FROM sqlite_master WHERE name = 'half'"))[0].n, 0);
  });

  test('a process killed during a migration leaves nothing of it; the re-run applies it', async () => {
    const { file, client } = freshFile();
    const folder = copyFixture('sqlite', tmp.dir, 'killed');
    const slow = '20260103000000_slow';
    addMigration(folder, slow, 'CREATE TABLE `slow` (`id` integer);--> statement-breakpoint\nWITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 40000000) SELECT count(*) FROM c;');
    const config = { dialect: 'sqlite', dbCredentials: { url: file }, out: folder };
    const killed = await runCli({
      config,
      onStdout: (out, child) => { if (out.includes(`… ${slow}`)) setTimeout(() => child.kill('SIGKILL'), 300); },
    });
    assert.equal(killed.signal, 'SIGKILL');
    assert.deepEqual(await names(client), [INIT, REBUILD]);
    assert.equal((await all(client, "SELECT count(*) AS n FROM sqlite_master WHERE name = 'slow'"))[0].n, 0);
    addMigration(folder, slow, 'CREATE TABLE `slow` (`id` integer);');
    const rerun = await runCli({ config });
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.deepEqual(await names(client), [INIT, REBUILD, slow]);
  });

  test('8 processes migrating one SQLite file at once: all exit 0, each migration recorded once', async () => {
    const { file, client } = freshFile();
    const folder = copyFixture('sqlite', tmp.dir, 'concurrent');
    for (let i = 3; i <= 6; i++) addMigration(folder, `2026010${i}000000_step${i}`, `CREATE TABLE \`t${i}\` (\`id\` integer);--> statement-breakpoint\nINSERT INTO \`t${i}\` VALUES (${i});`);
    const config = { dialect: 'sqlite', dbCredentials: { url: `file:${file}` }, out: folder };
    const runs = await Promise.all(Array.from({ length: 8 }, () => runCli({ config })));
    for (const r of runs) assert.equal(r.code, 0, r.stderr);
    const rows = await all(client, 'SELECT name, count(*) AS n FROM __drizzle_migrations GROUP BY name');
    assert.equal(rows.length, 6);
    assert.ok(rows.every((r) => r.n === 1), JSON.stringify(rows));
    for (let i = 3; i <= 6; i++) assert.equal((await all(client, `SELECT count(*) AS n FROM t${i}`))[0].n, 1);
  });
});

// better-sqlite3 is an optionalDependency (a native module that `npm ci` installs prebuilt or compiles).
// This is the only reproduction of drizzle-orm's cascade loss, so a failed import fails the test with
// its reason instead of skipping it.
let Database = null;
let loadError = null;
try {
  Database = (await import('better-sqlite3')).default;
} catch (err) {
  loadError = err;
}

describe('loading @libsql/client', () => {
  test('libsql gets its glibc answer without a diagnostic report, the same binary, and getReport back', () => {
    // A fresh process: libsql picks its binary once, when it first loads.
    const own = scratch();
    const script = `
      import { createRequire } from 'node:module';
      const require = createRequire(${JSON.stringify(join(process.cwd(), 'package.json'))});
      const real = process.report.getReport;
      let reports = 0;
      const counted = function () { reports++; return real.apply(this, arguments); };
      process.report.getReport = counted;
      const { connectFromConfig, withLibcAnswered } = await import(${JSON.stringify(new URL('../../js/drivers/index.js', import.meta.url).href)});
      const c = await connectFromConfig({ dialect: 'sqlite', dbCredentials: { url: ${JSON.stringify(join(own.dir, 'report.sqlite'))} } }, process.cwd());
      await c.close();
      const whileLoading = reports;
      const seen = await withLibcAnswered(async () => {
        const r = process.report.getReport();
        return { glibc: 'glibcVersionRuntime' in r.header, version: r.header.glibcVersionRuntime, node: r.header.nodejsVersion, keys: Object.keys(r).length };
      });
      const truth = real.call(process.report);
      const { currentTarget } = require(require.resolve('@neon-rs/load', { paths: [require.resolve('libsql')] }));
      const target = currentTarget();
      console.log(JSON.stringify({
        whileLoading, restored: process.report.getReport === counted, seen, target,
        truth: { glibc: 'glibcVersionRuntime' in truth.header, version: truth.header.glibcVersionRuntime, node: truth.header.nodejsVersion, keys: Object.keys(truth).length },
        binary: Object.keys(require.cache).some((f) => f.includes('/@libsql/' + target + '/')),
      }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    own.cleanup();
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    if (process.platform === 'linux') assert.equal(out.whileLoading, 0, 'no report was built while the driver loaded');
    assert.ok(out.restored, 'getReport is the one it was before');
    assert.deepEqual(out.seen, out.truth, 'the stand-in reads as the real report');
    assert.ok(out.binary, `libsql loaded @libsql/${out.target}, the binary its own detection picks`);
  });

  test('child_process is loaded only when used: not by loading libsql, and the stand-in works and is gone after', () => {
    const own = scratch();
    const script = `
      import { createRequire } from 'node:module';
      const require = createRequire(import.meta.url);
      const { connectFromConfig, withChildProcessDeferred } = await import(${JSON.stringify(new URL('../../js/drivers/index.js', import.meta.url).href)});
      const loaded = () => process.moduleLoadList.includes('NativeModule child_process');
      const c = await connectFromConfig({ dialect: 'sqlite', dbCredentials: { url: ${JSON.stringify(join(own.dir, 'lazy.sqlite'))} } }, process.cwd());
      const rows = (await c.client.execute('SELECT 1 AS one')).rows.length;
      c.close();
      const afterDriver = loaded();
      const used = await withChildProcessDeferred(async () => {
        const cp = require('child_process');
        const standIn = cp !== require('node:child_process');
        return { standIn, out: cp.execSync('echo sleet', { encoding: 'utf8' }).trim(), exec: typeof cp.exec };
      });
      console.log(JSON.stringify({ rows, afterDriver, used, loaded: loaded(), restored: require('child_process') === require('node:child_process') && !('child_process' in require.cache) }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: process.cwd() });
    own.cleanup();
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.rows, 1, 'the driver works');
    assert.equal(out.afterDriver, false, 'loading and using libsql did not load child_process');
    assert.deepEqual(out.used, { standIn: true, out: 'sleet', exec: 'function' }, 'the stand-in loads the real module when used');
    assert.equal(out.loaded, true);
    assert.ok(out.restored, 'require.cache is as it was');
  });
});

describe('migrate on SQLite (better-sqlite3)', () => {
  test('fresh apply, re-run, interop with drizzle-orm, and the rebuild keeps children where drizzle-orm loses them', async () => {
    assert.ok(Database, `better-sqlite3 failed to load (${loadError?.message}): run \`npm ci\` (or \`npm rebuild better-sqlite3\`)`);
    const { drizzle: drizzleBsq } = await import('drizzle-orm/better-sqlite3');
    const { migrate: drizzleMigrateBsq } = await import('drizzle-orm/better-sqlite3/migrator');
    const folder = copyFixture('sqlite', tmp.dir, 'bsq');
    const ours = new Database(join(tmp.dir, 'bsq-sleet.sqlite'));
    const theirs = new Database(join(tmp.dir, 'bsq-drizzle.sqlite'));
    try {
      for (const db of [ours, theirs]) {
        await migrate(db, { migrationsFolder: folder, to: INIT });
        db.exec("INSERT INTO users (id, name) VALUES (1, 'ada'); INSERT INTO posts (id, user_id) VALUES (1, 1), (2, 1);");
      }
      assert.deepEqual((await migrate(drizzleBsq({ client: ours }), { migrationsFolder: folder })).applied.map((a) => a.name), [REBUILD]);
      assert.equal(ours.prepare('SELECT count(*) AS n FROM posts').get().n, 2, 'sleet keeps the children');
      // drizzle-orm's migrator wraps the rebuild in BEGIN, where PRAGMA foreign_keys=OFF is ignored.
      drizzleMigrateBsq(drizzleBsq({ client: theirs }), { migrationsFolder: folder });
      assert.equal(theirs.prepare('SELECT count(*) AS n FROM posts').get().n, 0, 'drizzle-orm 1.0.0-rc.5 cascades the delete');
      // Both databases now agree on what is applied.
      assert.deepEqual((await migrate(theirs, { migrationsFolder: folder })).applied, []);
      drizzleMigrateBsq(drizzleBsq({ client: ours }), { migrationsFolder: folder });
      assert.equal(ours.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get().n, 2);
    } finally {
      ours.close();
      theirs.close();
    }
  });
});
