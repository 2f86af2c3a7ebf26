// Casing on MySQL, differentially against drizzle-kit 1.0.0-rc.5. drizzle-orm 1.0 names key-named
// columns when the table is defined (`snakeCase.table`, `camelCase.table`); rc.5's generate does not
// read the config's `casing` (its MySQL serializer takes no casing), so neither does sleet. The
// fixture (tests/fixtures/casing/mysql/01.ts, 02.ts) uses both table casings and plain keys, in
// primary keys, foreign keys, uniques, indexes, checks, a generated column and a view, beside an
// explicit name casing must leave alone. For config `casing` `snake_case`, `camelCase` and none:
//   1. both CLIs generate both steps: migration.sql byte-identical, snapshot rows identical;
//   2. each tool finds nothing to do on the other's folder;
//   3. sleet's SQL applies to a fresh MariaDB database.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import { makeProject, newestFile, rc5Cli, run, sleetCli, splitStatements } from './support/generate-diff.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = path.join(root, 'tests/fixtures/casing/mysql');
const steps = fs.readdirSync(fixture).filter((f) => /^\d+\.ts$/.test(f)).sort();
const SERVER = { host: '127.0.0.1', port: 3306, user: 'root' };
const databases = [];

after(async () => {
  const admin = await mysql.createConnection(SERVER);
  for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.end();
});

function snapshotRows(dir) {
  const snap = JSON.parse(newestFile(dir, 'snapshot.json'));
  return snap.ddl.map((r) => JSON.stringify(r)).sort();
}

describe('mysql casing: sleet generate vs rc.5', () => {
  for (const casing of ['snake_case', 'camelCase', undefined]) {
    test(`casing ${casing ?? '(none)'}`, async () => {
      const config = `export default ${JSON.stringify({ dialect: 'mysql', schema: './schema.ts', out: './drizzle', ...(casing ? { casing } : {}) })};\n`;
      const rc5 = makeProject('mysql-casing-rc5', config);
      const ours = makeProject('mysql-casing-sleet', config);
      const applied = [];
      for (const [i, step] of steps.entries()) {
        for (const p of [rc5, ours]) fs.copyFileSync(path.join(fixture, step), path.join(p, 'schema.ts'));
        const args = ['generate', '--name', `s${i + 1}`, '--output', 'json'];
        const theirs = run(rc5Cli, rc5, args);
        const mine = run(sleetCli, ours, args);
        assert.equal(theirs.envelope.status, 'ok', `rc.5 step ${step}: ${JSON.stringify(theirs.envelope)} ${theirs.stderr}`);
        assert.equal(mine.envelope.status, 'ok', `sleet step ${step}: ${JSON.stringify(mine.envelope)} ${mine.stderr}`);
        const sql = newestFile(ours, 'migration.sql');
        assert.equal(sql, newestFile(rc5, 'migration.sql'), `step ${step}: migration.sql`);
        assert.deepEqual(snapshotRows(ours), snapshotRows(rc5), `step ${step}: snapshot rows`);
        applied.push(...splitStatements(sql));
      }
      const all = applied.join('\n');
      assert.match(all, /`login_count`/, 'snakeCase.table names key-named columns in snake case');
      assert.match(all, /`tagName`/, 'camelCase.table names key-named columns in camel case');
      assert.match(all, /`Display_Name`/, 'an explicit name is kept');
      for (const [who, cli, dir] of [['rc.5 on sleet\'s folder', rc5Cli, ours], ['sleet on rc.5\'s folder', sleetCli, rc5]]) {
        const r = run(cli, dir, ['generate', '--output', 'json']);
        assert.equal(r.envelope.status, 'no_changes', `${who}: ${JSON.stringify(r.envelope).slice(0, 800)} ${r.stderr}`);
      }

      const name = `mysqlpull_casing_${(casing ?? 'none').replace(/\W/g, '')}_${process.pid}`;
      const admin = await mysql.createConnection(SERVER);
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.query(`CREATE DATABASE \`${name}\``);
      await admin.end();
      databases.push(name);
      const c = await mysql.createConnection({ ...SERVER, database: name });
      try {
        for (const s of applied) {
          try {
            await c.query(s);
          } catch (e) {
            assert.fail(`on MariaDB: ${e.message}\n${s}`);
          }
        }
      } finally {
        await c.end();
      }
      fs.rmSync(rc5, { recursive: true, force: true });
      fs.rmSync(ours, { recursive: true, force: true });
    });
  }
});
