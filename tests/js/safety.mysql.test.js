// Hazards, lint and down migrations on MySQL, on the generate scenarios and a real MariaDB server.
//   1. Every scenario of tests/scenarios/mysql is generated step by step (in-process); `sleet lint`
//      reads every folder, and the hazards generate reported are the ones lint finds in the files.
//   2. Round trips on MariaDB, with rows: for every step, up → down leaves the catalog as it was before
//      the step (SHOW CREATE of every table and view), with the rows of every table the down keeps,
//      and up again leaves the same catalog as up alone.
//   3. The CLI: lint's exit code and allow lines on a MySQL folder; migrate --down's refusal of a down
//      that deletes data, and what a failing down reports where DDL is not transactional.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import mysql from 'mysql2/promise';
import { generate, lint } from '../../js/index.js';
import { migrate } from '../../js/migrate.js';
import { listScenarios, root, sleetCli } from './support/generate-diff.js';
import { insertRows, q, rowCounts } from './support/mysql-rows.js';

const SERVER = { host: '127.0.0.1', port: 3306, user: 'root' };
const scenarios = listScenarios('mysql');
const databases = [];

/** A fresh database on the shared server (its name carries the branch), dropped after the run. */
async function freshDatabase(label) {
  const name = `mysqlsafe_${label.replace(/\W/g, '_')}_${process.pid}`.slice(0, 64);
  const admin = await mysql.createConnection(SERVER);
  await admin.query(`DROP DATABASE IF EXISTS ${q(name)}`);
  await admin.query(`CREATE DATABASE ${q(name)}`);
  await admin.end();
  databases.push(name);
  return { name, url: `mysql://root@127.0.0.1:3306/${name}` };
}

after(async () => {
  const admin = await mysql.createConnection(SERVER);
  for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${q(name)}`);
  await admin.end();
});

function project(label, url = 'mysql://root@127.0.0.1:3306/none') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sleet-mysqlsafe-${label}-`));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, 'drizzle.config.ts'), `export default { dialect: 'mysql', schema: './schema.ts', out: './drizzle', dbCredentials: { url: '${url}' } };\n`);
  return dir;
}

function cli(dir, args) {
  const r = spawnSync(sleetCli, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60000 });
  return { code: r.status, out: r.stdout, err: r.stderr, json: () => JSON.parse(r.stdout.trim().split('\n').pop() ?? '') };
}

const folders = (dir) => (fs.existsSync(path.join(dir, 'drizzle')) ? fs.readdirSync(path.join(dir, 'drizzle')) : []).filter((f) => fs.existsSync(path.join(dir, 'drizzle', f, 'migration.sql'))).sort();

/**
 * The schema as the server holds it: SHOW CREATE of every table and view but the migrator's own.
 * Auto-increment counters are left out (rows move them), and a table's lines are sorted: a column the
 * down adds back goes to the end of the table, which no drizzle schema can tell apart.
 */
async function catalogDump(c) {
  const [objects] = await c.query("SELECT TABLE_NAME AS t, TABLE_TYPE AS k FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME NOT LIKE '\\_\\_drizzle%' ORDER BY TABLE_NAME");
  const out = {};
  for (const { t, k } of objects) {
    if (k === 'VIEW') {
      const [[row]] = await c.query(`SHOW CREATE VIEW ${q(t)}`);
      out[`view ${t}`] = row['Create View'];
    } else {
      const [[row]] = await c.query(`SHOW CREATE TABLE ${q(t)}`);
      const lines = row['Create Table'].replace(/ AUTO_INCREMENT=\d+/, '').split('\n');
      const body = lines.slice(1, -1).map((l) => l.trim().replace(/,$/, '')).sort();
      out[`table ${t}`] = [lines[0], ...body, lines[lines.length - 1]];
    }
  }
  return out;
}

/** scenario name → { dir, byFolder: folder → the hazards generate reported } */
const generated = new Map();

