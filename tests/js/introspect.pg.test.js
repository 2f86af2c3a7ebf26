// Introspection of PostgreSQL (js/introspect/pg.js + the Rust core's pgIntrospect), against real
// databases: PostgreSQL 15 at 127.0.0.1:5432 (a throwaway database per run) and PGlite.
//   1. realistic DDL (tests/fixtures/introspect/pg-realistic.sql) → our rows vs drizzle-kit rc.5 `pull`'s
//      snapshot of the same database, row by row; the deliberate differences are listed and asserted;
//   2. the same DDL on PGlite gives the same rows as on the server;
//   3. SQL rc.5 `generate`s from a drizzle schema module, applied to a fresh database, introspects to
//      the rows rc.5's generateDrizzleJson builds for that module (expressions compared semantically);
//   4. the number of catalog round trips does not depend on the table count;
//   5. bad input: unreachable server, unknown user, schemaFilter matching nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { call } from '../../js/engine.js';
import { describeDriverError, introspectPg, queryFunctionFor } from '../../js/introspect/pg.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = (name) => path.join(root, 'tests/fixtures/introspect', name);
const realisticSql = fs.readFileSync(fixture('pg-realistic.sql'), 'utf8');
const SERVER = { host: '127.0.0.1', port: 5432, user: 'postgres' };
const RUN = `${process.pid}`;
const DB_REALISTIC = `sleet_introspect_a_${RUN}`;
const DB_GENERATED = `sleet_introspect_b_${RUN}`;
const DB_COUNTS = `sleet_introspect_c_${RUN}`;
const DB_DELIBERATE = `sleet_introspect_d_${RUN}`;
const FIXTURE_ROLES = ['sleet_introspect_admin', 'sleet_introspect_reader'];
const GENERATED_ROLES = ['sleet_gen_editor'];

const statements = (sql) => sql.split('--> statement-breakpoint').map((s) => s.trim()).filter(Boolean);
const keyOf = (r) => `${r.entityType}:${JSON.stringify([r.schema ?? null, r.table ?? null, r.name])}`;
const byKey = (rows) => new Map(rows.map((r) => [keyOf(r), r]));

async function withClient(database, fn) {
  const client = new pg.Client({ ...SERVER, database });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function recreateDatabase(name, roles) {
  await withClient('postgres', async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    for (const role of roles) await c.query(`DROP ROLE IF EXISTS "${role}"`);
    await c.query(`CREATE DATABASE "${name}"`);
  });
}

async function dropDatabase(name, roles) {
  await withClient('postgres', async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    for (const role of roles) await c.query(`DROP ROLE IF EXISTS "${role}"`);
  });
}

/** rc.5 `pull` on a server database; returns its snapshot's ddl rows. */
function rc5Pull(database) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sleet-rc5-pull-'));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(
    path.join(dir, 'drizzle.config.ts'),
    `export default { dialect: 'postgresql', out: './drizzle', dbCredentials: { url: 'postgres://postgres@127.0.0.1:5432/${database}' }, entities: { roles: true } };\n`,
  );
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/drizzle-kit/bin.cjs'), 'pull'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, `rc.5 pull failed: ${r.stderr}\n${r.stdout}`);
  const out = path.join(dir, 'drizzle');
  const folder = fs.readdirSync(out).find((f) => fs.existsSync(path.join(out, f, 'snapshot.json')));
  assert.ok(folder, 'rc.5 pull wrote no snapshot');
  const snapshot = JSON.parse(fs.readFileSync(path.join(out, folder, 'snapshot.json'), 'utf8'));
  fs.rmSync(dir, { recursive: true, force: true });
  return snapshot.ddl;
}

/**
 * Row-by-row comparison. Returns { same, onlyOurs, onlyTheirs, changed } with keys.
 * @param {any[]} ours @param {any[]} theirs @param {(a: any, b: any) => boolean} equal
 */
function compareRows(ours, theirs, equal = (a, b) => isDeepStrictEqualLoose(a, b)) {
  const o = byKey(ours);
  const t = byKey(theirs);
  const result = { same: 0, onlyOurs: [], onlyTheirs: [], changed: [] };
  for (const [k, row] of t) {
    const mine = o.get(k);
    if (!mine) result.onlyTheirs.push(k);
    else if (!equal(mine, row)) result.changed.push({ key: k, ours: mine, theirs: row });
    else result.same += 1;
  }
  for (const k of o.keys()) if (!t.has(k)) result.onlyOurs.push(k);
  return result;
}

