// Differential test of `sleet generate` against drizzle-kit 1.0.0-rc.5, end to end through both CLIs.
// For every scenario in tests/scenarios/pg/<name>/ (steps 01.ts, 02.ts, … with optional NN.hints.json):
//   1. both tools generate each step into their own folder; migration.sql must be byte-identical;
//   2. rc.5 finds no changes on sleet's folder, and sleet none on rc.5's (each reads the other's snapshots);
//   3. each step's snapshot.json is byte-identical to rc.5's once `id` and `prevIds` are masked
//      (deltas and footprints included, so rc.5's `check` reaches the same verdicts on our folders);
//   4. sleet's SQL, step by step, applies cleanly to PGlite and to the real PostgreSQL server;
//   5. the server database it leaves is the last step's schema: `sleet push` finds nothing to change.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { withRoleLock } from './support/role-lock.js';
import { DELIBERATE, expectedFootprints, expectedStatements, footprintKey, listScenarios, rc5State } from './pg-scenarios.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sleetCli = path.join(root, 'js/cli.js');
const rc5Cli = path.join(root, 'node_modules/drizzle-kit/bin.cjs');
const CONFIG = `export default { dialect: 'postgresql', schema: './schema.ts', out: './drizzle' };\n`;

function makeProject(label) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sleet-${label}-`));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, 'drizzle.config.ts'), CONFIG);
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
  return { code: r.status, envelope, stderr: r.stderr };
}

function newestFile(dir, name) {
  const out = path.join(dir, 'drizzle');
  const folders = fs.readdirSync(out).filter((f) => fs.existsSync(path.join(out, f, 'migration.sql'))).sort();
  return fs.readFileSync(path.join(out, folders[folders.length - 1], name), 'utf8');
}

function newestMigration(dir) {
  return newestFile(dir, 'migration.sql');
}

/** The newest snapshot.json text with its random `id` and `prevIds` masked; everything else stays byte for byte. */
function newestSnapshotMasked(dir) {
  let text = newestFile(dir, 'snapshot.json');
  const { id, prevIds } = JSON.parse(text);
  text = text.replaceAll(id, '<id>');
  prevIds.forEach((p, i) => {
    if (p !== '00000000-0000-0000-0000-000000000000') text = text.replaceAll(p, `<parent ${i}>`);
  });
  return text;
}

/** A snapshot without its footprints: on deliberate steps they are compared apart (expectedFootprints). */
function withoutFootprints(text) {
  const { footprints: _, ...rest } = JSON.parse(text);
  return JSON.stringify(rest, null, 2);
}

function splitStatements(sql) {
  return sql.split('--> statement-breakpoint').map((s) => s.trim()).filter(Boolean);
}

const scenarios = listScenarios();

test('there are scenarios to run', () => {
  assert.ok(scenarios.length >= 30, `expected at least 30 scenarios in tests/scenarios/pg, found ${scenarios.length}`);
});

describe('sleet generate vs drizzle-kit 1.0.0-rc.5', () => {
  /** @type {any} */ let pglite;
  /** @type {any} */ let pgAdmin;
  before(async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    pglite = await PGlite.create();
    const pg = (await import('pg')).default;
    pgAdmin = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', password: 'postgres', database: 'postgres' });
    await pgAdmin.connect();
  });
  after(async () => {
    await pglite?.close();
    await pgAdmin?.end();
  });

  for (const { name: scenario, steps } of scenarios) {
    test(scenario, async () => {
      assert.ok(steps.length > 0, `${scenario} has no steps`);
      const rc5 = makeProject('rc5');
      const ours = makeProject('sleet');
      const applied = [];
      for (const { file, step: k, hints } of steps) {
        const hintArgs = hints.length ? ['--hints', JSON.stringify(hints)] : [];
        for (const p of [rc5, ours]) fs.copyFileSync(file, path.join(p, 'schema.ts'));
        const args = ['generate', '--name', `s${k}`, '--output', 'json', ...hintArgs];
        const theirs = run(rc5Cli, rc5, args);
        const mine = run(sleetCli, ours, args);
        assert.equal(mine.envelope.status, theirs.envelope.status, `${scenario} step ${k}: status (sleet stderr: ${mine.stderr}; sleet: ${JSON.stringify(mine.envelope)})`);
        assert.equal(mine.code, theirs.code, `${scenario} step ${k}: exit code`);
        if (theirs.envelope.status === 'ok') {
          const expected = newestMigration(rc5);
          const actual = newestMigration(ours);
          const known = DELIBERATE[`${scenario}/${k}`];
          if (known) {
            // rc.5's statements in rc.5's order, with only the documented ones dropped, inserted or
            // moved (tests/js/pg-scenarios.js, docs/differences.md); the footprints likewise, and the
            // rest of snapshot.json byte for byte.
            assert.deepEqual(splitStatements(actual), expectedStatements(splitStatements(expected), known.generate), known.reason);
            assert.equal(withoutFootprints(newestSnapshotMasked(ours)), withoutFootprints(newestSnapshotMasked(rc5)), `${scenario} step ${k}: snapshot.json differs`);
            const mineFp = JSON.parse(newestFile(ours, 'snapshot.json')).footprints;
            const wanted = expectedFootprints(JSON.parse(newestFile(rc5, 'snapshot.json')).footprints, known.generate.footprints);
            assert.deepEqual(mineFp.map((fp, i) => (typeof wanted[i] === 'string' ? footprintKey(fp) : fp)), wanted, `${scenario} step ${k}: footprints`);
          } else {
            assert.equal(actual, expected, `${scenario} step ${k}: migration.sql differs`);
            assert.equal(newestSnapshotMasked(ours), newestSnapshotMasked(rc5), `${scenario} step ${k}: snapshot.json differs`);
          }
          applied.push(...splitStatements(actual).map((sql) => ({ step: k, sql })));
        }
      }

      // Each tool reads the other's folder and finds nothing to do.
      const rc5OnOurs = run(rc5Cli, ours, ['generate', '--explain', '--output', 'json']);
      assert.equal(rc5OnOurs.envelope.status, 'no_changes', `${scenario}: rc.5 on sleet's folder: ${JSON.stringify(rc5OnOurs.envelope).slice(0, 500)}`);
      const oursOnRc5 = run(sleetCli, rc5, ['generate', '--explain', '--output', 'json']);
      assert.equal(oursOnRc5.envelope.status, 'no_changes', `${scenario}: sleet on rc.5's folder: ${JSON.stringify(oursOnRc5.envelope).slice(0, 500)}`);

      // Roles are cluster-wide: the scenario's own roles (every role any step declares) are dropped
      // before and after it, on PGlite and on the server; no other role is touched.
      const roles = new Set();
      for (const { file } of steps) {
        for (const row of (await rc5State(file)).ddl) if (row.entityType === 'roles') roles.add(row.name);
      }
      const dropRoles = [...roles].map((r) => `DROP ROLE IF EXISTS "${r}";`).join('\n');

      // The SQL applies cleanly, step by step, to PGlite and to the PostgreSQL server.
      await pglite.exec(`DO $$ DECLARE s text; BEGIN FOR s IN SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' LOOP EXECUTE format('DROP SCHEMA %I CASCADE', s); END LOOP; END $$; CREATE SCHEMA public;`);
      if (dropRoles) await pglite.exec(dropRoles);
      for (const { step, sql } of applied) {
        await assert.doesNotReject(pglite.exec(sql), `${scenario} step ${step} on PGlite: ${sql}`);
      }
      // The process id keeps two checkouts running this suite at once off each other's databases.
      const db = `sleet_gen_${process.pid}_${scenario.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}`.slice(0, 63);
      await withRoleLock(roles, async () => {
        await pgAdmin.query(`DROP DATABASE IF EXISTS "${db}"`);
        if (dropRoles) await pgAdmin.query(dropRoles);
        await pgAdmin.query(`CREATE DATABASE "${db}"`);
        const pg = (await import('pg')).default;
        const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', password: 'postgres', database: db });
        await client.connect();
        try {
          for (const { step, sql } of applied) {
            await assert.doesNotReject(client.query(sql), `${scenario} step ${step} on PostgreSQL: ${sql}`);
          }
          // The migrated database is what the last schema describes: push finds nothing to change.
          const config = { dialect: 'postgresql', schema: './schema.ts', dbCredentials: { url: `postgres://postgres@127.0.0.1:5432/${db}` }, entities: { roles: { include: [...roles] } } };
          fs.writeFileSync(path.join(ours, 'push.config.json'), JSON.stringify(config));
          const push = run(sleetCli, ours, ['push', '--explain', '--output', 'json', '--config', 'push.config.json']);
          assert.equal(push.envelope.status, 'no_changes', `${scenario}: the migrated database differs from the schema: ${JSON.stringify(push.envelope).slice(0, 1500)} ${push.stderr}`);
        } finally {
          await client.end();
          await pgAdmin.query(`DROP DATABASE IF EXISTS "${db}"`);
          if (dropRoles) await pgAdmin.query(dropRoles);
        }
      });
      fs.rmSync(rc5, { recursive: true, force: true });
      fs.rmSync(ours, { recursive: true, force: true });
    });
  }
});