describe('the MySQL generate scenarios', () => {
  before(async () => {
    for (const { name, steps } of scenarios) {
      const dir = project(name.slice(0, 20));
      const byFolder = new Map();
      for (const { file, step, hints } of steps) {
        fs.copyFileSync(file, path.join(dir, 'schema.ts'));
        const seen = new Set(folders(dir));
        const r = await generate({ cwd: dir, name: `s${step}`, hints });
        assert.ok(r.status === 'ok' || r.status === 'no_changes', `${name} step ${step}: ${JSON.stringify(r).slice(0, 300)}`);
        const added = folders(dir).filter((f) => !seen.has(f));
        if (r.status === 'ok') byFolder.set(added[0], r.hazards);
      }
      generated.set(name, { dir, byFolder });
    }
  });
  after(() => {
    for (const { dir } of generated.values()) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('there are scenarios', () => assert.ok(scenarios.length >= 20, `${scenarios.length} scenarios`));

  test('lint reads every scenario folder and finds exactly the hazards generate reported', async () => {
    const seen = new Set();
    for (const [name, { dir, byFolder }] of generated) {
      const result = await lint({ cwd: dir, level: 'error' });
      assert.deepEqual(result.warnings, [], name);
      assert.equal(result.files.length, byFolder.size, name);
      for (const file of result.files) {
        const folder = path.basename(path.dirname(file.path));
        const fromGenerate = byFolder.get(folder).map((h) => `${h.code} ${h.entity} ${h.sql}`);
        const fromLint = file.hazards.map((h) => `${h.code} ${h.entity} ${h.sql}`);
        assert.deepEqual(fromLint, fromGenerate, `${name}/${folder}`);
        for (const h of file.hazards) seen.add(h.code);
      }
    }
    // The scenarios exercise these rules end to end (each has a unit test of its own in src/hazards).
    for (const code of ['drop-table', 'drop-column', 'type-narrowing', 'table-copy', 'modify-not-null', 'primary-key-change', 'unique-index', 'fk-copies-table', 'check-copies-table', 'rename-column', 'rename-table', 'non-atomic-ddl']) {
      assert.ok(seen.has(code), `no scenario raised ${code}; raised: ${[...seen].sort().join(', ')}`);
    }
  });

  test('up → down → up on MariaDB with rows: the down restores the previous catalog and keeps the rows, the second up the same catalog as the first', async () => {
    const failures = [];
    for (const [name, { dir }] of generated) {
      const db = await freshDatabase(name.slice(0, 30));
      const c = await mysql.createConnection({ uri: db.url, multipleStatements: true });
      const counter = { n: 1 };
      try {
        const out = path.join(dir, 'drizzle');
        let previous = await catalogDump(c);
        for (const folder of folders(dir)) {
          await migrate(c, { migrationsFolder: out, to: folder });
          await insertRows(c, counter);
          const up = await catalogDump(c);
          const rows = await rowCounts(c);
          const down = await migrate(c, { migrationsFolder: out, down: true, force: true });
          assert.deepEqual(down.reverted.map((r) => r.name), [folder], `${name}: ${folder} reverted`);
          assert.deepEqual(await catalogDump(c), previous, `${name}: after the down of ${folder}:\n${fs.readFileSync(path.join(out, folder, 'down.sql'), 'utf8')}`);
          // Every table the down keeps keeps its rows.
          const kept = await rowCounts(c);
          for (const [t, n] of Object.entries(kept)) if (t in rows) assert.equal(n, rows[t], `${name}: ${folder}: rows of ${t} after the down`);
          await migrate(c, { migrationsFolder: out, to: folder });
          assert.deepEqual(await catalogDump(c), up, `${name}: up again after the down of ${folder}`);
          previous = up;
        }
      } catch (err) {
        failures.push(`${name}: ${String(err.message).slice(0, 3000)}`);
      } finally {
        await c.end();
      }
    }
    // Downs that cannot run over the rows written since the up, whatever SQL they hold: a type narrowed
    // back (the up widened it, and a row now holds a longer value), and a foreign key added back (the
    // up removed it, and a row now points at no parent). Each down names the risk in its header.
    const KNOWN = {
      '07_text_types': /hazard error type-narrowing t\.a: char\(4\) → char\(2\)[\s\S]*Data truncated for column 'a'/,
      '08_binary_types': /hazard error type-narrowing t\.a: binary\(8\) → binary\(4\)[\s\S]*Data truncated for column 'a'/,
      '16_fk_actions': /ADD CONSTRAINT `c_pid_p_id_fkey` FOREIGN KEY[\s\S]*a foreign key constraint fails/,
      '27_drop_referenced': /ADD CONSTRAINT `c_pid_p_id_fkey` FOREIGN KEY[\s\S]*a foreign key constraint fails/,
      '28_fk_shared_index': /fk-copies-table c \(c_a_p_id_fkey\)[\s\S]*CONSTRAINT `c_a_p_id_fkey` FOREIGN KEY \(`a`\) REFERENCES `p`/,
    };
    const unexpected = failures.filter((f) => !Object.entries(KNOWN).some(([name, re]) => f.startsWith(`${name}: `) && re.test(f)));
    assert.deepEqual(unexpected, []);
    assert.deepEqual(failures.map((f) => f.split(':')[0]).sort(), Object.keys(KNOWN).sort(), 'the known failures still fail');
  });
});

describe('the CLI on a MySQL folder', () => {
  const STEP1 = `import { mysqlTable, int, varchar } from 'drizzle-orm/mysql-core';
export const users = mysqlTable('users', {
  id: int('id').primaryKey(),
  name: varchar('name', { length: 100 }),
  age: int('age'),
});
`;
  // age is dropped, name narrowed and made NOT NULL: three hazards and a non-atomic migration.
  const STEP2 = `import { mysqlTable, int, varchar } from 'drizzle-orm/mysql-core';
export const users = mysqlTable('users', {
  id: int('id').primaryKey(),
  name: varchar('name', { length: 10 }).notNull(),
});
`;
  let dir;
  let db;
  before(async () => {
    db = await freshDatabase('cli');
    dir = project('cli', db.url);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('generate prints the hazards; lint fails on them, and passes once each is acknowledged', () => {
    fs.writeFileSync(path.join(dir, 'schema.ts'), STEP1);
    assert.equal(cli(dir, ['generate', '--name', 'one']).code, 0);
    fs.writeFileSync(path.join(dir, 'schema.ts'), STEP2);
    const g = cli(dir, ['generate', '--name', 'two']);
    assert.equal(g.code, 0, g.err + g.out);
    assert.match(g.out, /--- Hazards \(4\)/);
    assert.match(g.out, /error {3}type-narrowing · users\.name/);

    const r = cli(dir, ['lint', '--output', 'json']);
    assert.equal(r.code, 1, r.err + r.out);
    const [first, second] = r.json().files;
    assert.deepEqual(first.hazards, [], 'the first migration only creates');
    assert.deepEqual(second.hazards.map((h) => `${h.code} ${h.entity}`), ['type-narrowing users.name', 'modify-not-null users.name', 'drop-column users.age', 'non-atomic-ddl users']);

    const file = path.join(dir, 'drizzle', folders(dir)[1], 'migration.sql');
    const allows = second.hazards.filter((h) => h.severity !== 'info').map((h) => `-- sleet:allow ${h.code} reviewed in the test`).join('\n');
    fs.writeFileSync(file, `${allows}\n${fs.readFileSync(file, 'utf8')}`);
    const ok = cli(dir, ['lint']);
    assert.equal(ok.code, 0, ok.err + ok.out);
    assert.match(ok.out, /3 acknowledged/);
  });

  test('migrate --down refuses a down that deletes data; a failing down says what ran and that the migration stays recorded', async () => {
    const folder = folders(dir)[1];
    const up = cli(dir, ['migrate', '--output', 'json']);
    assert.equal(up.code, 0, up.err + up.out);
    const c = await mysql.createConnection({ uri: db.url });
    try {
      await c.query("INSERT INTO users (id, name) VALUES (1, 'a'), (2, 'b')");
      // The down of step two adds age back: no data loss, it runs.
      const down = cli(dir, ['migrate', '--down', '--output', 'json']);
      assert.equal(down.code, 0, down.err + down.out);
      assert.deepEqual(down.json().reverted.map((r) => r.name), [folder]);
      assert.deepEqual((await c.query('SELECT id, name FROM users ORDER BY id'))[0].map((r) => [r.id, r.name]), [[1, 'a'], [2, 'b']]);
      // The first migration's down drops the table: refused without --force.
      const lossy = cli(dir, ['migrate', '--down']);
      assert.equal(lossy.code, 1);
      assert.match(lossy.err, /would delete data[\s\S]*drop-table users/);

      // Up again, then make the down's second statement fail: its first stays, the row stays.
      assert.equal(cli(dir, ['migrate']).code, 0);
      const downFile = path.join(dir, 'drizzle', folder, 'down.sql');
      const text = fs.readFileSync(downFile, 'utf8');
      const body = text.split('\n').filter((l) => !l.startsWith('--')).join('\n');
      fs.writeFileSync(downFile, `${body}--> statement-breakpoint\nALTER TABLE \`nope\` ADD \`x\` int;`);
      const failed = cli(dir, ['migrate', '--down']);
      assert.equal(failed.code, 1, failed.out);
      assert.match(failed.err, /DDL is not transactional here, so statements 1-\d+ of the down ran and are committed, while \S+ stays recorded as applied/);
      const [recorded] = await c.query('SELECT name FROM __drizzle_migrations ORDER BY id');
      assert.ok(recorded.some((r) => r.name === folder), 'still recorded');
      const [cols] = await c.query("SELECT COLUMN_NAME AS n FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' ORDER BY ORDINAL_POSITION");
      assert.ok(cols.some((x) => x.n === 'age'), 'the first statements of the down ran');
    } finally {
      await c.end();
    }
  });
});

describe('generate --fix-conflicts on MySQL', () => {
  const schema = (extra) => `import { mysqlTable, int, varchar } from 'drizzle-orm/mysql-core';
export const users = mysqlTable('users', {
  id: int('id').primaryKey(),
${extra}
});
`;
  /** One migration, then two branches on it (each generated while the other's folder is away). */
  function branches(dir, a, b) {
    fs.writeFileSync(path.join(dir, 'schema.ts'), schema("  name: varchar('name', { length: 50 }),"));
    assert.equal(cli(dir, ['generate', '--name', 'base']).code, 0);
    fs.writeFileSync(path.join(dir, 'schema.ts'), schema(a));
    assert.equal(cli(dir, ['generate', '--name', 'branch_a']).code, 0);
    const [, branchA] = folders(dir);
    const away = path.join(dir, 'away');
    fs.renameSync(path.join(dir, 'drizzle', branchA), away);
    fs.writeFileSync(path.join(dir, 'schema.ts'), schema(b));
    assert.equal(cli(dir, ['generate', '--name', 'branch_b']).code, 0);
    fs.renameSync(away, path.join(dir, 'drizzle', branchA));
    const all = folders(dir);
    const id = (f) => JSON.parse(fs.readFileSync(path.join(dir, 'drizzle', f, 'snapshot.json'), 'utf8'));
    assert.deepEqual(id(all[1]).prevIds, id(all[2]).prevIds, 'both branches have the same parent');
    return all;
  }

  test('branches that change the same column are deleted, and one migration from their parent is written', () => {
    const dir = project('fix');
    try {
      const [base, a, b] = branches(dir, "  name: varchar('name', { length: 100 }),", "  name: varchar('name', { length: 20 }),\n  email: varchar('email', { length: 255 }),");
      const r = cli(dir, ['generate', '--fix-conflicts', '--name', 'fixed', '--output', 'json']);
      assert.equal(r.code, 0, r.err + r.out);
      const env = r.json();
      assert.deepEqual(env.deleted_migrations?.map((m) => path.basename(m)), [a, b], JSON.stringify(env));
      const now = folders(dir);
      assert.equal(now.length, 2);
      assert.equal(now[0], base);
      const sql = fs.readFileSync(path.join(dir, 'drizzle', now[1], 'migration.sql'), 'utf8');
      assert.equal(sql, 'ALTER TABLE `users` MODIFY COLUMN `name` varchar(20);--> statement-breakpoint\nALTER TABLE `users` ADD `email` varchar(255);');
      const snap = (f) => JSON.parse(fs.readFileSync(path.join(dir, 'drizzle', f, 'snapshot.json'), 'utf8'));
      assert.deepEqual(snap(now[1]).prevIds, [snap(base).id]);
      // The folder is whole again: check passes and nothing is left to generate.
      assert.equal(cli(dir, ['check', '--output', 'json']).json().status, 'ok');
      assert.equal(cli(dir, ['generate', '--output', 'json']).json().status, 'no_changes');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('branches that touch different things are kept: the new migration merges them', () => {
    const dir = project('merge');
    try {
      const [, a, b] = branches(dir, "  name: varchar('name', { length: 50 }),\n  a: int('a'),", "  name: varchar('name', { length: 50 }),\n  b: int('b'),");
      fs.writeFileSync(path.join(dir, 'schema.ts'), schema("  name: varchar('name', { length: 50 }),\n  a: int('a'),\n  b: int('b'),"));
      const r = cli(dir, ['generate', '--fix-conflicts', '--name', 'merge', '--output', 'json']);
      assert.equal(r.code, 0, r.err + r.out);
      assert.equal(r.json().deleted_migrations, undefined, r.out);
      const now = folders(dir);
      assert.deepEqual(now.slice(0, 3).slice(1), [a, b]);
      const snap = (f) => JSON.parse(fs.readFileSync(path.join(dir, 'drizzle', f, 'snapshot.json'), 'utf8'));
      assert.deepEqual(snap(now[3]).prevIds.sort(), [snap(a).id, snap(b).id].sort());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
