// SQLite pull code generation (model rows → schema.ts / relations.ts), without introspection.
// For every step of every scenario in tests/scenarios/sqlite and both casings:
//   1. the step's schema module, described by js/schema/sqlite.js and modelled by the core, gives the
//      original rows;
//   2. a real SQLite file is built from the core's export SQL; the views' columns are read from it;
//   3. sleet's `sqliteCodegen` writes schema.ts and relations.ts from the original rows;
//   4. the written schema.ts, loaded with the real drizzle-orm and described again, gives exactly the
//      original rows, and the core's `generate` (what `sleet generate` runs) against the original's
//      snapshot finds nothing to do;
//   5. every written file passes `tsc --noEmit` against drizzle-orm 1.0.0-rc.5;
//   6. rc.5's `pull` of the same SQLite file, fed through sleet's codegen from rc.5's own snapshot
//      rows, is compared with rc.5's schema.ts: same imports (sleet's a subset, in rc.5's order) and
//      the same builder per column, except the differences docs/differences.md lists.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { createJiti } from 'jiti';
import * as orm from 'drizzle-orm';
import * as sqliteCore from 'drizzle-orm/sqlite-core';
import { listScenarios } from './sqlite-scenarios.js';
import { serializeSqlite } from '../../js/schema/sqlite.js';
import { columnBuilders, importNames } from './support/sqlite-pull-shape.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const rc5Cli = path.join(root, 'node_modules/drizzle-kit/bin.cjs');
const tsc = path.join(root, 'node_modules/.bin/tsc');
const sleet = await import('./support/engine.js');

const scenarios = listScenarios();
const casings = ['camel', 'preserve'];
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sleet-sqlite-codegen-'));
// Generated files import drizzle-orm from the folder they are written to, as a project's would.
fs.symlinkSync(path.join(root, 'node_modules'), path.join(work, 'node_modules'));
/** Folders holding a generated schema.ts + relations.ts, type-checked together at the end. */
const written = [];
const compared = [];

after(() => {
  if (!process.env.KEEP) fs.rmSync(work, { recursive: true, force: true });
  else console.log('kept', work);
});

/** The description js/schema/sqlite.js gives for the schema modules (what every command starts from). */
function describeModules(modules) {
  return serializeSqlite(modules, { orm, sqliteCore });
}

async function importFresh(file) {
  const jiti = createJiti(import.meta.url, { moduleCache: false });
  return jiti.import(file);
}

/**
 * Rows grouped by kind and table, keeping their order within a table (column order is part of the
 * schema). Tables come in the order of the module's export names, which pull chooses anew.
 */
function byTable(rows) {
  const key = (r) => `${r.entityType}\0${r.table ?? r.name}`;
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** The core's generate, as `sleet generate` calls it. */
function generate(description, snapshots, name) {
  return sleet.generate({ dialect: 'sqlite', schema: description, snapshots, name, nowMs: Date.now(), newId: randomUUID(), out: 'drizzle' });
}

function project(dir, config) {
  fs.mkdirSync(dir, { recursive: true });
  if (!fs.existsSync(path.join(dir, 'node_modules'))) fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, 'drizzle.config.ts'), `export default ${JSON.stringify(config)};\n`);
}

function run(cli, dir, args) {
  const r = spawnSync(cli, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A real SQLite file holding the step's schema, created by the core's export SQL. */
async function buildDatabase(dir, description) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'db.sqlite');
  const client = createClient({ url: `file:${file}` });
  try {
    for (const statement of sleet.exportSql({ dialect: 'sqlite', schema: description }).statements) await client.execute(statement);
    const views = await client.execute("SELECT name FROM sqlite_schema WHERE type = 'view' ORDER BY name");
    const viewColumns = [];
    for (const { name } of views.rows) {
      const cols = await client.execute({ sql: 'SELECT name, type, "notnull" FROM pragma_table_xinfo(?)', args: [name] });
      for (const c of cols.rows) viewColumns.push({ view: String(name), name: String(c.name), type: String(c.type).toLowerCase(), notNull: Number(c.notnull) === 1 });
    }
    return { file, viewColumns };
  } finally {
    client.close();
  }
}

