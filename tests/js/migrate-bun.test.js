// sleet migrate under Bun with bun:sqlite: the API on a Database, and the CLI choosing bun:sqlite
// from the config, 8 Bun processes at once on one file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { addMigration, copyFixture, ROOT, runCli, scratch } from './support/migrate.js';

const BUN = join(ROOT, 'node_modules', '.bin', 'bun');
let tmp;
before(() => { tmp = scratch(); });
after(() => tmp.cleanup());

describe('migrate under Bun (bun:sqlite)', { skip: existsSync(BUN) ? false : 'bun is not installed' }, () => {
  test('the API applies, keeps cascade children through a rebuild, and re-runs as a no-op', () => {
    const folder = copyFixture('sqlite', tmp.dir, 'api');
    const r = spawnSync(BUN, [join(ROOT, 'tests', 'js', 'support', 'migrate-bun-check.mjs'), folder, join(tmp.dir, 'api.sqlite')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1));
    assert.equal(out.driver, 'bun:sqlite');
    assert.deepEqual(out.first, ['20260101000000_init']);
    assert.deepEqual(out.second, ['20260102000000_rebuild']);
    assert.equal(out.again, 0);
    assert.equal(out.posts, 2, 'no child row lost');
    assert.equal(out.foreignKeys, 1);
    assert.deepEqual(out.rows, [
      { id: 1, name: '20260101000000_init', created_at: Date.UTC(2026, 0, 1) },
      { id: 2, name: '20260102000000_rebuild', created_at: Date.UTC(2026, 0, 2) },
    ]);
  });

  test('8 Bun processes running the CLI on one file: all exit 0, each migration recorded once', async () => {
    const folder = copyFixture('sqlite', tmp.dir, 'cli');
    for (let i = 3; i <= 5; i++) addMigration(folder, `2026010${i}000000_step${i}`, `CREATE TABLE \`t${i}\` (\`id\` integer);`);
    const file = join(tmp.dir, 'cli.sqlite');
    const config = { dialect: 'sqlite', dbCredentials: { url: file }, out: folder };
    const runs = await Promise.all(Array.from({ length: 8 }, () => runCli({ config, runtime: BUN })));
    for (const r of runs) assert.equal(r.code, 0, r.stderr);
    assert.ok(runs.some((r) => /bun:sqlite/.test(r.stdout)), runs[0].stdout);
    const status = await runCli({ config, runtime: BUN, flags: { status: true, output: 'json' } });
    const parsed = JSON.parse(status.stdout);
    assert.equal(parsed.driver, 'bun:sqlite');
    assert.deepEqual(parsed.migrations.map((m) => m.state), Array(5).fill('applied'));
    const check = spawnSync(BUN, ['-e', `const { Database } = require('bun:sqlite'); const db = new Database(${JSON.stringify(file)}); console.log(JSON.stringify(db.prepare('SELECT name, count(*) AS n FROM __drizzle_migrations GROUP BY name').all()))`], { encoding: 'utf8' });
    const rows = JSON.parse(check.stdout);
    assert.equal(rows.length, 5);
    assert.ok(rows.every((r) => r.n === 1));
  });
});
