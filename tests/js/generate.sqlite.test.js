// Differential test of `sleet generate` on SQLite against drizzle-kit 1.0.0-rc.5, end to end through
// both CLIs. For every scenario in tests/scenarios/sqlite/<name>/ (steps 01.ts, 02.ts, …):
//   1. both tools generate each step into their own folder; migration.sql must be byte-identical
//      (or differ by exactly the statements DELIBERATE lists, docs/differences.md);
//   2. each step's snapshot.json is byte-identical to rc.5's once `id` and `prevIds` are masked;
//   3. rc.5 finds no changes on sleet's folder, and sleet none on rc.5's;
//   4. sleet's SQL applies step by step to a real SQLite file through @libsql/client and through
//      bun:sqlite, with a row inserted into every table after every step: no step fails, no step
//      loses a row of a table it keeps (rebuilds keep every row and every cascade child), and no
//      foreign key is left dangling.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { DELIBERATE, listScenarios } from './sqlite-scenarios.js';
import { applySteps } from './support/sqlite-apply.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sleetCli = path.join(root, 'js/cli.js');
const rc5Cli = path.join(root, 'node_modules/drizzle-kit/bin.cjs');
const BUN = path.join(root, 'node_modules', '.bin', 'bun');
const CONFIG = `export default { dialect: 'sqlite', schema: './schema.ts', out: './drizzle' };\n`;