describe('sqlite pull codegen: rows → schema.ts → rows', () => {
  for (const { name: scenario, steps } of scenarios) {
    test(scenario, async (t) => {
      for (const { file, step } of steps) {
        const dir = path.join(work, scenario, step);
        const description = describeModules([await importFresh(file)]);
        const original = sleet.sqliteModel(description).ddl;
        const { file: dbFile, viewColumns } = await buildDatabase(path.join(dir, 'db'), description);
        const base = generate(description, [], 'original');
        assert.equal(base.status, 'ok');
        for (const casing of casings) {
          await t.test(`${step} ${casing}`, async () => {
            const out = sleet.sqliteCodegen({ ddl: original, viewColumns, casing });
            const ours = path.join(dir, casing);
            fs.mkdirSync(ours, { recursive: true });
            fs.writeFileSync(path.join(ours, 'schema.ts'), out.schemaTs);
            fs.writeFileSync(path.join(ours, 'relations.ts'), out.relationsTs);
            written.push(ours);
            assert.ok(!out.schemaTs.includes('// TODO'), `nothing left out:\n${out.schemaTs}`);

            const pulled = describeModules([await importFresh(path.join(ours, 'schema.ts'))]);
            assert.deepEqual(byTable(sleet.sqliteModel(pulled).ddl), byTable(original), `rows of the generated schema (${ours}/schema.ts)`);
            // generate with the generated schema against the original's snapshot: nothing to do.
            const again = generate(pulled, [{ folder: base.folder, text: base.snapshotJson }], 'pulled');
            assert.equal(again.status, 'no_changes', JSON.stringify(again.statements));
          });
        }
        // rc.5's pull of the same file: its snapshot rows through sleet's codegen, shape compared.
        await t.test(`${step} vs rc.5 pull`, async () => {
          const pull = path.join(dir, 'rc5');
          project(pull, { dialect: 'sqlite', out: './out', dbCredentials: { url: `file:${dbFile}` } });
          const r = run(rc5Cli, pull, ['pull']);
          assert.equal(r.code, 0, `rc.5 pull: ${r.out}${r.err}`);
          const outDir = path.join(pull, 'out');
          const folder = fs.readdirSync(outDir).find((f) => fs.existsSync(path.join(outDir, f, 'snapshot.json')));
          const theirRows = JSON.parse(fs.readFileSync(path.join(outDir, folder, 'snapshot.json'), 'utf8')).ddl;
          const theirs = fs.readFileSync(path.join(outDir, 'schema.ts'), 'utf8');
          const mine = sleet.sqliteCodegen({ ddl: theirRows, viewColumns, casing: 'camel' }).schemaTs;
          const theirImports = importNames(theirs);
          const myImports = importNames(mine);
          assert.deepEqual(myImports.filter((n) => !theirImports.includes(n)), [], `imports rc.5 does not write:\n${mine}\n--- rc.5:\n${theirs}`);
          assert.deepEqual(myImports, theirImports.filter((n) => myImports.includes(n)), 'imports in rc.5 order');
          assert.deepEqual(columnBuilders(mine), columnBuilders(theirs), `builders per column:\n${mine}\n--- rc.5:\n${theirs}`);
          compared.push(`${scenario}/${step}`);
        });
      }
    });
  }

  test('every generated file type-checks (tsc --noEmit)', () => {
    assert.ok(written.length >= scenarios.length * casings.length, `generated files for every scenario (${written.length})`);
    assert.ok(fs.existsSync(tsc), `${tsc} is missing: the typescript devDependency is not installed (npm ci)`);
    fs.writeFileSync(
      path.join(work, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'esnext', moduleResolution: 'bundler', skipLibCheck: true, types: [] },
        files: written.flatMap((d) => [path.join(d, 'schema.ts'), path.join(d, 'relations.ts')]),
      }),
    );
    const r = spawnSync(tsc, ['-p', work], { encoding: 'utf8' });
    assert.equal(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
  });

  test('every step was compared with rc.5', () => {
    const total = scenarios.reduce((n, s) => n + s.steps.length, 0);
    assert.equal(compared.length, total);
  });
});
