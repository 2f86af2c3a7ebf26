// `sleet pull` on MariaDB, end to end through the CLI, against real databases (one per scenario,
// named with the pid):
//   1. every scenario in tests/scenarios/mysql, its database built by sleet's own migrations
//      (`sleet generate` per step, `sleet migrate`, rows in every table): the pulled schema.ts pushed
//      against that database plans nothing, and `sleet generate` on the pulled folder finds nothing to
//      do (pull's snapshot is its schema.ts); the migrations table is not pulled;
//   2. `--init` records the baseline without running it: `sleet migrate` then applies nothing and a
//      later `generate` writes only the new change, which migrates; its refusals write nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import mysql from 'mysql2/promise';
import { listScenarios, newestFile, root, sleetCli, splitStatements } from './support/generate-diff.js';
import { insertRows, q } from './support/mysql-rows.js';

const SERVER = { host: '127.0.0.1', port: 3306, user: 'root' };
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sleet-mysqlpull-'));
const databases = [];

after(async () => {
  const admin = await mysql.createConnection(SERVER);
  for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${q(name)}`);
  await admin.end();
  fs.rmSync(work, { recursive: true, force: true });
});

async function freshDatabase(label) {
  const name = `mysqlpull_${label.replace(/\W/g, '_').slice(0, 30)}_${process.pid}_${databases.length}`;
  const admin = await mysql.createConnection(SERVER);
  await admin.query(`DROP DATABASE IF EXISTS ${q(name)}`);
  await admin.query(`CREATE DATABASE ${q(name)}`);
  await admin.end();
  databases.push(name);
  return { name, url: `mysql://root@127.0.0.1:3306/${name}`, c: await mysql.createConnection({ ...SERVER, database: name, multipleStatements: true }) };
}

function project(label, url, schema = './schema.ts') {
  const dir = fs.mkdtempSync(path.join(work, `${label.replace(/\W/g, '_')}-`));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, 'drizzle.config.json'), JSON.stringify({ dialect: 'mysql', schema, out: './drizzle', dbCredentials: { url } }));
  return dir;
}