function isDeepStrictEqualLoose(a, b) {
  try {
    assert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

describe('PostgreSQL introspection', () => {
  /** @type {any} */ let pglite;

  before(async () => {
    await recreateDatabase(DB_REALISTIC, FIXTURE_ROLES);
    await withClient(DB_REALISTIC, async (c) => {
      for (const s of statements(realisticSql)) await c.query(s);
    });
    const { PGlite } = await import('@electric-sql/pglite');
    const { citext } = await import('@electric-sql/pglite/contrib/citext');
    const { pg_buffercache } = await import('@electric-sql/pglite/contrib/pg_buffercache');
    pglite = await PGlite.create({ extensions: { citext, pg_buffercache } });
    for (const s of statements(realisticSql)) await pglite.query(s);
  });

  after(async () => {
    await pglite?.close();
    await dropDatabase(DB_REALISTIC, FIXTURE_ROLES);
    await dropDatabase(DB_GENERATED, GENERATED_ROLES);
    await dropDatabase(DB_COUNTS, []);
    await dropDatabase(DB_DELIBERATE, []);
  });

  test('realistic database: rows match rc.5 pull except the deliberate differences', async () => {
    const { ddl } = await withClient(DB_REALISTIC, (c) => introspectPg(queryFunctionFor(c), { entities: { roles: true } }));
    const rc5 = rc5Pull(DB_REALISTIC);
    const cmp = compareRows(ddl, rc5);
    // Deliberate: built-in pg_* roles cannot be created or dropped by a schema, and objects owned by
    // an extension (pg_depend deptype 'e': the pg_buffercache view) are the extension's. rc.5 lists
    // both, so its push would plan to drop them.
    const deliberate = cmp.onlyTheirs.filter((k) => /^roles:\[null,null,"pg_/.test(k) || k === 'views:["public",null,"pg_buffercache"]');
    assert.deepEqual(cmp.onlyTheirs.filter((k) => !deliberate.includes(k)), [], 'rows rc.5 has and we lack');
    assert.ok(deliberate.includes('views:["public",null,"pg_buffercache"]'), 'the extension-owned view is the expected difference');
    assert.deepEqual(cmp.onlyOurs, [], 'rows we have and rc.5 lacks');
    // Deliberate: a jsonb default is stored the way the serialiser writes it (JSON.stringify, no
    // spaces); rc.5's pull keeps Postgres' `'{"a": 1}'`, which its own generateDrizzleJson never produces.
    const jsonb = cmp.changed.filter((c) => c.key === 'columns:["public","users","meta"]');
    assert.deepEqual(jsonb.map((c) => [c.ours.default, c.theirs.default]), [[`'{"a":1}'`, `'{"a": 1}'`]]);
    assert.deepEqual(cmp.changed.filter((c) => !jsonb.includes(c)), [], 'rows that differ');
    assert.ok(cmp.same + jsonb.length >= 90, `expected the whole fixture to match, ${cmp.same} rows did`);
    const kinds = new Set(ddl.map((r) => r.entityType));
    for (const k of ['schemas', 'tables', 'enums', 'columns', 'indexes', 'fks', 'pks', 'uniques', 'checks', 'sequences', 'roles', 'policies', 'views']) {
      assert.ok(kinds.has(k), `fixture covers ${k}`);
    }
  });

  test('PGlite gives the same rows as the server for the same DDL', async () => {
    const options = { entities: { roles: { include: FIXTURE_ROLES } } };
    const server = await withClient(DB_REALISTIC, (c) => introspectPg(queryFunctionFor(c), options));
    const lite = await introspectPg(queryFunctionFor(pglite), options);
    // PGlite is PostgreSQL 17, which no longer qualifies columns of single-table views in
    // pg_get_viewdef: the texts differ, the semantic comparison must prove them equal.
    const viewVerdicts = [];
    const equal = (a, b) => {
      if (a.entityType === 'views' && a.definition !== b.definition) {
        const verdict = call('pgSameExpression', 'view', a.definition, b.definition);
        viewVerdicts.push(verdict);
        return verdict.then((v) => v === 'equal' && isDeepStrictEqualLoose({ ...a, definition: null }, { ...b, definition: null }));
      }
      return isDeepStrictEqualLoose(a, b);
    };
    const cmp = compareRows(lite.ddl, server.ddl, () => true);
    for (const k of cmp.onlyOurs.concat(cmp.onlyTheirs)) assert.fail(`row only on one side: ${k}`);
    const liteRows = byKey(lite.ddl);
    for (const row of server.ddl) {
      const mine = liteRows.get(keyOf(row));
      if (!(await equal(mine, row))) cmp.changed.push({ key: keyOf(row), ours: mine, theirs: row });
    }
    assert.ok((await Promise.all(viewVerdicts)).length >= 2, 'view texts differ between 15 and 17 and were compared');
    assert.deepEqual(cmp.onlyOurs, []);
    assert.deepEqual(cmp.onlyTheirs, []);
    assert.deepEqual(cmp.changed, []);
    assert.ok(!lite.ddl.some((r) => r.name === 'pg_buffercache'), 'extension-owned view excluded on PGlite too');
  });

  test('scope: schemaFilter, tablesFilter globs with negation, roles presets, migrations table', async () => {
    await pglite.query('CREATE SCHEMA IF NOT EXISTS drizzle');
    await pglite.query('CREATE TABLE IF NOT EXISTS drizzle.__drizzle_migrations (id serial PRIMARY KEY, hash text NOT NULL)');
    const q = queryFunctionFor(pglite);
    const all = (await introspectPg(q, {})).ddl;
    assert.ok(!all.some((r) => r.table === '__drizzle_migrations' || r.name === '__drizzle_migrations'), 'migrations table excluded');
    assert.ok(!all.some((r) => r.entityType === 'schemas' && r.name === 'drizzle'), 'migrations schema excluded while it holds only that table');
    assert.ok(!all.some((r) => r.entityType === 'roles'), 'roles only with entities.roles');

    const billing = (await introspectPg(q, { schemaFilter: ['bill*'] })).ddl;
    assert.deepEqual([...new Set(billing.filter((r) => r.entityType === 'tables').map((r) => r.schema))], ['billing']);
    assert.ok(!billing.some((r) => r.entityType === 'enums'), 'enums of other schemas are out of scope');

    const noUsers = (await introspectPg(q, { tablesFilter: ['!users', '!posts*', '!published_*'] })).ddl;
    const tables = noUsers.filter((r) => r.entityType === 'tables').map((r) => r.name).sort();
    assert.deepEqual(tables, ['accounts', 'invoice_lines', 'invoices', 'tags']);
    assert.ok(!noUsers.some((r) => r.entityType === 'views' && r.name === 'published_posts'), 'tablesFilter applies to views');

    const neon = (await introspectPg(q, { entities: { roles: { provider: 'neon' } } })).ddl.filter((r) => r.entityType === 'roles');
    assert.ok(neon.some((r) => r.name === 'sleet_introspect_admin'));
    assert.ok(!neon.some((r) => r.name.startsWith('pg_')));
  });

  test('SQL generated by rc.5 introspects to the rows of rc.5 generateDrizzleJson', async () => {
    const { generateDrizzleJson, generateMigration } = await import('drizzle-kit/api-postgres');
    const schema = await import(fixture('schema.mjs'));
    const expected = (await generateDrizzleJson(schema)).ddl;
    const sqls = await generateMigration(await generateDrizzleJson({}), await generateDrizzleJson(schema));
    await recreateDatabase(DB_GENERATED, GENERATED_ROLES);
    const { ddl } = await withClient(DB_GENERATED, async (c) => {
      for (const s of sqls) await c.query(s);
      return introspectPg(queryFunctionFor(c), { entities: { roles: { include: GENERATED_ROLES } } });
    });

    // Only the database knows: constraint names are real names there (rc.5 marks every introspected
    // name explicit). Expressions come back re-printed: compared semantically.
    const same = (kind, a, b) => a === b || (a != null && b != null && call('pgSameExpression', kind, a, b));
    const verdicts = [];
    const equal = async (ours, theirs) => {
      const a = structuredClone(ours);
      const b = structuredClone(theirs);
      for (const r of [a, b]) delete r.nameExplicit;
      // A materialized view without USING gets the default access method; only the database knows it.
      if (a.entityType === 'views' && a.materialized && a.using === 'heap' && b.using === null) a.using = null;
      const pairs = [];
      if (a.entityType === 'checks') pairs.push(['expression', b.value, a.value, () => (a.value = b.value)]);
      if (a.entityType === 'columns' && a.generated && b.generated) pairs.push(['expression', b.generated.as, a.generated.as, () => (a.generated.as = b.generated.as)]);
      if (a.entityType === 'views') pairs.push(['view', b.definition, a.definition, () => (a.definition = b.definition)]);
      if (a.entityType === 'policies') {
        pairs.push(['expression', b.using, a.using, () => (a.using = b.using)]);
        pairs.push(['expression', b.withCheck, a.withCheck, () => (a.withCheck = b.withCheck)]);
      }
      if (a.entityType === 'indexes') {
        pairs.push(['expression', b.where, a.where, () => (a.where = b.where)]);
        a.columns.forEach((col, i) => {
          if (col.isExpression && b.columns[i]) pairs.push(['expression', b.columns[i].value, col.value, () => (col.value = b.columns[i].value)]);
        });
      }
      for (const [kind, schemaSide, dbSide, align] of pairs) {
        if (schemaSide === dbSide) continue;
        const verdict = schemaSide != null && dbSide != null ? await same(kind, schemaSide, dbSide) : 'different';
        verdicts.push({ key: keyOf(a), kind, schemaSide, dbSide, verdict });
        if (verdict === 'equal') align();
      }
      return isDeepStrictEqualLoose(a, b);
    };
    const o = byKey(ddl);
    const changed = [];
    const missing = [];
    for (const [k, row] of byKey(expected)) {
      const mine = o.get(k);
      if (!mine) missing.push(k);
      else if (!(await equal(mine, row))) changed.push({ key: k, ours: mine, rc5: row });
    }
    const extra = [...o.keys()].filter((k) => !expected.some((r) => keyOf(r) === k));
    assert.deepEqual(missing, [], 'rows generateDrizzleJson has and the database lacks');
    assert.deepEqual(extra, [], 'rows the database has and generateDrizzleJson lacks');
    assert.deepEqual(changed, [], 'rows that differ after normalisation');
    assert.ok(verdicts.length >= 5, 'expressions were compared semantically');
    assert.deepEqual(verdicts.filter((v) => v.verdict !== 'equal'), [], 'every re-printed expression proven equal');
  });

  test('round trips do not depend on the table count (10 vs 200 tables)', async () => {
    await recreateDatabase(DB_COUNTS, []);
    const counted = async () =>
      withClient(DB_COUNTS, async (c) => {
        let n = 0;
        const q = queryFunctionFor(c);
        const progress = [];
        const { ddl } = await introspectPg(
          (sql) => {
            n += 1;
            return q(sql);
          },
          { onProgress: (e) => progress.push(e) },
        );
        return { n, ddl, tables: ddl.filter((r) => r.entityType === 'tables').length, progress };
      });
    const create = (from, to) =>
      withClient(DB_COUNTS, async (c) => {
        const ddl = [];
        for (let i = from; i < to; i++) {
          ddl.push(`CREATE TABLE t${i} (id serial PRIMARY KEY, ref integer REFERENCES t${Math.max(0, i - 1)}(id), label text DEFAULT 'x' NOT NULL, CONSTRAINT t${i}_chk CHECK (length(label) > 0));`);
          ddl.push(`CREATE INDEX t${i}_label_idx ON t${i} (lower(label));`);
        }
        await c.query(ddl.join('\n'));
      });
    await create(0, 10);
    const small = await counted();
    await create(10, 200);
    const large = await counted();
    assert.equal(small.tables, 10);
    assert.equal(large.tables, 200);
    assert.equal(large.n, small.n, 'same number of queries');
    assert.ok(small.n <= 10, `a fixed, small batch of queries (${small.n})`);
    assert.equal(large.progress.length, large.n);
    assert.equal(large.progress.at(-1).done, large.progress.at(-1).total);
    // 600 columns and 600 constraints (t0's foreign key refers to itself) cross the server's chunks of 500 rows (js/introspect/pg.js):
    // every row arrives once, in its place.
    const of = (kind) => large.ddl.filter((r) => r.entityType === kind);
    assert.equal(of('columns').length, 600);
    assert.equal(large.progress.find((e) => e.stage === 'columns').rows, 600);
    assert.equal(large.progress.find((e) => e.stage === 'constraints').rows, 600);
    assert.equal(new Set(of('columns').map(keyOf)).size, 600, 'no column twice');
    for (const i of [0, 1, 166, 167, 199]) {
      assert.deepEqual(of('columns').filter((c) => c.table === `t${i}`).map((c) => c.name), ['id', 'ref', 'label'], `t${i}'s columns`);
    }
    assert.equal(of('fks').length, 200);
    assert.equal(of('checks').length, 200);
  });

  // Deliberate differences (docs/differences.md, "Introspection"): a NOT VALID check is read with
  // pg_get_expr(conbin), so its text is the one the same check has when valid (rc.5 cuts it out of
  // pg_get_constraintdef and garbles it); an exclusion constraint's index is the constraint's, not a
  // plain index (rc.5 reports it, so its push would try to create it).
  test('NOT VALID checks read like valid ones; exclusion constraints bring no index', async () => {
    await recreateDatabase(DB_DELIBERATE, []);
    await withClient(DB_DELIBERATE, async (c) => {
      await c.query(`CREATE TABLE "bookings" ("id" integer PRIMARY KEY, "n" integer, "during" int4range)`);
      await c.query(`ALTER TABLE "bookings" ADD CONSTRAINT "n_valid" CHECK ("n" > 0 AND "n" < 100)`);
      await c.query(`ALTER TABLE "bookings" ADD CONSTRAINT "n_not_valid" CHECK ("n" > 0 AND "n" < 100) NOT VALID`);
      await c.query(`ALTER TABLE "bookings" ADD CONSTRAINT "no_overlap" EXCLUDE USING gist ("during" WITH &&)`);
    });
    const { ddl } = await withClient(DB_DELIBERATE, (c) => introspectPg(queryFunctionFor(c), {}));
    const rc5 = rc5Pull(DB_DELIBERATE);
    const check = (rows, name) => rows.find((r) => r.entityType === 'checks' && r.name === name);
    // The database is the judge of equal text: both constraints hold the same expression.
    assert.equal(check(ddl, 'n_not_valid').value, check(ddl, 'n_valid').value);
    // For the valid check both tools agree; for the NOT VALID one rc.5's text is not that expression.
    assert.equal(check(ddl, 'n_valid').value, check(rc5, 'n_valid').value);
    assert.notEqual(check(rc5, 'n_not_valid').value, check(rc5, 'n_valid').value, 'rc.5 still garbles NOT VALID checks: drop the difference if this fails');
    const indexNames = (rows) => rows.filter((r) => r.entityType === 'indexes').map((r) => r.name);
    assert.deepEqual(indexNames(ddl), []);
    assert.deepEqual(indexNames(rc5), ['no_overlap'], 'rc.5 reports the exclusion constraint as an index');
  });

  test('bad input: unreachable server, unknown user, schemaFilter matching nothing', async () => {
    const unreachable = 'postgres://app:s3cret@127.0.0.1:1/app';
    const c1 = new pg.Client({ connectionString: unreachable });
    const e1 = await c1.connect().then(() => null, (err) => describeDriverError(err, unreachable, 'connecting'));
    assert.equal(e1?.code, 'connection_error');
    assert.match(e1.message, /cannot reach the database postgres:\/\/app:\*\*\*\*@127\.0\.0\.1:1\/app/);
    assert.doesNotMatch(e1.message, /s3cret/);

    const badUser = `postgres://sleet_no_such_user:hunter2@127.0.0.1:5432/${DB_REALISTIC}`;
    const c2 = new pg.Client({ connectionString: badUser });
    const e2 = await c2.connect().then(() => null, (err) => describeDriverError(err, badUser, 'connecting'));
    await c2.end().catch(() => {});
    assert.equal(e2?.code, 'authentication_error');
    assert.doesNotMatch(e2.message, /hunter2/);
    assert.match(e2.message, /rejected the credentials/);

    // A driver failing mid-introspection is reported with the stage, credentials masked.
    const failing = async () => {
      throw Object.assign(new Error('permission denied for table pg_authid password=topsecret'), { code: '42501' });
    };
    await assert.rejects(introspectPg(failing, { target: 'postgres://u:pw@h/db' }), (err) => {
      assert.equal(err.code, 'permission_error');
      assert.doesNotMatch(err.message, /topsecret|:pw@/);
      return true;
    });

    await assert.rejects(introspectPg(queryFunctionFor(pglite), { schemaFilter: ['nope_*'] }), (err) => {
      assert.equal(err.code, 'schema_filter_error');
      assert.match(err.message, /matches no schema/);
      assert.match(err.message, /auth, billing/);
      return true;
    });
  });
});
