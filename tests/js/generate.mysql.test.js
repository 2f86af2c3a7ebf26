// Differential test of `sleet generate` on MySQL against drizzle-kit 1.0.0-rc.5, end to end through
// both CLIs. For every scenario in tests/scenarios/mysql/<name>/ (steps 01.ts, 02.ts, …):
//   1. both tools generate each step into their own folder; migration.sql must be byte-identical
//      (or differ by exactly the statements DELIBERATE lists, docs/differences.md);
//   2. each step's snapshot.json holds the same rows as rc.5's (ids masked);
//   3. rc.5 finds no changes on sleet's folder, and sleet none on rc.5's; both `check`s pass both;
//   4. sleet's SQL applies step by step to a fresh MariaDB database, with a row inserted into every
//      table after every step: no step fails and no step loses a row of a table it keeps.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import mysql from 'mysql2/promise';
import { DELIBERATE } from './mysql-scenarios.js';
import { insertRows, rowCounts } from './support/mysql-rows.js';
import { listScenarios, makeProject, newestFile, rc5Cli, run, sleetCli, splitStatements } from './support/generate-diff.js';

const CONFIG = `export default { dialect: 'mysql', schema: './schema.ts', out: './drizzle' };\n`;
const SERVER = { host: '127.0.0.1', port: 3306, user: 'root' };
const scenarios = listScenarios('mysql');
const databases = [];

after(async () => {
  const admin = await mysql.createConnection(SERVER);
  for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.end();
});

/** A fresh database on the shared MariaDB server, dropped after the run. */
async function freshDatabase(label) {
  const name = `mysql_${label.replace(/\W/g, '_')}_${process.pid}_${Date.now() % 100000}`.slice(0, 64);
  const admin = await mysql.createConnection(SERVER);
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.query(`CREATE DATABASE \`${name}\``);
  await admin.end();
  databases.push(name);
  return mysql.createConnection({ ...SERVER, database: name });
}

/** The newest snapshot.json with its ids masked and its rows in a canonical order. */
function snapshotRows(dir) {
  const snap = JSON.parse(newestFile(dir, 'snapshot.json'));
  delete snap.id;
  delete snap.prevIds;
  snap.ddl = snap.ddl.map((r) => JSON.stringify(r)).sort();
  return snap;
}

test('there are scenarios to run', () => {
  assert.ok(scenarios.length >= 20, `expected at least 20 scenarios in tests/scenarios/mysql, found ${scenarios.length}`);
});

describe('sleet generate (mysql) vs drizzle-kit 1.0.0-rc.5', () => {
  for (const { name: scenario, steps } of scenarios) {
    test(scenario, async () => {
      const rc5 = makeProject('mysql-rc5', CONFIG);
      const ours = makeProject('mysql-sleet', CONFIG);
      const applied = [];
      // Where rc.5 misses a change, its folder lags behind the schema: sleet rightly sees the change.
      let rc5Missed = false;
      for (const { file, step: k, hints } of steps) {
        const hintArgs = hints.length ? ['--hints', JSON.stringify(hints)] : [];
        for (const p of [rc5, ours]) fs.copyFileSync(file, path.join(p, 'schema.ts'));
        const args = ['generate', '--name', `s${k}`, '--output', 'json', ...hintArgs];
        const theirs = run(rc5Cli, rc5, args);
        const mine = run(sleetCli, ours, args);
        const known = DELIBERATE[`${scenario}/${k}`];
        const expectedStatus = known?.theirStatus ? 'ok' : theirs.envelope.status;
        if (known?.theirStatus) {
          assert.equal(theirs.envelope.status, known.theirStatus, `${scenario} step ${k}: rc.5 status`);
          rc5Missed = true;
        }
        assert.equal(mine.envelope.status, expectedStatus, `${scenario} step ${k}: status (sleet stderr: ${mine.stderr}; sleet: ${JSON.stringify(mine.envelope)}; rc.5: ${JSON.stringify(theirs.envelope)})`);
        if (mine.envelope.status !== 'ok') continue;
        const actual = newestFile(ours, 'migration.sql');
        const theirSql = theirs.envelope.status === 'ok' ? newestFile(rc5, 'migration.sql') : '';
        if (known) {
          const mineStmts = splitStatements(actual);
          const theirStmts = splitStatements(theirSql);
          const onlyOurs = mineStmts.filter((x) => !theirStmts.includes(x));
          const onlyTheirs = theirStmts.filter((x) => !mineStmts.includes(x));
          assert.deepEqual({ onlyOurs, onlyTheirs }, { onlyOurs: known.onlyOurs, onlyTheirs: known.onlyTheirs }, `${scenario} step ${k}: ${known.reason}`);
        } else {
          assert.equal(actual, theirSql, `${scenario} step ${k}: migration.sql differs`);
        }
        if (theirs.envelope.status === 'ok') assert.deepEqual(snapshotRows(ours), snapshotRows(rc5), `${scenario} step ${k}: snapshot.json rows differ`);
        applied.push({ step: k, statements: splitStatements(actual) });
      }

      // Each tool reads the other's folder and finds nothing to do; both checks pass both folders.
      for (const [who, cli, dir] of [['rc.5 on sleet\'s folder', rc5Cli, ours], ['sleet on rc.5\'s folder', sleetCli, rc5]]) {
        const r = run(cli, dir, ['generate', '--explain', '--output', 'json']);
        if (!(rc5Missed && cli === sleetCli)) assert.equal(r.envelope.status, 'no_changes', `${scenario}: ${who}: ${JSON.stringify(r.envelope).slice(0, 800)} ${r.stderr}`);
        const checked = run(cli, dir, ['check', '--output', 'json']).envelope;
        if (rc5Missed && cli === sleetCli) {
          assert.deepEqual(checked.warnings?.map((w) => w.kind), ['schema_changed'], `${scenario}: sleet check sees the change rc.5 missed`);
          delete checked.warnings;
        }
        assert.deepEqual(checked, { status: 'ok', dialect: 'mysql' }, `${scenario}: check, ${who}`);
      }

      // Every step applies to a fresh MariaDB database with rows in the tables.
      const c = await freshDatabase(scenario);
      const counter = { n: 1 };
      try {
        for (const { step, statements } of applied) {
          const before = await rowCounts(c);
          for (const s of statements) {
            try {
              await c.query(s);
            } catch (e) {
              assert.fail(`${scenario} step ${step} on MariaDB: ${e.message}\n${s}`);
            }
          }
          const afterStep = await rowCounts(c);
          for (const [table, n] of Object.entries(before)) {
            if (table in afterStep) assert.equal(afterStep[table], n, `${scenario} step ${step}: table ${table} had ${n} rows, has ${afterStep[table]}`);
          }
          await insertRows(c, counter);
        }
        const total = Object.values(await rowCounts(c)).reduce((a, b) => a + b, 0);
        assert.ok(total > 0, `${scenario}: no rows were ever in the tables`);
      } finally {
        await c.end();
      }
      fs.rmSync(rc5, { recursive: true, force: true });
      fs.rmSync(ours, { recursive: true, force: true });
    });
  }
});