function run(dir, args) {
  const r = spawnSync(sleetCli, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  let json;
  try {
    json = JSON.parse(r.stdout.trim().split('\n').pop() ?? '');
  } catch {
    json = undefined;
  }
  return { code: r.status, json, text: r.stdout + r.stderr };
}

const read = (dir, file) => fs.readFileSync(path.resolve(dir, file), 'utf8');

describe('pull round trips every scenario on MariaDB', () => {
  const scenarios = listScenarios('mysql');
  test('there are scenarios', () => assert.ok(scenarios.length >= 25, `${scenarios.length} scenarios`));
  for (const { name: scenario, steps } of scenarios) {
    test(scenario, async () => {
      const db = await freshDatabase(scenario);
      try {
        const built = project(`${scenario}-built`, db.url);
        const counter = { n: 1 };
        for (const { file, step, hints } of steps) {
          fs.copyFileSync(file, path.join(built, 'schema.ts'));
          const gen = run(built, ['generate', '--name', `s${step}`, '--output', 'json', ...(hints.length ? ['--hints', JSON.stringify(hints)] : [])]);
          assert.equal(gen.code, 0, `${scenario}/${step} generate: ${gen.text}`);
          const m = run(built, ['migrate', '--output', 'json']);
          assert.equal(m.code, 0, `${scenario}/${step} migrate: ${m.text}`);
          await insertRows(db.c, counter);
        }
        const pulled = project(`${scenario}-pulled`, db.url, './drizzle/schema.ts');
        const p = run(pulled, ['pull', '--output', 'json']);
        assert.equal(p.code, 0, `pull: ${p.text}`);
        const schemaTs = read(pulled, p.json.schemaPath);
        assert.ok(!schemaTs.includes('__drizzle_migrations'), 'the migrations table is not pulled');
        assert.ok(fs.existsSync(path.join(pulled, 'drizzle', 'relations.ts')), 'relations.ts is written');
        if (scenario === '29_charset_collation') {
          // Character sets and collations other than the database's are declared, not left as TODOs.
          assert.match(schemaTs, /e: char\(\{ length: 3 \}\)\.charSet\("latin1"\)\.collate\("latin1_bin"\)/, schemaTs);
          assert.match(schemaTs, /d: mysqlEnum\(\["x", "y"\]\)\.charSet\("ascii"\)\.collate\("ascii_general_ci"\)/, schemaTs);
          assert.doesNotMatch(schemaTs, /TODO/, schemaTs);
        }
        const push = run(pulled, ['push', '--explain', '--output', 'json']);
        assert.deepEqual(push.json, { status: 'no_changes', dialect: 'mysql' }, `push of the pulled schema:\n${schemaTs}\n${push.text.slice(0, 3000)}`);
        const gen = run(pulled, ['generate', '--explain', '--output', 'json']);
        assert.equal(gen.json?.status, 'no_changes', `generate against pull's own snapshot:\n${schemaTs}\n${gen.text.slice(0, 3000)}`);
      } finally {
        await db.c.end();
      }
    });
  }
});

describe('pull --init (mysql)', () => {
  test('records the baseline without running it; later changes migrate on top; refusals write nothing', async () => {
    const [{ steps }] = listScenarios('mysql').filter((s) => s.steps.length >= 2);
    const db = await freshDatabase('init');
    try {
      // A database made by hand (no bookkeeping): the first step's SQL applied directly.
      const maker = project('init-maker', db.url);
      fs.copyFileSync(steps[0].file, path.join(maker, 'schema.ts'));
      assert.equal(run(maker, ['generate', '--name', 'first']).code, 0);
      for (const s of splitStatements(newestFile(maker, 'migration.sql'))) await db.c.query(s);

      const dir = project('init', db.url, './drizzle/schema.ts');
      const r = run(dir, ['pull', '--init', '--output', 'json']);
      assert.equal(r.code, 0, r.text);
      const [[{ n }]] = await db.c.query('SELECT count(*) AS n FROM `__drizzle_migrations`');
      assert.equal(Number(n), 1, 'the baseline is recorded');
      const m = run(dir, ['migrate', '--output', 'json']);
      assert.equal(m.code, 0, m.text);
      assert.deepEqual(m.json?.applied ?? [], [], `nothing to apply after --init: ${m.text}`);

      // A later change generates and migrates on top of the baseline.
      fs.appendFileSync(path.join(dir, 'drizzle', 'schema.ts'), "\nimport { mysqlTable as addedTable, int as addedInt } from 'drizzle-orm/mysql-core';\nexport const added = addedTable('added_after_init', { id: addedInt('id').primaryKey() });\n");
      const g = run(dir, ['generate', '--name', 'after', '--output', 'json']);
      assert.equal(g.code, 0, g.text);
      assert.match(newestFile(dir, 'migration.sql'), /CREATE TABLE `added_after_init`/);
      assert.doesNotMatch(newestFile(dir, 'migration.sql'), new RegExp(`CREATE TABLE (?!\`added_after_init\`)`), 'only the new change');
      assert.equal(run(dir, ['migrate']).code, 0);
      assert.deepEqual(run(dir, ['push', '--explain', '--output', 'json']).json, { status: 'no_changes', dialect: 'mysql' });

      // Refused: --init into a folder with migrations, and against a database with migration rows.
      const again = run(dir, ['pull', '--init', '--output', 'json']);
      assert.equal(again.code, 1, again.text);
      const other = project('init-other', db.url, './drizzle/schema.ts');
      const refused = run(other, ['pull', '--init', '--output', 'json']);
      assert.equal(refused.code, 1, refused.text);
      assert.equal(fs.existsSync(path.join(other, 'drizzle')), false, 'nothing written');
    } finally {
      await db.c.end();
    }
  });
});