function makeProject(label, config = CONFIG) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sleet-sqlite-${label}-`));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, 'drizzle.config.ts'), config);
  return dir;
}

function run(cli, dir, args) {
  const r = spawnSync(cli, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  let envelope;
  try {
    envelope = JSON.parse(last);
  } catch {
    envelope = { status: 'unparsable', stdout: r.stdout, stderr: r.stderr };
  }
  return { code: r.status, envelope, stdout: r.stdout, stderr: r.stderr };
}

function folders(dir) {
  const out = path.join(dir, 'drizzle');
  if (!fs.existsSync(out)) return [];
  return fs.readdirSync(out).filter((f) => fs.existsSync(path.join(out, f, 'migration.sql'))).sort();
}

function newestFile(dir, name) {
  const list = folders(dir);
  return fs.readFileSync(path.join(dir, 'drizzle', list[list.length - 1], name), 'utf8');
}

/** The newest snapshot.json text with its random `id` and `prevIds` masked; everything else byte for byte. */
function newestSnapshotMasked(dir) {
  let text = newestFile(dir, 'snapshot.json');
  const { id, prevIds } = JSON.parse(text);
  text = text.replaceAll(id, '<id>');
  prevIds.forEach((p, i) => {
    if (p !== '00000000-0000-0000-0000-000000000000') text = text.replaceAll(p, `<parent ${i}>`);
  });
  return text;
}

const splitStatements = (sql) => sql.split('--> statement-breakpoint').map((s) => s.trim()).filter(Boolean);
const scenarios = listScenarios();

test('there are scenarios to run', () => {
  assert.ok(scenarios.length >= 25, `expected at least 25 scenarios in tests/scenarios/sqlite, found ${scenarios.length}`);
});

/** Checks a report of applySteps: every step applied, kept tables kept their rows, no dangling key. */
function assertRowsKept(scenario, report, where) {
  for (const r of report) {
    assert.equal(r.error, null, `${scenario} step ${r.step} on ${where}: ${r.error}`);
    for (const [table, n] of Object.entries(r.before)) {
      if (table in r.after) assert.equal(r.after[table], n, `${scenario} step ${r.step} on ${where}: table ${table} had ${n} rows, has ${r.after[table]}`);
    }
    assert.equal(r.fkViolations, 0, `${scenario} step ${r.step} on ${where}: foreign key violations`);
  }
  const rows = report.reduce((sum, r) => sum + Object.values(r.after).reduce((a, b) => a + b, 0), 0);
  assert.ok(report.length < 2 || rows > 0, `${scenario} on ${where}: no rows were ever in the tables`);
}

describe('sleet generate (sqlite) vs drizzle-kit 1.0.0-rc.5', () => {
  for (const { name: scenario, steps } of scenarios) {
    test(scenario, async () => {
      const rc5 = makeProject('rc5');
      const ours = makeProject('sleet');
      const applied = [];
      let rc5Skipped = false;
      for (const { file, step: k, hints } of steps) {
        const hintArgs = hints.length ? ['--hints', JSON.stringify(hints)] : [];
        for (const p of [rc5, ours]) fs.copyFileSync(file, path.join(p, 'schema.ts'));
        const args = ['generate', '--name', `s${k}`, '--output', 'json', ...hintArgs];
        const theirs = run(rc5Cli, rc5, args);
        const mine = run(sleetCli, ours, args);
        const known = DELIBERATE[`${scenario}/${k}`];
        if (known?.theirStatus) {
          assert.equal(theirs.envelope.status, known.theirStatus, `${scenario} step ${k}: rc.5 status`);
          assert.equal(mine.envelope.status, 'ok', `${scenario} step ${k}: sleet status (${mine.stderr})`);
          assert.deepEqual(splitStatements(newestFile(ours, 'migration.sql')), known.onlyOurs, known.reason);
          rc5Skipped = true;
        } else {
          assert.equal(mine.envelope.status, theirs.envelope.status, `${scenario} step ${k}: status (sleet stderr: ${mine.stderr}; sleet: ${JSON.stringify(mine.envelope)}; rc.5: ${JSON.stringify(theirs.envelope)})`);
          assert.equal(mine.code, theirs.code, `${scenario} step ${k}: exit code`);
          if (theirs.envelope.status === 'ok') {
            const expected = newestFile(rc5, 'migration.sql');
            const actual = newestFile(ours, 'migration.sql');
            if (known) {
              const mineStmts = splitStatements(actual);
              const theirStmts = splitStatements(expected);
              const onlyOurs = mineStmts.filter((x) => !theirStmts.includes(x));
              const onlyTheirs = theirStmts.filter((x) => !mineStmts.includes(x));
              assert.deepEqual({ onlyOurs, onlyTheirs }, { onlyOurs: known.onlyOurs, onlyTheirs: known.onlyTheirs }, known.reason);
            } else {
              assert.equal(actual, expected, `${scenario} step ${k}: migration.sql differs`);
            }
            assert.equal(newestSnapshotMasked(ours), newestSnapshotMasked(rc5), `${scenario} step ${k}: snapshot.json differs`);
          }
        }
        if (mine.envelope.status === 'ok') applied.push({ step: k, statements: splitStatements(newestFile(ours, 'migration.sql')) });
      }

      // Each tool reads the other's folder and finds nothing to do.
      const rc5OnOurs = run(rc5Cli, ours, ['generate', '--explain', '--output', 'json']);
      assert.equal(rc5OnOurs.envelope.status, 'no_changes', `${scenario}: rc.5 on sleet's folder: ${JSON.stringify(rc5OnOurs.envelope).slice(0, 800)}`);
      if (!rc5Skipped) {
        const oursOnRc5 = run(sleetCli, rc5, ['generate', '--explain', '--output', 'json']);
        assert.equal(oursOnRc5.envelope.status, 'no_changes', `${scenario}: sleet on rc.5's folder: ${JSON.stringify(oursOnRc5.envelope).slice(0, 800)} ${oursOnRc5.stderr}`);
      }

      // The SQL applies to real SQLite files with rows in the tables: libSQL here, bun:sqlite in Bun.
      const file = path.join(ours, 'libsql.sqlite');
      const client = createClient({ url: `file:${file}` });
      let report;
      try {
        report = await applySteps({ exec: async (sql) => void (await client.execute(sql)), all: async (sql) => (await client.execute(sql)).rows.map((r) => ({ ...r })) }, applied);
      } finally {
        client.close();
      }
      assertRowsKept(scenario, report, 'libSQL');
      const input = path.join(ours, 'bun-input.json');
      fs.writeFileSync(input, JSON.stringify({ file: path.join(ours, 'bun.sqlite'), steps: applied }));
      const bun = spawnSync(BUN, [path.join(root, 'tests/js/support/sqlite-apply.mjs'), input], { encoding: 'utf8' });
      assert.equal(bun.status, 0, `${scenario}: bun:sqlite run failed: ${bun.stderr}`);
      const bunReport = JSON.parse(bun.stdout.trim().split('\n').pop());
      assertRowsKept(scenario, bunReport, 'bun:sqlite');
      assert.deepEqual(bunReport, report, `${scenario}: bun:sqlite and libSQL disagree`);

      fs.rmSync(rc5, { recursive: true, force: true });
      fs.rmSync(ours, { recursive: true, force: true });
    });
  }
});

