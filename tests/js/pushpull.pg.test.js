// `sleet push` and `sleet pull` end to end, through the CLI as a user runs it, against PostgreSQL 15 at
// 127.0.0.1:5432 (throwaway databases per run) and PGlite, with drizzle-kit 1.0.0-rc.5 as the oracle:
//   push: idempotence (push twice; push on a database built by sleet's generated migrations), the plan
//         against rc.5's `push --explain`, data loss decided on real rows (missing_hints / hints / empty
//         tables), failures caught before anything runs;
//   pull: realistic DDL (tests/fixtures/pushpull/shop.sql) → files that type-check, round trip (pull A →
//         generate → migrate fresh B → A and B introspect identically → push against A is empty),
//         rc.5's pull output, `--init` and its refusals;
//   bad input: unreachable server, unknown user, schemaFilter matching nothing, missing privileges.
// The pulled files are type-checked with the project's own typescript devDependency (node_modules/.bin/tsc);
// a missing tsc fails the test rather than skipping the check.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { introspectPg, queryFunctionFor } from '../../js/introspect/pg.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'js/cli.js');
const rc5 = path.join(root, 'node_modules/drizzle-kit/bin.cjs');
const tsc = path.join(root, 'node_modules/.bin/tsc');
const SERVER = { host: '127.0.0.1', port: 5432, user: 'postgres' };
const RUN = `${process.pid}`;
// A role of this run only: roles are cluster-wide and other test files use the fixture's name.
const ROLE = `sleet_pp_editor_${RUN}`;
const LIMITED = `sleet_pp_limited_${RUN}`;
const shopSql = fs.readFileSync(path.join(root, 'tests/fixtures/pushpull/shop.sql'), 'utf8');
const baseSchema = fs.readFileSync(path.join(root, 'tests/fixtures/introspect/schema.mjs'), 'utf8').replace("pgRole('sleet_gen_editor'", `pgRole('${ROLE}'`);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sleet-pushpull-'));
const databases = [];

const split = (sql) => sql.split('--> statement-breakpoint').map((s) => s.trim()).filter(Boolean);
const url = (db, user = 'postgres') => `postgres://${user}@127.0.0.1:5432/${db}`;

