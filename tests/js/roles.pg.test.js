// Roles are cluster-wide in Postgres. With `sleet: { roles: 'guarded' }` one migration folder must
// apply to several databases of the same cluster, whichever order they migrate in; without it sleet
// prints rc.5's plain `CREATE ROLE`, which fails on the second database (drizzle-kit's behaviour).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { listScenarios, rc5State } from './pg-scenarios.js';
import { holdRoleLock } from './support/role-lock.js';


const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sleetCli = path.join(root, 'js/cli.js');
const rc5Cli = path.join(root, 'node_modules/drizzle-kit/bin.cjs');
const scenario = listScenarios().find((s) => s.name === '46_policies_with_roles');
const DB = ['sleet_roles_a', 'sleet_roles_b'];

function generateFolder(cli, roles) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sleet-roles-'));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  const sleet = roles ? `, sleet: { roles: '${roles}' }` : '';
  fs.writeFileSync(path.join(dir, 'drizzle.config.ts'), `export default { dialect: 'postgresql', schema: './schema.ts', out: './drizzle'${sleet} };\n`);
  const migrations = [];
  for (const { file, step, hints } of scenario.steps) {
    fs.copyFileSync(file, path.join(dir, 'schema.ts'));
    const hintArgs = hints.length ? ['--hints', JSON.stringify(hints)] : [];
    const r = spawnSync(cli, ['generate', '--name', `s${step}`, ...hintArgs], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
    assert.equal(r.status, 0, r.stderr);
    const out = path.join(dir, 'drizzle');
    const folder = fs.readdirSync(out).sort().pop();
    const sql = fs.readFileSync(path.join(out, folder, 'migration.sql'), 'utf8');
    migrations.push(sql.split('--> statement-breakpoint').map((s) => s.trim()).filter(Boolean));
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return migrations;
}

describe('roles across the databases of one cluster', () => {
  /** @type {any} */ let admin;
  /** @type {any} */ let pg;
  let roles = [];
  const clients = {};
  const dropRoles = () => admin.query(roles.map((r) => `DROP ROLE IF EXISTS "${r}";`).join('\n'));
  const reset = async () => {
    for (const db of DB) {
      await clients[db]?.end();
      delete clients[db];
      await admin.query(`DROP DATABASE IF EXISTS "${db}"`);
    }
    await dropRoles();
    for (const db of DB) {
      await admin.query(`CREATE DATABASE "${db}"`);
      clients[db] = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', password: 'postgres', database: db });
      await clients[db].connect();
    }
  };
  const apply = async (db, statements) => {
    for (const sql of statements) await clients[db].query(sql);
  };

  /** @type {() => Promise<void>} */ let releaseRoles = async () => {};
  before(async () => {
    // The push differential creates this scenario's roles too, from the other test shard.
    releaseRoles = await holdRoleLock();
    pg = (await import('pg')).default;
    admin = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', password: 'postgres', database: 'postgres' });
    await admin.connect();
    const names = new Set();
    for (const { file } of scenario.steps) for (const row of (await rc5State(file)).ddl) if (row.entityType === 'roles') names.add(row.name);
    roles = [...names];
  });
  after(async () => {
    for (const db of DB) await clients[db]?.end();
    for (const db of DB) await admin.query(`DROP DATABASE IF EXISTS "${db}"`);
    await dropRoles();
    await admin.end();
    await releaseRoles();
  });

  test('plain (default) role statements are rc.5 byte for byte and fail on a second database', async () => {
    const ours = generateFolder(sleetCli, null);
    assert.deepEqual(ours, generateFolder(rc5Cli, null));
    await reset();
    await apply(DB[0], ours[0]);
    await assert.rejects(apply(DB[1], ours[0]), /already exists/);
  });

  test('guarded role statements: only role statements differ from rc.5', () => {
    const guarded = generateFolder(sleetCli, 'guarded');
    const plain = generateFolder(rc5Cli, null);
    const isRole = (s) => /^(CREATE ROLE|DROP ROLE|ALTER ROLE "[^"]+" RENAME)/.test(s);
    guarded.forEach((stmts, i) => {
      assert.deepEqual(stmts.filter((s) => !s.startsWith('DO $$')), plain[i].filter((s) => !isRole(s)));
      assert.equal(stmts.filter((s) => s.startsWith('DO $$')).length, plain[i].filter(isRole).length);
    });
  });

  test('guarded: one database after the other', async () => {
    const migrations = generateFolder(sleetCli, 'guarded');
    await reset();
    for (const db of DB) for (const m of migrations) await apply(db, m);
    const { rows } = await admin.query(`SELECT rolname FROM pg_roles WHERE rolname = ANY($1)`, [roles]);
    assert.deepEqual(rows, [], 'the last migration drops every role of the scenario');
  });

  test('guarded: databases kept in step (each migration on both before the next)', async () => {
    const migrations = generateFolder(sleetCli, 'guarded');
    await reset();
    for (const [i, m] of migrations.entries()) {
      for (const db of DB) await apply(db, m);
      // After the rename step both databases' policies name the renamed role.
      if (i === 1) {
        for (const db of DB) {
          const { rows } = await clients[db].query(`SELECT DISTINCT unnest(roles)::text AS r FROM pg_policies WHERE tablename = 't'`);
          const names = rows.map((x) => x.r);
          assert.ok(names.includes('sleet_t46_boss') && !names.includes('sleet_t46_admin'), `${db}: ${names}`);
        }
      }
    }
    const { rows } = await admin.query(`SELECT rolname FROM pg_roles WHERE rolname = ANY($1)`, [roles]);
    assert.deepEqual(rows, []);
  });

  // The server tests above, repeated on PGlite: its own catalogs must show the same outcome.
  test('guarded statements on PGlite: an existing role is accepted, the rename reaches the policies, the last step drops every role', async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create();
    const policyRoles = async () => (await db.query(`SELECT DISTINCT unnest(roles)::text AS r FROM pg_policies WHERE tablename = 't' ORDER BY 1`)).rows.map((x) => x.r);
    try {
      // As if another database of the cluster had run the first migration already (docs/roles.md).
      await db.exec('CREATE ROLE "sleet_t46_reader"');
      const migrations = generateFolder(sleetCli, 'guarded');
      for (const [i, m] of migrations.entries()) {
        for (const sql of m) await db.exec(sql);
        // The scenario's steps: 01 declares admin + reader (and `current_user`, which Postgres stores
        // as the role running the migration: PGlite's `postgres`), 02 renames admin to boss (hints file).
        if (i === 0) assert.deepEqual(await policyRoles(), ['postgres', 'sleet_t46_admin', 'sleet_t46_reader']);
        if (i === 1) assert.deepEqual(await policyRoles(), ['postgres', 'sleet_t46_boss', 'sleet_t46_reader']);
      }
      const { rows } = await db.query(`SELECT rolname FROM pg_roles WHERE rolname = ANY($1)`, [[...roles, 'sleet_t46_reader']]);
      assert.deepEqual(rows, [], 'the last migration drops every role of the scenario');
    } finally {
      await db.close();
    }
  });
});