describe('sqlite: what the scenarios do not cover', () => {
  const HEADER = "import { sql } from 'drizzle-orm';\nimport { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';\n";

  test('a column becoming NOT NULL over a NULL: rc.5 fails the rebuild, sleet fills the default and keeps the row', async () => {
    const steps = ['01', '02'].map((k) => path.join(root, 'tests/scenarios/sqlite/10_not_null_change', `${k}.ts`));
    const sqlOf = {};
    for (const [label, cli] of [['rc5', rc5Cli], ['sleet', sleetCli]]) {
      const dir = makeProject(label);
      sqlOf[label] = [];
      for (const [i, file] of steps.entries()) {
        fs.copyFileSync(file, path.join(dir, 'schema.ts'));
        assert.equal(run(cli, dir, ['generate', '--name', `s${i}`, '--output', 'json']).envelope.status, 'ok');
        sqlOf[label].push(splitStatements(newestFile(dir, 'migration.sql')));
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
    for (const label of ['rc5', 'sleet']) {
      const client = createClient({ url: ':memory:' });
      for (const s of sqlOf[label][0]) await client.execute(s);
      await client.execute('INSERT INTO t (id, a, b) VALUES (1, NULL, 5)');
      let failed = null;
      for (const s of sqlOf[label][1]) {
        try {
          await client.execute(s);
        } catch (e) {
          failed = String(e.message);
          break;
        }
      }
      const rows = failed ? [] : (await client.execute('SELECT id, a, b FROM t')).rows.map((r) => ({ ...r }));
      client.close();
      if (label === 'rc5') assert.match(failed ?? '', /NOT NULL/, "rc.5's rebuild copies the NULL and fails");
      else assert.deepEqual({ failed, rows }, { failed: null, rows: [{ id: 1, a: 'none', b: 5 }] });
    }
  });

  test("a table rebuilt under views: rc.5's migrations fail on a real file, sleet's apply with every row", async () => {
    const { steps } = scenarios.find((s) => s.name === '27_rebuild_under_view');
    const reports = {};
    for (const [label, cli] of [['rc5', rc5Cli], ['sleet', sleetCli]]) {
      const dir = makeProject(label);
      const applied = [];
      for (const { file, step, hints } of steps) {
        fs.copyFileSync(file, path.join(dir, 'schema.ts'));
        const hintArgs = hints.length ? ['--hints', JSON.stringify(hints)] : [];
        assert.equal(run(cli, dir, ['generate', '--name', `s${step}`, '--output', 'json', ...hintArgs]).envelope.status, 'ok', `${label} step ${step}`);
        applied.push({ step, statements: splitStatements(newestFile(dir, 'migration.sql')) });
      }
      const client = createClient({ url: `file:${path.join(dir, 'apply.sqlite')}` });
      try {
        reports[label] = await applySteps({ exec: async (sql) => void (await client.execute(sql)), all: async (sql) => (await client.execute(sql)).rows.map((r) => ({ ...r })) }, applied);
      } finally {
        client.close();
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
    // rc.5 renames `__new_t` into place while v still reads the dropped t: SQLite refuses the rename.
    assert.equal(reports.rc5.length, 2, 'rc.5 stops at step 02');
    assert.match(reports.rc5[1].error ?? '', /ALTER TABLE `__new_t` RENAME TO `t`.*error in view v/);
    assert.deepEqual(reports.sleet.map((r) => r.error), [null, null, null, null]);
    assertRowsKept('27_rebuild_under_view', reports.sleet, 'libSQL');
  });

  test("a migration sorts after its parent even when the clock says otherwise: rc.5 names it by the clock alone", () => {
    // A parent folder stamped in the future stands for one made in the same second, or on a machine
    // whose clock was ahead: migrate runs folders in name order, so the child must sort after it.
    const parent = '20991231235959_parent';
    for (const [label, cli] of [['rc5', rc5Cli], ['sleet', sleetCli]]) {
      const dir = makeProject(`order-${label}`);
      fs.writeFileSync(path.join(dir, 'schema.ts'), `${HEADER}export const a = sqliteTable('a', { id: integer('id').primaryKey() });\n`);
      assert.equal(run(cli, dir, ['generate', '--name', 'parent']).code, 0);
      const [first] = folders(dir);
      fs.renameSync(path.join(dir, 'drizzle', first), path.join(dir, 'drizzle', parent));
      fs.appendFileSync(path.join(dir, 'schema.ts'), `export const b = sqliteTable('b', { id: integer('id').primaryKey() });\n`);
      const r = run(cli, dir, ['generate', '--name', 'child']);
      assert.equal(r.code, 0, r.stderr);
      const child = folders(dir).find((f) => f.endsWith('_child'));
      assert.ok(child, `${label} wrote the child`);
      if (label === 'rc5') assert.ok(child < parent, `rc.5 stamps ${child} by the clock`);
      else assert.deepEqual(folders(dir), [parent, '21000101000000_child']);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('two indexes with the same name: rc.5 exits 0 having written nothing, sleet fails with a clear error', () => {
    const schema = `${HEADER}export const a = sqliteTable('a', { id: integer('id').primaryKey(), x: text('x') }, (t) => [index('dup_idx').on(t.x)]);\nexport const b = sqliteTable('b', { id: integer('id').primaryKey(), y: text('y') }, (t) => [index('dup_idx').on(t.y)]);\n`;
    for (const [label, cli] of [['rc5', rc5Cli], ['sleet', sleetCli]]) {
      const dir = makeProject(label);
      fs.writeFileSync(path.join(dir, 'schema.ts'), schema);
      const r = run(cli, dir, ['generate']);
      assert.deepEqual(folders(dir), [], `${label} wrote no migration`);
      if (label === 'rc5') assert.equal(r.code, 0);
      else {
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stderr, /index name `dup_idx` is used twice \(on `a` and on `b`\)/);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("driver 'expo' and 'durable-sqlite': migrations.js as rc.5 writes it; export and check agree with rc.5", () => {
    const steps = ['01', '02'].map((k) => path.join(root, 'tests/scenarios/sqlite/23_realistic_app', `${k}.ts`));
    for (const driver of ['expo', 'durable-sqlite']) {
      const config = `export default { dialect: 'sqlite', driver: '${driver}', schema: './schema.ts', out: './drizzle' };\n`;
      const texts = {};
      const exports = {};
      for (const [label, cli] of [['rc5', rc5Cli], ['sleet', sleetCli]]) {
        const dir = makeProject(label, config);
        for (const [i, file] of steps.entries()) {
          fs.copyFileSync(file, path.join(dir, 'schema.ts'));
          assert.equal(run(cli, dir, ['generate', '--name', `s${i}`, '--output', 'json']).envelope.status, 'ok');
        }
        // Folder names carry the clock: compare the text with them numbered.
        let text = fs.readFileSync(path.join(dir, 'drizzle', 'migrations.js'), 'utf8');
        folders(dir).forEach((f, i) => { text = text.replaceAll(f, `<folder ${i}>`); });
        texts[label] = text;
        exports[label] = run(cli, dir, ['export', '--output', 'json']).envelope;
        assert.deepEqual(run(cli, dir, ['check', '--output', 'json']).envelope, { status: 'ok', dialect: 'sqlite' }, `${label} check`);
        // Each tool's check accepts the other's folder too.
        const other = label === 'rc5' ? sleetCli : rc5Cli;
        assert.deepEqual(run(other, dir, ['check', '--output', 'json']).envelope, { status: 'ok', dialect: 'sqlite' }, `check on ${label}'s folder`);
        fs.rmSync(dir, { recursive: true, force: true });
      }
      assert.equal(texts.sleet, texts.rc5, `${driver}: migrations.js`);
      assert.match(texts.sleet, /import m0001 from '\.\/<folder 1>\/migration\.sql';/);
      assert.deepEqual(exports.sleet, exports.rc5, `${driver}: export`);
    }
  });
});
