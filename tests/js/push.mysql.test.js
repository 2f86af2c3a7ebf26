// `sleet push` (and `drift`) on MariaDB, against real databases (one per test, named with the pid):
//   1. for every scenario in tests/scenarios/mysql, step by step: sleet's generated migrations applied
//      to one database with a row in every table (push of that step's schema on it plans nothing: the
//      round trip), and push of the same step into another database with rows; the two catalogs, read
//      here from information_schema independently of sleet, are equal after every step, and a second
//      push plans nothing; a data-loss question is asked only where the rows hold data;
//   2. data-loss questions fire on real rows and not on empty tables; a statement certain to fail on
//      the rows stops push before anything runs;
//   3. a statement failing part-way reports exactly what ran and what did not (DDL is not
//      transactional): text and JSON, exit 1;
//   4. the catalog is read by the same number of queries for 1 table and for 30;
//   5. drift: a database built from the folder → exit 0; changed by hand → exit 1.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import mysql from 'mysql2/promise';
import { listScenarios, newestFile, root, sleetCli, splitStatements } from './support/generate-diff.js';
import { insertRows, q } from './support/mysql-rows.js';
import { MYSQL_CATALOG_QUERIES, readCatalog } from '../../js/introspect/mysql.js';

const SERVER = { host: '127.0.0.1', port: 3306, user: 'root' };
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sleet-mysqlpush-'));
const databases = [];
const HEADER = "import { sql } from 'drizzle-orm';\nimport { mysqlTable, mysqlView, int, varchar, check } from 'drizzle-orm/mysql-core';\n";

after(async () => {
  const admin = await mysql.createConnection(SERVER);
  for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${q(name)}`);
  await admin.end();
  fs.rmSync(work, { recursive: true, force: true });
});

/** A fresh database on the shared server (dropped after the run): its url and a connection to it. */
async function freshDatabase(label) {
  const name = `mysqlpush_${label.replace(/\W/g, '_').slice(0, 30)}_${process.pid}_${databases.length}`;
  const admin = await mysql.createConnection(SERVER);
  await admin.query(`DROP DATABASE IF EXISTS ${q(name)}`);
  await admin.query(`CREATE DATABASE ${q(name)}`);
  await admin.end();
  databases.push(name);
  const url = `mysql://root@127.0.0.1:3306/${name}`;
  return { name, url, c: await mysql.createConnection({ ...SERVER, database: name, multipleStatements: true }) };
}

function project(label, url, schema) {
  const dir = fs.mkdtempSync(path.join(work, `${label}-`));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, 'drizzle.config.json'), JSON.stringify({ dialect: 'mysql', schema: './schema.ts', out: './drizzle', dbCredentials: { url } }));
  if (schema !== undefined) fs.writeFileSync(path.join(dir, 'schema.ts'), schema);
  return dir;
}