async function query(database, sql, user = 'postgres') {
  const client = new pg.Client({ ...SERVER, user, database });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

async function freshDatabase(suffix) {
  const name = `sleet_pp_${suffix}_${RUN}`;
  await query('postgres', `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await query('postgres', `CREATE DATABASE "${name}"`);
  databases.push(name);
  return name;
}

/** A project folder: config (JSON, read by both sleet and rc.5), schema module, node_modules. */
function project(name, config, schema) {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  if (!fs.existsSync(path.join(dir, 'node_modules'))) fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, 'drizzle.config.json'), JSON.stringify({ dialect: 'postgresql', out: './drizzle', ...config }));
  // rc.5 only reads drizzle.config.ts by default; the same object.
  fs.writeFileSync(path.join(dir, 'drizzle.config.ts'), `export default ${JSON.stringify({ dialect: 'postgresql', out: './drizzle', ...config })};\n`);
  if (schema !== undefined) fs.writeFileSync(path.join(dir, 'schema.mjs'), schema);
  return dir;
}

function sleet(dir, ...args) {
  const r = spawnSync(cli, [...args, ...(args.includes('--config') ? [] : ['--config', 'drizzle.config.json'])], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, out: r.stdout, err: r.stderr, json: parseJson(r.stdout) };
}

function drizzleKit(dir, ...args) {
  const r = spawnSync(process.execPath, [rc5, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr, json: parseJson(r.stdout) };
}

function parseJson(text) {
  const line = text.trim().split('\n').findLast((l) => l.startsWith('{'));
  try {
    return line ? JSON.parse(line) : undefined;
  } catch {
    return undefined;
  }
}

/** The SQL rc.5's text `push --explain` prints (after its header). */
function rc5ExplainSql(out) {
  const i = out.indexOf('--- Generated migration statements ---');
  if (i < 0) return [];
  // Altered columns come in a box (`┌─── … │ ALTER …; └───`): keep only the statements.
  return out.slice(i).split('\n').slice(1).map((l) => l.replace(/^│ /, '').trim()).filter((l) => l.endsWith(';'));
}

/** Catalog dump through sleet's introspection: rows keyed by identity. */
async function dump(database) {
  const client = new pg.Client({ ...SERVER, database });
  await client.connect();
  try {
    const { ddl } = await introspectPg(queryFunctionFor(client), { entities: { roles: { include: [ROLE] } } });
    return new Map(ddl.map((r) => [JSON.stringify([r.entityType, r.schema ?? null, r.table ?? null, r.name]), r]));
  } finally {
    await client.end();
  }
}

const pushConfig = (db) => ({ schema: './schema.mjs', dbCredentials: { url: url(db) }, entities: { roles: { include: [ROLE] } } });

before(async () => {
  await query('postgres', `DROP ROLE IF EXISTS "${ROLE}"`).catch(() => {});
  await query('postgres', `DROP ROLE IF EXISTS "${LIMITED}"`).catch(() => {});
});

after(async () => {
  for (const db of databases) await query('postgres', `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`).catch(() => {});
  await query('postgres', `DROP ROLE IF EXISTS "${ROLE}"`).catch(() => {});
  await query('postgres', `DROP ROLE IF EXISTS "${LIMITED}"`).catch(() => {});
  if (!process.env.SLEET_KEEP) fs.rmSync(work, { recursive: true, force: true });
});

describe('push (PostgreSQL server)', () => {
  let db;
  let dir;
  before(async () => {
    db = await freshDatabase('push');
    dir = project('push', pushConfig(db), baseSchema);
  });

  test('a database built by sleet generate + migrate needs zero push statements (sleet and rc.5)', async () => {
    const built = await freshDatabase('built');
    const gdir = project('built', pushConfig(built), baseSchema);
    assert.equal(sleet(gdir, 'generate', '--name', 'init').code, 0);
    const migrated = sleet(gdir, 'migrate');
    assert.equal(migrated.code, 0, migrated.out + migrated.err);
    const ours = sleet(gdir, 'push', '--explain', '--output', 'json');
    assert.deepEqual(ours.json, { status: 'no_changes', dialect: 'postgresql' }, ours.out + ours.err);
    const theirs = drizzleKit(gdir, 'push', '--explain', '--output', 'json');
    assert.equal(theirs.json?.status, 'no_changes');
  });

  test('push creates the schema; a second push has zero statements (sleet and rc.5 agree)', () => {
    const first = sleet(dir, 'push', '--output', 'json');
    assert.equal(first.code, 0, first.out + first.err);
    assert.deepEqual(first.json, { status: 'ok', dialect: 'postgresql' });
    const again = sleet(dir, 'push', '--explain', '--output', 'json');
    assert.equal(again.code, 0);
    assert.deepEqual(again.json, { status: 'no_changes', dialect: 'postgresql' });
    const theirs = drizzleKit(dir, 'push', '--explain', '--output', 'json');
    assert.equal(theirs.json?.status, 'no_changes', theirs.out + theirs.err);
  });

  test('push --explain plans what rc.5 plans for a changed schema, and changes nothing', async () => {
    const changed = baseSchema
      .replace("name: text().default('anon'),", "name: text().default('nobody'),\n  nickname: varchar({ length: 40 }),")
      .replace("  index('users_tags_gin_idx').using('gin', t.tags),\n", '')
      .replace("published: boolean().default(false).notNull(),", "published: boolean().default(false).notNull(),\n  views: integer().default(0).notNull(),");
    fs.writeFileSync(path.join(dir, 'schema.mjs'), changed);
    try {
      const ours = sleet(dir, 'push', '--explain', '--output', 'json');
      assert.equal(ours.code, 0, ours.out + ours.err);
      const theirs = drizzleKit(dir, 'push', '--explain');
      assert.equal(theirs.code, 0, theirs.out + theirs.err);
      assert.deepEqual(ours.json.sql, rc5ExplainSql(theirs.out));
      assert.equal(ours.json.sql.length, 4);
      const cols = await query(db, `select column_name from information_schema.columns where table_name = 'users' and column_name = 'nickname'`);
      assert.equal(cols.length, 0, '--explain must not change the database');
    } finally {
      fs.writeFileSync(path.join(dir, 'schema.mjs'), baseSchema);
    }
  });

  test('data loss: a non-empty column needs a confirm_data_loss hint (exit 2, rc.5\'s envelope); with it the push applies', async () => {
    await query(db, `insert into users (email) values ('a@example.com')`);
    const withoutScore = baseSchema
      .replace('  score: integer().default(0),\n', '')
      .replace("  check('score_non_negative', sql`${t.score} >= 0`),\n", '')
      .replace("index('users_name_idx').on(t.name.desc(), t.score),", "index('users_name_idx').on(t.name.desc()),");
    fs.writeFileSync(path.join(dir, 'schema.mjs'), withoutScore);
    const ours = sleet(dir, 'push', '--output', 'json');
    const theirs = drizzleKit(dir, 'push', '--output', 'json');
    assert.equal(ours.code, 2, ours.out + ours.err);
    assert.equal(theirs.code, 2);
    assert.deepEqual(ours.json, theirs.json);
    assert.deepEqual(ours.json.unresolved, [{ type: 'confirm_data_loss', kind: 'column', entity: ['public', 'users', 'score'], reason: 'non_empty' }]);
    // --force approves nothing without a terminal.
    assert.equal(sleet(dir, 'push', '--force').code, 2);
    assert.equal((await query(db, `select 1 from information_schema.columns where table_name = 'users' and column_name = 'score'`)).length, 1);

    const hint = JSON.stringify([{ type: 'confirm_data_loss', kind: 'column', entity: ['public', 'users', 'score'] }]);
    const applied = sleet(dir, 'push', '--hints', hint, '--output', 'json');
    assert.equal(applied.code, 0, applied.out + applied.err);
    assert.equal((await query(db, `select 1 from information_schema.columns where table_name = 'users' and column_name = 'score'`)).length, 0);
    assert.equal((await query(db, 'select count(*)::int as n from users'))[0].n, 1, 'rows stay');
    assert.equal(sleet(dir, 'push', '--explain', '--output', 'json').json.status, 'no_changes');
    fs.writeFileSync(path.join(dir, 'schema.mjs'), baseSchema);
    assert.equal(sleet(dir, 'push', '--output', 'json').code, 0);
  });

  test('data loss: an empty table is dropped without a question, a non-empty one asks (kind table)', async () => {
    const extra = `${baseSchema}\nexport const scratch = pgTable('scratch', { id: integer() });\nexport const keep = pgTable('keep_rows', { id: integer() });\n`;
    fs.writeFileSync(path.join(dir, 'schema.mjs'), extra);
    assert.equal(sleet(dir, 'push', '--output', 'json').code, 0);
    await query(db, 'insert into keep_rows values (1)');
    fs.writeFileSync(path.join(dir, 'schema.mjs'), baseSchema);
    const ours = sleet(dir, 'push', '--output', 'json');
    const theirs = drizzleKit(dir, 'push', '--output', 'json');
    assert.equal(ours.code, 2);
    assert.deepEqual(ours.json, theirs.json);
    assert.deepEqual(ours.json.unresolved, [{ type: 'confirm_data_loss', kind: 'table', entity: ['public', 'keep_rows'], reason: 'non_empty' }]);
    const hint = JSON.stringify([{ type: 'confirm_data_loss', kind: 'table', entity: ['public', 'keep_rows'] }]);
    assert.equal(sleet(dir, 'push', '--hints', hint).code, 0);
    const left = await query(db, `select table_name from information_schema.tables where table_name in ('scratch', 'keep_rows')`);
    assert.deepEqual(left, []);
  });

  test('a type change of a column holding values asks (reason type_change); NOT NULL over NULLs stops before anything runs', async () => {
    const retyped = baseSchema.replace("name: text().default('anon'),", "name: varchar({ length: 3 }).default('anon'),");
    fs.writeFileSync(path.join(dir, 'schema.mjs'), retyped);
    await query(db, `update users set name = 'longer than three'`);
    const asked = sleet(dir, 'push', '--output', 'json');
    assert.equal(asked.code, 2, asked.out + asked.err);
    assert.deepEqual(asked.json.unresolved, [{
      type: 'confirm_data_loss', kind: 'column', entity: ['public', 'users', 'name'], reason: 'type_change',
      reason_details: { from: 'text', to: 'varchar(3)' },
    }]);

    const notNull = baseSchema.replace("name: text().default('anon'),", "name: text().default('anon').notNull(),\n  nick: text(),");
    fs.writeFileSync(path.join(dir, 'schema.mjs'), notNull);
    await query(db, 'update users set name = null');
    const blocked = sleet(dir, 'push', '--output', 'json');
    assert.equal(blocked.code, 1, blocked.out + blocked.err);
    assert.equal(blocked.json.error.code, 'unsupported_schema_change');
    assert.match(blocked.json.error.message, /"name" of "public"."users" becomes NOT NULL but holds NULL values/);
    const nick = await query(db, `select 1 from information_schema.columns where table_name = 'users' and column_name = 'nick'`);
    assert.equal(nick.length, 0, 'nothing ran');
    const explained = sleet(dir, 'push', '--explain', '--output', 'json');
    assert.equal(explained.code, 0);
    assert.equal(explained.json.failing[0].kind, 'add_not_null');
    fs.writeFileSync(path.join(dir, 'schema.mjs'), baseSchema);
  });

});

describe('push (PostgreSQL server): what the schema marks .existing()', () => {
  const OUTSIDER = `sleet_pp_outsider_${RUN}`;
  const schema = [
    "import { integer, pgRole, pgTable, pgView } from 'drizzle-orm/pg-core';",
    "export const t = pgTable('t', { id: integer().primaryKey() });",
    "export const legacy = pgView('legacy', { id: integer() }).existing();",
    `export const outsider = pgRole('${OUTSIDER}').existing();`,
    '',
  ].join('\n');
  after(async () => {
    await query('postgres', `DROP ROLE IF EXISTS "${OUTSIDER}"`).catch(() => {});
  });

  // rc.5 also leaves the view alone, but plans DROP ROLE for the role it was told exists: a listed
  // difference (docs/differences.md).
  test('push neither drops nor recreates an existing view or role, and warns when the view is missing', async () => {
    const db = await freshDatabase('existing');
    await query('postgres', `DROP ROLE IF EXISTS "${OUTSIDER}"`);
    await query('postgres', `CREATE ROLE "${OUTSIDER}"`);
    const dir = project('existing', { schema: './schema.mjs', dbCredentials: { url: url(db) }, entities: { roles: { include: [OUTSIDER] } } }, schema);
    await query(db, 'create table t (id integer primary key); create view legacy as select id from t');
    const ours = sleet(dir, 'push', '--explain', '--output', 'json');
    assert.equal(ours.code, 0, ours.out + ours.err);
    assert.equal(ours.json.status, 'no_changes', ours.out);
    const theirs = drizzleKit(dir, 'push', '--explain');
    assert.equal(theirs.code, 0, theirs.out + theirs.err);
    assert.deepEqual(rc5ExplainSql(theirs.out), [`DROP ROLE "${OUTSIDER}";`]);
    assert.equal(sleet(dir, 'push').code, 0);
    assert.equal((await query(db, `select 1 from pg_views where viewname = 'legacy'`)).length, 1);
    assert.equal((await query(db, `select 1 from pg_roles where rolname = '${OUTSIDER}'`)).length, 1);

    await query(db, 'drop view legacy');
    const missing = sleet(dir, 'push', '--explain', '--output', 'json');
    assert.equal(missing.code, 0, missing.out + missing.err);
    assert.equal(missing.json.status, 'no_changes', missing.out);
    assert.match(JSON.stringify(missing.json.warnings ?? []), /view public\.legacy is marked \.existing\(\) but the database has no such view/);
  });
});

describe('pull (PostgreSQL server)', () => {
  let a;
  before(async () => {
    a = await freshDatabase('shop_a');
    for (const s of split(shopSql)) await query(a, s);
  });

  test('pull → tsc → generate → migrate a fresh database: identical catalogs; push against the original is empty', async () => {
    const dir = project('pull', { dbCredentials: { url: url(a) } });
    const pulled = sleet(dir, 'pull', '--output', 'json');
    assert.equal(pulled.code, 0, pulled.out + pulled.err);
    assert.equal(pulled.json.schemaPath, 'drizzle/schema.ts');
    const schemaTs = fs.readFileSync(path.join(dir, 'drizzle/schema.ts'), 'utf8');
    const migration = fs.readFileSync(path.join(dir, pulled.json.migrationPath), 'utf8');
    assert.ok(migration.startsWith('-- Current sql file was generated after introspecting the database'));
    assert.ok(!/citext_|similarity|gtrgm/.test(schemaTs), 'extension-owned objects stay out');

    assert.ok(fs.existsSync(tsc), `${tsc} is missing: the typescript devDependency is not installed (npm ci)`);
    fs.writeFileSync(path.join(dir, 'drizzle/tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'esnext', moduleResolution: 'bundler', skipLibCheck: true, types: [] },
      files: ['schema.ts', 'relations.ts'],
    }));
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'drizzle/node_modules'));
    const typecheck = spawnSync(tsc, ['-p', path.join(dir, 'drizzle')], { encoding: 'utf8' });
    assert.equal(typecheck.status, 0, `tsc failed:\n${typecheck.stdout}${typecheck.stderr}`);

    const b = await freshDatabase('shop_b');
    // Extensions are the database's, not the schema's: the fresh database has them like the original.
    for (const e of ['citext', 'pg_trgm']) await query(b, `CREATE EXTENSION "${e}"`);
    const gdir = project('pull-generate', { schema: '../pull/drizzle/schema.ts', out: './migrations', dbCredentials: { url: url(b) } });
    assert.equal(sleet(gdir, 'generate', '--name', 'from_pull').code, 0);
    const migrated = sleet(gdir, 'migrate');
    assert.equal(migrated.code, 0, migrated.out + migrated.err);
    const [da, db] = [await dump(a), await dump(b)];
    assert.deepEqual([...db.keys()].sort(), [...da.keys()].sort());
    for (const [k, row] of da) assert.deepEqual(db.get(k), row, k);

    const pdir = project('pull-push', { schema: '../pull/drizzle/schema.ts', dbCredentials: { url: url(a) } });
    const pushed = sleet(pdir, 'push', '--explain', '--output', 'json');
    assert.deepEqual(pushed.json, { status: 'no_changes', dialect: 'postgresql' }, pushed.out + pushed.err);
  });

  test('pull output against rc.5 pull on the same database', () => {
    const ours = project('pull-ours', { dbCredentials: { url: url(a) } });
    const theirs = project('pull-rc5', { dbCredentials: { url: url(a) } });
    assert.equal(sleet(ours, 'pull').code, 0);
    assert.equal(drizzleKit(theirs, 'pull').code, 0);
    const read = (d, f) => fs.readFileSync(path.join(d, 'drizzle', f), 'utf8');
    assert.equal(read(ours, 'relations.ts'), read(theirs, 'relations.ts'));
    // rc.5 lists imports (and nothing else) in the server's unspecified row order of `ORDER BY attnum`.
    const [ourImports, ...ourBody] = read(ours, 'schema.ts').split('\n');
    const [theirImports, ...theirBody] = read(theirs, 'schema.ts').split('\n');
    const names = (line) => line.replace(/^import \{ | \} from .*$/g, '').split(', ').sort();
    assert.deepEqual(names(ourImports), names(theirImports));
    // Deliberate: jsonb defaults in the serialiser's spelling (push stays empty); numeric defaults
    // keep their text (no mode: 'number' precision loss).
    const normalise = (lines) => lines.join('\n')
      .replace(/numeric\(((?:"[^"]*", )?)\{ mode: 'number', (precision: \d+, scale: \d+) \}\)\.default\(([\d.]+)\)/g, 'numeric($1{ $2 }).default("$3")');
    assert.equal(normalise(ourBody), normalise(theirBody));
    const sqlOf = (d) => {
      const folder = fs.readdirSync(path.join(d, 'drizzle')).find((f) => fs.existsSync(path.join(d, 'drizzle', f, 'migration.sql')));
      return fs.readFileSync(path.join(d, 'drizzle', folder, 'migration.sql'), 'utf8');
    };
    assert.equal(sqlOf(ours), sqlOf(theirs));
  });

  test('pull --init records the baseline; it refuses a database with migration rows and a folder with migrations', async () => {
    const c = await freshDatabase('shop_init');
    for (const s of split(shopSql)) await query(c, s);
    const dir = project('pull-init', { dbCredentials: { url: url(c) } });
    const r = sleet(dir, 'pull', '--init', '--output', 'json');
    assert.equal(r.code, 0, r.out + r.err);
    const migration = fs.readFileSync(path.join(dir, r.json.migrationPath), 'utf8');
    assert.ok(migration.startsWith('CREATE SCHEMA'), 'uncommented');
    const rows = await query(c, 'select name from drizzle.__drizzle_migrations');
    assert.deepEqual(rows.map((x) => x.name), [path.basename(path.dirname(r.json.migrationPath))]);
    const status = sleet(dir, 'migrate', '--status');
    assert.equal(status.code, 0, status.out + status.err);
    assert.match(status.out, /applied\s+\d{14}_/);
    assert.doesNotMatch(status.out, /pending/);
    // The migrations table is bookkeeping, never part of the pulled schema nor of a push plan.
    assert.ok(!fs.readFileSync(path.join(dir, 'drizzle/schema.ts'), 'utf8').includes('__drizzle_migrations'));

    const again = sleet(dir, 'pull', '--init', '--output', 'json');
    assert.equal(again.code, 1);
    assert.match(again.json.error.message, /--init can't be used with existing migrations/);
    const other = project('pull-init-2', { dbCredentials: { url: url(c) } });
    const refused = sleet(other, 'pull', '--init', '--output', 'json');
    assert.equal(refused.code, 1);
    assert.match(refused.json.error.message, /--init can't be used when database already has migrations set/);
    assert.ok(!fs.existsSync(path.join(other, 'drizzle')), 'nothing written');
  });
});

describe('bad input', () => {
  test('unreachable server: connection_error, exit 1, password masked', () => {
    const dir = project('bad-unreachable', { schema: './schema.mjs', dbCredentials: { url: 'postgres://someone:s3cretpw@127.0.0.1:1/nowhere' } }, baseSchema);
    for (const cmd of ['push', 'pull']) {
      const r = sleet(dir, cmd, '--output', 'json');
      assert.equal(r.code, 1, r.out + r.err);
      assert.equal(r.json.error.code, 'connection_error');
      assert.ok(!r.out.includes('s3cretpw') && !r.err.includes('s3cretpw'));
      assert.match(r.json.error.message, /ECONNREFUSED/);
    }
  });

  test('unknown user: authentication_error', () => {
    const dir = project('bad-user', { dbCredentials: { url: 'postgres://no_such_user_sleet:pw12345@127.0.0.1:5432/postgres' } });
    const r = sleet(dir, 'pull', '--output', 'json');
    assert.equal(r.code, 1);
    assert.equal(r.json.error.code, 'authentication_error');
    assert.ok(!r.out.includes('pw12345'));
  });

  test('schemaFilter matching nothing: schema_filter_error naming the schemas', async () => {
    const db = await freshDatabase('filter');
    const dir = project('bad-filter', { schemaFilter: ['nope'], dbCredentials: { url: url(db) } });
    const r = sleet(dir, 'pull', '--output', 'json');
    assert.equal(r.code, 1);
    assert.equal(r.json.error.code, 'schema_filter_error');
    assert.match(r.json.error.message, /matches no schema/);
  });

  test('missing privileges: permission_error before anything changes', async () => {
    const db = await freshDatabase('privs');
    await query(db, 'create table guarded (id integer, secret text)');
    await query(db, `insert into guarded values (1, 'x')`);
    await query('postgres', `CREATE ROLE "${LIMITED}" LOGIN`);
    const dir = project('bad-privs', { schema: './schema.mjs', dbCredentials: { url: url(db, LIMITED) } },
      "import { pgTable, integer } from 'drizzle-orm/pg-core';\nexport const guarded = pgTable('guarded', { id: integer() });\n");
    const hint = JSON.stringify([{ type: 'confirm_data_loss', kind: 'column', entity: ['public', 'guarded', 'secret'] }]);
    // The hint answers the question, so the probe is skipped and the ALTER itself is refused.
    const r = sleet(dir, 'push', '--hints', hint, '--output', 'json');
    assert.equal(r.code, 1, r.out + r.err);
    assert.equal(r.json.error.code, 'permission_error');
    assert.match(r.json.error.message, /Nothing was changed/);
    const withoutHint = sleet(dir, 'push', '--output', 'json');
    assert.equal(withoutHint.code, 1);
    assert.equal(withoutHint.json.error.code, 'permission_error');
  });
});

describe('PGlite', () => {
  test('push twice (second empty), pull of the pushed database round-trips to an empty push', () => {
    const dataDir = path.join(work, 'pglite-data');
    const config = { driver: 'pglite', schema: './schema.mjs', dbCredentials: { url: dataDir }, entities: { roles: { include: [ROLE] } } };
    const dir = project('pglite', config, baseSchema);
    const first = sleet(dir, 'push', '--output', 'json');
    assert.equal(first.code, 0, first.out + first.err);
    const again = sleet(dir, 'push', '--explain', '--output', 'json');
    assert.deepEqual(again.json, { status: 'no_changes', dialect: 'postgresql' }, again.out + again.err);
    const pulled = sleet(dir, 'pull', '--output', 'json');
    assert.equal(pulled.code, 0, pulled.out + pulled.err);
    const pdir = project('pglite-pulled', { ...config, schema: '../pglite/drizzle/schema.ts' });
    const pushed = sleet(pdir, 'push', '--explain', '--output', 'json');
    assert.deepEqual(pushed.json, { status: 'no_changes', dialect: 'postgresql' }, pushed.out + pushed.err);
  });
});
