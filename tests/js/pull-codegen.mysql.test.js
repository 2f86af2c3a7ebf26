// MySQL pull code generation (model rows → schema.ts / relations.ts), without introspection.
// For every step of every scenario in tests/scenarios/mysql, and a schema using every type and
// construct (tests/fixtures/codegen/mysql-every-type.ts), in both introspect casings:
//   1. the schema module, described by js/schema/mysql.js and modelled by the core, gives the
//      original rows;
//   2. where it has views, a real MariaDB database is built from the core's export SQL and the
//      views' columns are read from information_schema.COLUMNS (what pull's introspection hands over);
//   3. sleet's `mysqlCodegen` writes schema.ts and relations.ts from the original rows;
//   4. the written schema.ts, loaded with the real drizzle-orm and described again, gives exactly the
//      original rows (same order within each table), and the core's `generate` against the
//      original's snapshot finds nothing to do;
//   5. every written file passes `tsc --strict --noEmit` against drizzle-orm 1.0.0-rc.5.
// rc.5's own pull of these databases is not compared here: on a shared server it fails ("Failed to
// connect to or introspect") as soon as another database holds tables of the same names. The
// shape was compared by hand (docs/differences.md, MySQL pull code generation).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import mysql from 'mysql2/promise';
import * as orm from 'drizzle-orm';
import * as mysqlCore from 'drizzle-orm/mysql-core';
import { listScenarios } from './support/generate-diff.js';
import { serializeMysql } from '../../js/schema/mysql.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsc = path.join(root, 'node_modules/.bin/tsc');
const sleet = await import('./support/engine.js');
const SERVER = { host: '127.0.0.1', port: 3306, user: 'root' };

const everyType = path.join(root, 'tests/fixtures/codegen/mysql-every-type.ts');
const cases = [
  ...listScenarios('mysql').flatMap(({ name, steps }) => steps.map(({ file, step }) => ({ label: `${name}/${step}`, file }))),
  { label: 'every-type', file: everyType },
];
const casings = ['camel', 'preserve'];
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sleet-mysql-codegen-'));
// Generated files import drizzle-orm from the folder they are written to, as a project's would.
fs.symlinkSync(path.join(root, 'node_modules'), path.join(work, 'node_modules'));
const written = [];
const databases = [];
let viewsFromDatabase = 0;

after(async () => {
  if (!process.env.KEEP) fs.rmSync(work, { recursive: true, force: true });
  else console.log('kept', work);
  const admin = await mysql.createConnection(SERVER);
  for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.end();
});

const describeModules = (modules) => serializeMysql(modules, { orm, mysqlCore });

async function importFresh(file) {
  const jiti = createJiti(import.meta.url, { moduleCache: false });
  return jiti.import(file);
}

/** Rows grouped by kind and table, keeping their order within a table (drizzle's order is part of the model). */
function byTable(rows) {
  const key = (r) => `${r.entityType}\0${r.table ?? r.name}`;
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function generate(description, snapshots, name) {
  return sleet.generate({ dialect: 'mysql', schema: description, snapshots, name, nowMs: Date.now(), newId: randomUUID(), out: 'drizzle' });
}

/** The views' columns as MariaDB reports them, from a database built with the core's export SQL. */
async function viewColumnsFromDatabase(label, description) {
  const name = `mysqlpull_codegen_${databases.length}_${process.pid}`;
  const admin = await mysql.createConnection(SERVER);
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.query(`CREATE DATABASE \`${name}\``);
  await admin.end();
  databases.push(name);
  const c = await mysql.createConnection({ ...SERVER, database: name });
  try {
    for (const statement of sleet.exportSql({ dialect: 'mysql', schema: description }).statements) {
      try {
        await c.query(statement);
      } catch (e) {
        assert.fail(`${label}: ${e.message}\n${statement}`);
      }
    }
    const [rows] = await c.query(
      `SELECT c.TABLE_NAME AS view, c.COLUMN_NAME AS name, c.COLUMN_TYPE AS type, c.IS_NULLABLE AS nullable
       FROM information_schema.COLUMNS c JOIN information_schema.VIEWS v ON v.TABLE_SCHEMA = c.TABLE_SCHEMA AND v.TABLE_NAME = c.TABLE_NAME
       WHERE c.TABLE_SCHEMA = DATABASE() ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION`,
    );
    return rows.map((r) => ({ view: r.view, name: r.name, type: r.type, notNull: r.nullable === 'NO' }));
  } finally {
    await c.end();
  }
}

describe('mysql pull codegen: rows → schema.ts → rows', () => {
  for (const { label, file } of cases) {
    test(label, async (t) => {
      const description = describeModules([await importFresh(file)]);
      const original = sleet.mysqlModel(description).ddl;
      const hasViews = original.some((r) => r.entityType === 'views');
      const viewColumns = hasViews ? await viewColumnsFromDatabase(label, description) : [];
      if (hasViews) {
        assert.ok(viewColumns.length > 0, `${label}: MariaDB reports the views' columns`);
        viewsFromDatabase++;
      }
      const base = generate(description, [], 'original');
      assert.equal(base.status, 'ok');
      for (const casing of casings) {
        await t.test(casing, async () => {
          const out = sleet.mysqlCodegen({ ddl: original, viewColumns, casing });
          const dir = path.join(work, label.replace(/\W/g, '_'), casing);
          fs.mkdirSync(dir, { recursive: true });
          fs.writeFileSync(path.join(dir, 'schema.ts'), out.schemaTs);
          fs.writeFileSync(path.join(dir, 'relations.ts'), out.relationsTs);
          written.push(dir);
          assert.ok(!out.schemaTs.includes('// TODO'), `nothing left out:\n${out.schemaTs}`);
          const pulled = describeModules([await importFresh(path.join(dir, 'schema.ts'))]);
          assert.deepEqual(byTable(sleet.mysqlModel(pulled).ddl), byTable(original), `rows of the generated schema (${dir}/schema.ts):\n${out.schemaTs}`);
          const again = generate(pulled, [{ folder: base.folder, text: base.snapshotJson }], 'pulled');
          assert.equal(again.status, 'no_changes', JSON.stringify(again.statements));
        });
      }
    });
  }

  test('views were given columns read from MariaDB', () => {
    assert.ok(viewsFromDatabase >= 2, `cases with views: ${viewsFromDatabase}`);
  });

  test('every generated file type-checks (tsc --strict --noEmit)', () => {
    assert.equal(written.length, cases.length * casings.length, 'generated files for every case');
    assert.ok(fs.existsSync(tsc), `${tsc} is missing: the typescript devDependency is not installed (npm ci)`);
    fs.writeFileSync(
      path.join(work, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'esnext', moduleResolution: 'bundler', skipLibCheck: true, types: [] },
        files: written.flatMap((d) => [path.join(d, 'schema.ts'), path.join(d, 'relations.ts')]),
      }),
    );
    const r = spawnSync(tsc, ['-p', work], { encoding: 'utf8', timeout: 300_000 });
    assert.equal(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
  });
});