describe('mysql: where rc.5 is wrong, on MariaDB', () => {
  /** Each step of a scenario generated by `cli`, applied to a fresh database: the first failure, and the connection. */
  async function generateAndApply(cli, label, scenario) {
    const { steps } = scenarios.find((s) => s.name === scenario);
    const dir = makeProject(label, CONFIG);
    const c = await freshDatabase(`${label}_${scenario}`);
    let failed = null;
    try {
      for (const { file, step, hints } of steps) {
        fs.copyFileSync(file, path.join(dir, 'schema.ts'));
        const r = run(cli, dir, ['generate', '--name', `s${step}`, '--output', 'json', ...(hints.length ? ['--hints', JSON.stringify(hints)] : [])]);
        if (r.envelope.status !== 'ok') continue;
        for (const s of splitStatements(newestFile(dir, 'migration.sql'))) {
          if (failed) break;
          try {
            await c.query(s);
          } catch (e) {
            failed = e.message;
          }
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    return { failed, c };
  }

  test("a primary key over an AUTO_INCREMENT column changes: rc.5's migration fails, sleet's gives the new key", async () => {
    const theirs = await generateAndApply(rc5Cli, 'rc5', '25_pk_autoincrement');
    await theirs.c.end();
    assert.match(theirs.failed ?? '', /only one auto column/);
    const ours = await generateAndApply(sleetCli, 'sleet', '25_pk_autoincrement');
    const [rows] = await ours.c.query("SELECT COLUMN_NAME AS c FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't' AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION");
    await ours.c.end();
    assert.equal(ours.failed, null);
    assert.deepEqual(rows.map((r) => r.c), ['id', 'code']);
  });

  test("a new table's foreign key onto an existing table: rc.5 loses ON DELETE CASCADE, sleet keeps it", async () => {
    const rule = async (cli, label) => {
      const { failed, c } = await generateAndApply(cli, label, '23_realistic_app');
      const [rows] = await c.query("SELECT DELETE_RULE AS r FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = 'comments'");
      await c.end();
      assert.equal(failed, null, label);
      return rows.map((r) => r.r);
    };
    assert.deepEqual(await rule(rc5Cli, 'rc5'), ['RESTRICT']);
    assert.deepEqual(await rule(sleetCli, 'sleet'), ['CASCADE']);
  });

  test("the index a foreign key needs is dropped or replaced: rc.5's migration fails, sleet's drops and adds the key around it", async () => {
    const theirs = await generateAndApply(rc5Cli, 'rc5', '28_fk_shared_index');
    await theirs.c.end();
    assert.match(theirs.failed ?? '', /needed in a foreign key constraint/);
    const ours = await generateAndApply(sleetCli, 'sleet', '28_fk_shared_index');
    const [rows] = await ours.c.query('SELECT TABLE_NAME AS t FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() ORDER BY TABLE_NAME');
    const [indexes] = await ours.c.query("SELECT DISTINCT TABLE_NAME AS t, INDEX_NAME AS i FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('c', 'd') ORDER BY TABLE_NAME, INDEX_NAME");
    await ours.c.end();
    assert.equal(ours.failed, null);
    assert.deepEqual(rows.map((r) => r.t), ['e', 'f']);
    assert.deepEqual(indexes.map((r) => `${r.t}.${r.i}`), ['c.c_ab_idx', 'c.PRIMARY', 'd.d_a_new', 'd.PRIMARY']);
  });

  test('a foreign key onto columns no index of the referenced table starts with: a schema_error (MySQL refuses the key)', () => {
    const dir = makeProject('mysql-bad', CONFIG);
    const header = "import { mysqlTable, int } from 'drizzle-orm/mysql-core';\n";
    fs.writeFileSync(path.join(dir, 'schema.ts'), `${header}export const p = mysqlTable('p', { id: int('id').primaryKey(), code: int('code') });\nexport const c = mysqlTable('c', { id: int('id').primaryKey(), code: int('code').references(() => p.code) });\n`);
    const r = run(sleetCli, dir, ['generate', '--output', 'json']);
    fs.rmSync(dir, { recursive: true, force: true });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.equal(r.envelope.error?.code, 'schema_error');
    assert.match(r.envelope.error.message, /foreign key `c_code_p_code_fkey` on `c` references `p` \(code\), which no primary key, unique constraint or index of `p` starts with/);
  });

  test('a changed check constraint: rc.5 leaves the old one, sleet replaces it', async () => {
    const clause = async (cli, label) => {
      const { failed, c } = await generateAndApply(cli, label, '18_check');
      const [rows] = await c.query("SELECT CHECK_CLAUSE AS v FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND CONSTRAINT_NAME = 'b_small'");
      await c.end();
      assert.equal(failed, null, label);
      return rows.map((r) => r.v.replace(/\s+/g, ' '));
    };
    assert.match((await clause(rc5Cli, 'rc5'))[0], /< 100/);
    assert.match((await clause(sleetCli, 'sleet'))[0], /< 50/);
  });
});

describe('mysql: views marked .existing()', () => {
  test('generate creates nothing for them, as rc.5; the snapshot holds no row for them', () => {
    const header = "import { mysqlTable, mysqlView, int } from 'drizzle-orm/mysql-core';\n";
    const steps = [
      `${header}export const t = mysqlTable('t', { id: int('id').primaryKey() });\nexport const legacy = mysqlView('legacy', { id: int('id') }).existing();\n`,
      `${header}export const t = mysqlTable('t', { id: int('id').primaryKey(), a: int('a') });\n`,
    ];
    const dirs = [makeProject('mysql-rc5', CONFIG), makeProject('mysql-sleet', CONFIG)];
    for (const [k, schema] of steps.entries()) {
      const [theirs, mine] = [rc5Cli, sleetCli].map((cli, i) => {
        fs.writeFileSync(path.join(dirs[i], 'schema.ts'), schema);
        return run(cli, dirs[i], ['generate', '--name', `s${k}`, '--output', 'json']);
      });
      assert.equal(mine.envelope.status, theirs.envelope.status, `step ${k}: ${JSON.stringify(mine.envelope)}`);
      const sql = dirs.map((d) => newestFile(d, 'migration.sql'));
      assert.equal(sql[1], sql[0], `step ${k}: migration.sql`);
      assert.doesNotMatch(sql[1], /legacy/);
      assert.deepEqual(snapshotRows(dirs[1]), snapshotRows(dirs[0]), `step ${k}: snapshot rows`);
    }
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });
});

describe('mysql: export and bad input', () => {
  test('export prints what rc.5 exports, for the last step of every scenario', () => {
    for (const { name, steps } of scenarios) {
      const envelopes = [rc5Cli, sleetCli].map((cli) => {
        const dir = makeProject('mysql-export', CONFIG);
        fs.copyFileSync(steps[steps.length - 1].file, path.join(dir, 'schema.ts'));
        const r = run(cli, dir, ['export', '--output', 'json']);
        fs.rmSync(dir, { recursive: true, force: true });
        return r.envelope;
      });
      assert.equal(envelopes[1].status, 'ok', `${name}: ${JSON.stringify(envelopes[1])}`);
      assert.deepEqual(envelopes[1], envelopes[0], `${name}: export`);
    }
  });

  test('two indexes of one table with the same name: a schema_error naming both, exit 1, nothing written', () => {
    const dir = makeProject('mysql-bad', CONFIG);
    const header = "import { mysqlTable, int, index } from 'drizzle-orm/mysql-core';\n";
    fs.writeFileSync(path.join(dir, 'schema.ts'), `${header}export const t = mysqlTable('t', { id: int('id').primaryKey(), a: int('a'), b: int('b') }, (t) => [index('dup').on(t.a), index('dup').on(t.b)]);\n`);
    const r = run(sleetCli, dir, ['generate', '--output', 'json']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.equal(r.envelope.error?.code, 'schema_error');
    assert.match(r.envelope.error.message, /table `t` has two indexes or unique constraints named `dup`/);
    assert.equal(fs.existsSync(path.join(dir, 'drizzle')), false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