/** The CLI in `dir`, with a timeout; `envelope` is the last stdout line as JSON. */
function run(dir, args) {
  const r = spawnSync(sleetCli, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  let envelope;
  try {
    envelope = JSON.parse(r.stdout.trim().split('\n').pop() ?? '');
  } catch {
    envelope = { status: 'unparsable', stdout: r.stdout };
  }
  return { code: r.status, envelope, stdout: r.stdout, stderr: r.stderr };
}

const push = (dir, hints = []) => run(dir, ['push', '--output', 'json', ...(hints.length ? ['--hints', JSON.stringify(hints)] : [])]);

/** The database as information_schema reports it, read here (not by sleet), in a canonical order. */
async function dump(db) {
  const [[{ d }]] = await db.c.query('SELECT DATABASE() AS d');
  const rows = async (sql) => (await db.c.query(sql))[0].map((r) => JSON.stringify(r)).sort();
  return {
    tables: await rows('SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()'),
    columns: await rows('SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, GENERATION_EXPRESSION FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()'),
    indexes: await rows('SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()'),
    fks: await rows('SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL'),
    checks: await rows('SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()'),
    views: (await rows('SELECT TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION, SECURITY_TYPE, ALGORITHM FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()')).map((v) => v.replaceAll(`\`${d}\`.`, '')),
  };
}

async function hasRows(db, table) {
  const [rows] = await db.c.query(`SELECT 1 FROM ${q(table)} LIMIT 1`);
  return rows.length > 0;
}

describe('sleet push (mysql) equals applying sleet generate, step by step, on MariaDB with rows', () => {
  const scenarios = listScenarios('mysql');
  test('there are scenarios', () => assert.ok(scenarios.length >= 25, `${scenarios.length} scenarios`));
  for (const { name: scenario, steps } of scenarios) {
    test(scenario, async () => {
      const migrated = await freshDatabase(`${scenario}_gen`);
      const pushed = await freshDatabase(`${scenario}_push`);
      const genDir = project(`${scenario}-gen`, migrated.url);
      const pushDir = project(`${scenario}-push`, pushed.url);
      const counters = [{ n: 1 }, { n: 1 }];
      try {
        for (const { file, step: k, hints } of steps) {
          const at = `${scenario}/${k}`;
          for (const d of [genDir, pushDir]) fs.copyFileSync(file, path.join(d, 'schema.ts'));
          const gen = run(genDir, ['generate', '--name', `s${k}`, '--output', 'json', ...(hints.length ? ['--hints', JSON.stringify(hints)] : [])]);
          assert.equal(gen.code, 0, `${at} generate: ${gen.stdout}${gen.stderr}`);
          if (gen.envelope.status === 'ok') {
            for (const s of splitStatements(newestFile(genDir, 'migration.sql'))) await migrated.c.query(s);
          }
          // The round trip: the migrated database is what this step's schema says.
          const round = run(genDir, ['push', '--explain', '--output', 'json']);
          assert.deepEqual(round.envelope, { status: 'no_changes', dialect: 'mysql' }, `${at}: push on the migrated database: ${round.stderr}`);

          // Push the step; a question may only be asked where the table holds rows.
          let r = push(pushDir, hints);
          if (r.envelope.status === 'missing_hints') {
            assert.equal(r.code, 2, at);
            for (const u of r.envelope.unresolved) {
              assert.equal(u.type, 'confirm_data_loss', `${at}: ${JSON.stringify(u)}`);
              assert.ok(await hasRows(pushed, u.entity[1]), `${at}: ${JSON.stringify(u)} asked about an empty table`);
            }
            const confirms = r.envelope.unresolved.map(({ kind, entity }) => ({ type: 'confirm_data_loss', kind, entity }));
            r = push(pushDir, [...hints, ...confirms]);
          }
          assert.equal(r.code, 0, `${at} push: ${JSON.stringify(r.envelope)} ${r.stderr}`);
          assert.ok(['ok', 'no_changes'].includes(r.envelope.status), `${at}: ${JSON.stringify(r.envelope)}`);
          assert.deepEqual(await dump(pushed), await dump(migrated), `${at}: the pushed database differs from the migrated one`);
          const again = run(pushDir, ['push', '--explain', '--output', 'json']);
          assert.deepEqual(again.envelope, { status: 'no_changes', dialect: 'mysql' }, `${at}: a second push: ${again.stderr}`);

          await insertRows(migrated.c, counters[0]);
          await insertRows(pushed.c, counters[1]);
        }
      } finally {
        await migrated.c.end();
        await pushed.c.end();
      }
    });
  }
});

describe('push (mysql): data loss decided on the real rows', () => {
  const before = `${HEADER}export const t = mysqlTable('t', { id: int('id').primaryKey(), a: int('a'), b: int('b') });\n`;
  const afterDrop = `${HEADER}export const t = mysqlTable('t', { id: int('id').primaryKey(), b: int('b').unique() });\n`;

  test('an empty table: no question; rows: a confirm_data_loss question, exit 2, nothing changed; confirmed: applied', async () => {
    const db = await freshDatabase('loss');
    try {
      const dir = project('loss', db.url, before);
      assert.equal(push(dir).code, 0);
      fs.writeFileSync(path.join(dir, 'schema.ts'), afterDrop);
      const plan = run(dir, ['push', '--explain', '--output', 'json']);
      assert.equal(plan.envelope.status, 'ok', JSON.stringify(plan.envelope));
      assert.deepEqual(plan.envelope.sql, ['CREATE UNIQUE INDEX `b_unique` ON `t` (`b`);', 'ALTER TABLE `t` DROP COLUMN `a`;']);

      // Rows, but none holding a value in `a` and none repeating `b`: nothing to ask.
      await db.c.query('INSERT INTO t (id, a, b) VALUES (1, NULL, 1), (2, NULL, 2)');
      assert.equal(run(dir, ['push', '--explain', '--output', 'json']).envelope.status, 'ok');
      await db.c.query('UPDATE t SET a = 5 WHERE id = 1');
      const asked = push(dir);
      assert.equal(asked.code, 2, asked.stdout + asked.stderr);
      assert.deepEqual(asked.envelope, { status: 'missing_hints', unresolved: [{ type: 'confirm_data_loss', kind: 'column', entity: ['public', 't', 'a'], reason: 'non_empty' }] });
      const [[{ n }]] = await db.c.query("SELECT count(*) AS n FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't' AND COLUMN_NAME = 'a'");
      assert.equal(Number(n), 1, 'nothing ran');

      const done = push(dir, [{ type: 'confirm_data_loss', kind: 'column', entity: ['public', 't', 'a'] }]);
      assert.equal(done.code, 0, done.stdout + done.stderr);
      const [cols] = await db.c.query("SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't' ORDER BY ORDINAL_POSITION");
      assert.deepEqual(cols.map((x) => x.c), ['id', 'b']);
    } finally {
      await db.c.end();
    }
  });

  test('a unique key over repeated values stops push before anything runs, exit 1', async () => {
    const db = await freshDatabase('dupes');
    try {
      const dir = project('dupes', db.url, before);
      assert.equal(push(dir).code, 0);
      await db.c.query('INSERT INTO t (id, a, b) VALUES (1, NULL, 7), (2, NULL, 7)');
      fs.writeFileSync(path.join(dir, 'schema.ts'), afterDrop);
      const r = push(dir);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.equal(r.envelope.error.code, 'unsupported_schema_change');
      assert.match(r.envelope.error.message, /unique index `b_unique` on \(b\), and some rows repeat its values/);
      assert.deepEqual(r.envelope.error.details.failing, [{ kind: 'add_unique', entity: ['public', 't', 'b_unique'], reason: 'duplicates' }]);
      const [cols] = await db.c.query("SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't' ORDER BY ORDINAL_POSITION");
      assert.deepEqual(cols.map((x) => x.c), ['id', 'a', 'b'], 'nothing ran');
    } finally {
      await db.c.end();
    }
  });
});

describe('push (mysql): a statement failing part-way', () => {
  const start = `${HEADER}export const t = mysqlTable('t', { id: int('id').primaryKey(), a: int('a'), c: int('c') });\n`;
  // Adds `b`, adds a check the rows break (MariaDB checks the rows it has), drops `c`, creates a view.
  const next = `${HEADER}export const t = mysqlTable('t', { id: int('id').primaryKey(), a: int('a'), b: int('b') }, (t) => [check('a_pos', sql\`\${t.a} > 0\`)]);\nexport const v = mysqlView('v').as((qb) => qb.select({ id: t.id }).from(t));\n`;

  for (const output of ['json', 'text']) {
    test(`reports which statements ran and which did not (${output}), exit 1`, async () => {
      const db = await freshDatabase(`fail_${output}`);
      try {
        const dir = project(`fail-${output}`, db.url, start);
        assert.equal(push(dir).code, 0);
        await db.c.query('INSERT INTO t (id, a, c) VALUES (1, -1, NULL)');
        fs.writeFileSync(path.join(dir, 'schema.ts'), next);
        const created = JSON.stringify([{ type: 'create', kind: 'column', entity: ['public', 't', 'b'] }]);
        const r = run(dir, ['push', '--hints', created, ...(output === 'json' ? ['--output', 'json'] : [])]);
        assert.equal(r.code, 1, r.stdout + r.stderr);
        const ran = ['ALTER TABLE `t` ADD `b` int;'];
        const failed = 'ALTER TABLE `t` ADD CONSTRAINT `a_pos` CHECK (`t`.`a` > 0);';
        const notRun = ['ALTER TABLE `t` DROP COLUMN `c`;', 'CREATE ALGORITHM = undefined SQL SECURITY definer VIEW `v` AS (select `id` from `t`);'];
        if (output === 'json') {
          const { error } = r.envelope;
          assert.deepEqual(error.details, { applied: 1, ran, failedStatement: failed, notRun });
          assert.match(error.message, /a_pos/);
        } else {
          const text = r.stdout + r.stderr;
          assert.match(text, /these 1 statement\(s\) ran and stay applied:\n {2}ALTER TABLE `t` ADD `b` int;/);
          assert.match(text, /These 2 statement\(s\) did not run:\n {2}ALTER TABLE `t` DROP COLUMN `c`;\n {2}CREATE ALGORITHM/);
        }
        const [cols] = await db.c.query("SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't' ORDER BY ORDINAL_POSITION");
        assert.deepEqual(cols.map((x) => x.c), ['id', 'a', 'c', 'b'], 'b was added, c was not dropped');
        const [views] = await db.c.query('SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()');
        assert.equal(views.length, 0, 'the view was not created');
      } finally {
        await db.c.end();
      }
    });
  }
});

describe('push (mysql): the catalog is read set-based', () => {
  test('the same number of queries for 1 table and for 30', async () => {
    const db = await freshDatabase('count');
    try {
      const count = async () => {
        let n = 0;
        const out = await readCatalog(async (sql) => { n += 1; return (await db.c.query(sql))[0]; });
        return { n, tables: out.summary.tables };
      };
      await db.c.query('CREATE TABLE t0 (id int PRIMARY KEY)');
      const one = await count();
      for (let i = 1; i < 30; i++) await db.c.query(`CREATE TABLE t${i} (id int PRIMARY KEY, p int, CONSTRAINT f${i} FOREIGN KEY (p) REFERENCES t0 (id), CONSTRAINT c${i} CHECK (p > 0))`);
      const thirty = await count();
      assert.deepEqual([one.tables, thirty.tables], [1, 30]);
      assert.equal(one.n, Object.keys(MYSQL_CATALOG_QUERIES).length);
      assert.equal(thirty.n, one.n);
    } finally {
      await db.c.end();
    }
  });
});

describe('drift (mysql)', () => {
  test('a database built from the folder: exit 0; changed by hand: exit 1 with the SQL that brings it back', async () => {
    const db = await freshDatabase('drift');
    try {
      const dir = project('drift', db.url, `${HEADER}export const t = mysqlTable('t', { id: int('id').primaryKey(), name: varchar('name', { length: 20 }).notNull().default('x') });\n`);
      assert.equal(run(dir, ['generate', '--name', 'init', '--output', 'json']).code, 0);
      const migrated = run(dir, ['migrate', '--output', 'json']);
      assert.equal(migrated.code, 0, migrated.stdout + migrated.stderr);
      const clean = run(dir, ['drift', '--output', 'json']);
      assert.equal(clean.code, 0, clean.stdout + clean.stderr);
      assert.equal(clean.envelope.status, 'no_drift');
      await db.c.query('ALTER TABLE t ADD extra int');
      const drifted = run(dir, ['drift', '--output', 'json']);
      assert.equal(drifted.code, 1, drifted.stdout + drifted.stderr);
      assert.equal(drifted.envelope.status, 'drift');
      assert.deepEqual(drifted.envelope.sql ?? drifted.envelope.statements, ['ALTER TABLE `t` DROP COLUMN `extra`;']);
    } finally {
      await db.c.end();
    }
  });
});

describe('push (mysql): a view marked .existing()', () => {
  const schema = `${HEADER}export const t = mysqlTable('t', { id: int('id').primaryKey() });\nexport const legacy = mysqlView('legacy', { id: int('id') }).existing();\n`;

  test('is neither dropped nor recreated; a missing one is only warned about', async () => {
    const db = await freshDatabase('myfix_existing_view');
    try {
      await db.c.query('CREATE TABLE t (id int PRIMARY KEY)');
      await db.c.query('CREATE VIEW legacy AS SELECT id * 2 AS id FROM t');
      const dir = project('myfix-existing', db.url, schema);
      const plan = run(dir, ['push', '--explain', '--output', 'json']);
      assert.deepEqual(plan.envelope, { status: 'no_changes', dialect: 'mysql' }, plan.stderr);
      const r = push(dir);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const [views] = await db.c.query('SELECT VIEW_DEFINITION AS d FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()');
      assert.equal(views.length, 1, 'the view is still there');
      assert.match(views[0].d, /\* 2/, 'and is the one made by hand');

      await db.c.query('DROP VIEW legacy');
      const missing = run(dir, ['push', '--explain', '--output', 'json']);
      assert.equal(missing.envelope.status, 'no_changes', JSON.stringify(missing.envelope));
      assert.match(missing.envelope.warnings?.join('\n') ?? '', /view `legacy` is marked \.existing\(\) but the database has no such view/);
    } finally {
      await db.c.end();
    }
  });
});
