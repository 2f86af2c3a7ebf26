// The README's flags through the CLI's own argument parsing (`node js/cli.js …` in a child process), each
// against a real thing: PostgreSQL at 127.0.0.1:5432 (throwaway databases named sleet_cliflags_<pid>_…),
// drizzle-kit 1.0.0-rc.5 as the oracle where it has the same flag, and the Node `generate()` API.
// Where each expectation comes from is noted at the assertion.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { generate } from '../../js/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'js/cli.js');
const rc5Cli = path.join(root, 'node_modules/drizzle-kit/bin.cjs');
const migrationFixture = path.join(root, 'tests/fixtures/migrations/pg');
const INIT = '20260101000000_init';
const VIEWS = '20260102000000_views';
const SERVER = { host: '127.0.0.1', port: 5432, user: 'postgres' };
const PREFIX = `sleet_cliflags_${process.pid}`;
const databases = [];
const dirs = [];

const V1 = `import { pgTable, integer, text } from 'drizzle-orm/pg-core';
export const users = pgTable('users', { id: integer('id').primaryKey(), firstName: text('first_name') });
export const posts = pgTable('posts', { id: integer('id').primaryKey(), userId: integer('user_id').references(() => users.id) });
`;
// first_name becomes given_name: rename or create+drop, a question only hints (or a terminal) answer.
const V2 = V1.replace("firstName: text('first_name')", "givenName: text('given_name')");
const RENAME = [{ type: 'rename', kind: 'column', from: ['public', 'users', 'first_name'], to: ['public', 'users', 'given_name'] }];

/** A project folder with node_modules linked and the given files. */
function project(label, files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sleet-cliflags-${label}-`));
  dirs.push(dir);
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), typeof text === 'string' ? text : JSON.stringify(text));
  }
  return dir;
}

function run(bin, dir, args) {
  const r = spawnSync(bin, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60000 });
  let json;
  try {
    json = JSON.parse(r.stdout.trim().split('\n').pop() ?? '');
  } catch {
    json = undefined;
  }
  return { code: r.status, out: r.stdout, err: r.stderr, json };
}
const sleet = (dir, ...args) => run(cli, dir, args);
const drizzleKit = (dir, ...args) => run(rc5Cli, dir, args);

async function withClient(database, fn) {
  const client = new pg.Client({ ...SERVER, database });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function freshDatabase(label) {
  const name = `${PREFIX}_${label}`;
  await withClient('postgres', async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}"`);
  });
  databases.push(name);
  return { name, url: `postgres://postgres@127.0.0.1:5432/${name}` };
}

const columnsOf = (db, table) => withClient(db, async (c) => (await c.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`, [table])).rows.map((r) => r.column_name));
const recorded = (db) => withClient(db, async (c) => {
  const exists = (await c.query(`SELECT to_regclass('drizzle.__drizzle_migrations') AS t`)).rows[0].t;
  return exists ? (await c.query('SELECT name FROM drizzle.__drizzle_migrations ORDER BY id')).rows.map((r) => r.name) : null;
});

after(async () => {
  await withClient('postgres', async (c) => {
    for (const name of databases) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('generate flags', () => {
  test('--breakpoints false in flags-only mode: the SQL rc.5 writes with the same flags, without breakpoints', () => {
    const args = ['generate', '--dialect', 'postgresql', '--schema', './schema.ts', '--out', './drizzle', '--name', 'init', '--breakpoints', 'false'];
    const ours = project('bp-sleet', { 'schema.ts': V1 });
    const theirs = project('bp-rc5', { 'schema.ts': V1 });
    const mine = sleet(ours, ...args);
    assert.equal(mine.code, 0, mine.err);
    assert.equal(drizzleKit(theirs, ...args).code, 0);
    const sqlOf = (dir) => {
      const folder = fs.readdirSync(path.join(dir, 'drizzle')).find((f) => f.endsWith('_init'));
      return fs.readFileSync(path.join(dir, 'drizzle', folder, 'migration.sql'), 'utf8');
    };
    // rc.5 is the oracle for the text; the flag's meaning (no `--> statement-breakpoint`) is the README's.
    assert.equal(sqlOf(ours), sqlOf(theirs));
    assert.doesNotMatch(sqlOf(ours), /statement-breakpoint/);
    assert.match(sqlOf(ours), /CREATE TABLE "users"/);
    // A bare --breakpoints means true, as rc.5 parses it: the same file as rc.5's, with breakpoints.
    const bare = [...args.slice(0, -2), '--breakpoints'];
    const withBp = project('bp-bare', { 'schema.ts': V1 });
    const withBpRc5 = project('bp-bare-rc5', { 'schema.ts': V1 });
    const r = sleet(withBp, ...bare);
    assert.equal(r.code, 0, r.err);
    assert.equal(drizzleKit(withBpRc5, ...bare).code, 0);
    assert.equal(sqlOf(withBp), sqlOf(withBpRc5));
    assert.match(sqlOf(withBp), /--> statement-breakpoint/);
  });

  test('the Node generate() API: rc.5\'s files, then no_changes, then missing_hints with nothing written', async () => {
    const ours = project('api', { 'drizzle.config.ts': `export default { dialect: 'postgresql', schema: './schema.ts', out: './drizzle' };\n`, 'schema.ts': V1 });
    const theirs = project('api-rc5', { 'drizzle.config.ts': `export default { dialect: 'postgresql', schema: './schema.ts', out: './drizzle' };\n`, 'schema.ts': V1 });
    const first = await generate({ cwd: ours, name: 'init' });
    assert.equal(first.status, 'ok');
    const folder = fs.readdirSync(path.join(ours, 'drizzle'))[0];
    assert.match(folder, /^\d{14}_init$/);
    assert.equal(path.resolve(ours, first.migrationPath), path.join(ours, 'drizzle', folder, 'migration.sql'));
    // The oracle: rc.5's CLI on the same schema writes the same migration.sql.
    assert.equal(drizzleKit(theirs, 'generate', '--name', 'init').code, 0);
    const rc5Folder = fs.readdirSync(path.join(theirs, 'drizzle'))[0];
    const written = fs.readFileSync(path.join(ours, 'drizzle', folder, 'migration.sql'), 'utf8');
    assert.equal(written, fs.readFileSync(path.join(theirs, 'drizzle', rc5Folder, 'migration.sql'), 'utf8'));
    // The envelope's statements are the file's statements (README: `{ status: 'ok', migrationPath, statements }`).
    assert.equal(first.statements.join('--> statement-breakpoint\n'), written);
    assert.equal((await generate({ cwd: ours })).status, 'no_changes');
    assert.equal(fs.readdirSync(path.join(ours, 'drizzle')).length, 1);
    fs.writeFileSync(path.join(ours, 'schema.ts'), V2);
    const asked = await generate({ cwd: ours, name: 'rename' });
    assert.equal(asked.status, 'missing_hints');
    assert.deepEqual(asked.unresolved.map(({ type, kind, entity }) => ({ type, kind, entity })), [{ type: 'rename_or_create', kind: 'column', entity: ['public', 'users', 'given_name'] }]);
    assert.equal(fs.readdirSync(path.join(ours, 'drizzle')).length, 1, 'nothing written for an unanswered question');
    const answered = await generate({ cwd: ours, name: 'rename', hints: RENAME });
    assert.equal(answered.status, 'ok');
    assert.deepEqual(answered.statements, ['ALTER TABLE "users" RENAME COLUMN "first_name" TO "given_name";']);
  });
});

describe('push and pull flags', () => {
  /** @type {{ name: string, url: string }} */ let db;
  let dir;
  before(async () => {
    db = await freshDatabase('push');
    dir = project('push', {
      'drizzle.config.json': { dialect: 'postgresql', schema: './schema.ts', out: './drizzle', dbCredentials: { url: db.url } },
      'schema.ts': V1,
    });
  });

  test('push --verbose prints each statement it runs, in the order --explain plans them', async () => {
    const plan = sleet(dir, 'push', '--explain', '--output', 'json');
    assert.equal(plan.code, 0, plan.err);
    assert.equal(plan.json.status, 'ok');
    assert.ok(plan.json.sql.length >= 3, JSON.stringify(plan.json.sql));
    const r = sleet(dir, 'push', '--verbose');
    assert.equal(r.code, 0, r.err);
    // README: `--verbose` prints the statements; the summary line is push's own.
    assert.equal(r.out, `${plan.json.sql.join('\n')}\n[✓] Changes applied (${plan.json.sql.length} statements)\n`);
    // The database now is the schema: a second push (no --verbose) finds nothing and prints only that.
    assert.deepEqual(await columnsOf(db.name, 'users'), ['id', 'first_name']);
    const again = sleet(dir, 'push', '--verbose');
    assert.equal(again.code, 0, again.err);
    assert.equal(again.out, '[i] No changes detected\n');
  });

  test('push --hints-file answers the rename question: the column keeps its rows', async () => {
    await withClient(db.name, (c) => c.query(`INSERT INTO users (id, first_name) VALUES (1, 'ada')`));
    fs.writeFileSync(path.join(dir, 'schema.ts'), V2);
    // Without an answer: exit 2 and the question (rc.5's hint protocol), nothing changed.
    const asked = sleet(dir, 'push', '--output', 'json');
    assert.equal(asked.code, 2, asked.out + asked.err);
    assert.equal(asked.json.status, 'missing_hints');
    assert.deepEqual(await columnsOf(db.name, 'users'), ['id', 'first_name']);
    fs.writeFileSync(path.join(dir, 'answers.json'), JSON.stringify(RENAME));
    const r = sleet(dir, 'push', '--hints-file', 'answers.json', '--output', 'json');
    assert.equal(r.code, 0, r.out + r.err);
    assert.equal(r.json.status, 'ok');
    // The database is the judge: renamed, the row still there.
    const rows = await withClient(db.name, async (c) => (await c.query('SELECT id, given_name FROM users')).rows);
    assert.deepEqual(rows, [{ id: 1, given_name: 'ada' }]);
  });

  // Issue 15: on a terminal (a pseudo-terminal from `script`) push names its phases with counts on
  // stderr; piped, it prints nothing beyond the lines it always printed.
  test('push progress: phases and counts on a terminal, nothing extra when piped', async () => {
    const { spawn } = await import('node:child_process');
    const withTags = (n) => V2 + Array.from({ length: n }, (_, i) => `export const tags${i + 1} = pgTable('tags${i + 1}', { id: integer('id').primaryKey() });\n`).join('');
    fs.writeFileSync(path.join(dir, 'schema.ts'), withTags(1));
    const screen = await new Promise((resolve) => {
      const child = spawn('script', ['-qfec', `"${process.execPath}" "${cli}" push --config drizzle.config.json`, '/dev/null'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
      let text = '';
      child.stdout.on('data', (d) => { text += d; });
      child.on('close', (code) => resolve({ code, text: text.replaceAll('\r\n', '\n') }));
    });
    assert.equal(screen.code, 0, screen.text);
    assert.match(screen.text, /Reading the database \(.*\)…\n/);
    assert.match(screen.text, / {2}planned 1 statement\(s\)\n {2}applied 1\/1 statements\n\[✓\] Changes applied \(1 statement\)\n$/);
    fs.writeFileSync(path.join(dir, 'schema.ts'), withTags(2));
    const piped = sleet(dir, 'push', '--config', 'drizzle.config.json');
    assert.equal(piped.code, 0, piped.err);
    assert.doesNotMatch(piped.err, /planned|applied \d/, 'no terminal progress when piped');
    assert.equal(piped.out, '[✓] Changes applied (1 statement)\n');
    assert.deepEqual(await columnsOf(db.name, 'tags2'), ['id']);
  });

  test('`introspect` is `pull`: the same files from the same database', () => {
    const viaPull = project('pull', { 'drizzle.config.json': { dialect: 'postgresql', out: './drizzle', dbCredentials: { url: db.url } } });
    const viaIntrospect = project('introspect', { 'drizzle.config.json': { dialect: 'postgresql', out: './drizzle', dbCredentials: { url: db.url } } });
    const a = sleet(viaPull, 'pull', '--output', 'json');
    const b = sleet(viaIntrospect, 'introspect', '--output', 'json');
    assert.equal(a.code, 0, a.out + a.err);
    assert.equal(b.code, 0, b.out + b.err);
    assert.equal(b.json.status, 'ok');
    for (const file of ['schema.ts', 'relations.ts']) {
      const text = fs.readFileSync(path.join(viaIntrospect, 'drizzle', file), 'utf8');
      assert.equal(text, fs.readFileSync(path.join(viaPull, 'drizzle', file), 'utf8'), file);
    }
    assert.match(fs.readFileSync(path.join(viaIntrospect, 'drizzle/schema.ts'), 'utf8'), /given_name/);
  });
});

describe('migrate flags through the CLI (docs/migrate.md)', () => {
  /** A project whose migrations folder is a copy of tests/fixtures/migrations/pg, on a fresh database. */
  async function migrateProject(label) {
    const db = await freshDatabase(label);
    const dir = project(`migrate-${label}`, { 'drizzle.config.json': { dialect: 'postgresql', out: './drizzle', dbCredentials: { url: db.url } } });
    fs.cpSync(migrationFixture, path.join(dir, 'drizzle'), { recursive: true });
    return { db, dir };
  }

  test('--dry-run prints the SQL and changes nothing; --to applies up to the named migration', async () => {
    const { db, dir } = await migrateProject('to');
    const dry = sleet(dir, 'migrate', '--dry-run');
    assert.equal(dry.code, 0, dry.err);
    assert.match(dry.out, /-- 20260101000000_init \(in a transaction\)\nCREATE TYPE "mood" AS ENUM\('sad', 'ok'\);/);
    assert.match(dry.out, /Dry run: would apply 2 migrations/);
    assert.equal(await recorded(db.name), null, 'dry run: no bookkeeping table');
    const to = sleet(dir, 'migrate', '--to', INIT);
    assert.equal(to.code, 0, to.err);
    assert.deepEqual(await recorded(db.name), [INIT]);
    assert.deepEqual(await columnsOf(db.name, 'posts'), ['id', 'user_id', 'title'], 'the views column is the next migration\'s');
    const status = sleet(dir, 'migrate', '--status', '--output', 'json');
    assert.deepEqual(status.json.migrations.map((m) => [m.name, m.state]), [[INIT, 'applied'], [VIEWS, 'pending']]);
    const unknown = sleet(dir, 'migrate', '--to', 'nope');
    assert.equal(unknown.code, 1);
    assert.match(unknown.err, /--to nope: no migration with that name/);
  });

  test('an edited applied migration stops the run; --allow-edited runs the rest', async () => {
    const { db, dir } = await migrateProject('edited');
    assert.equal(sleet(dir, 'migrate', '--to', INIT).code, 0);
    fs.appendFileSync(path.join(dir, 'drizzle', INIT, 'migration.sql'), '\n-- reformatted\n');
    const stopped = sleet(dir, 'migrate', '--output', 'json');
    assert.equal(stopped.code, 1, stopped.out + stopped.err);
    assert.equal(stopped.json.status, 'error');
    assert.match(stopped.json.error.message, /20260101000000_init/);
    assert.deepEqual(await recorded(db.name), [INIT], 'nothing ran');
    const allowed = sleet(dir, 'migrate', '--allow-edited');
    assert.equal(allowed.code, 0, allowed.err);
    assert.deepEqual(await recorded(db.name), [INIT, VIEWS]);
    assert.deepEqual(await columnsOf(db.name, 'posts'), ['id', 'user_id', 'title', 'views']);
  });

  test('--resume continues a failed `-- sleet:no-transaction` Postgres migration from the failed statement', async () => {
    const { db, dir } = await migrateProject('resume');
    const name = '20260103000000_concurrently';
    const file = path.join(dir, 'drizzle', name, 'migration.sql');
    const write = (third) => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, `-- sleet:no-transaction\nCREATE TABLE "first" ("id" integer);--> statement-breakpoint\nCREATE INDEX CONCURRENTLY "first_id" ON "first" ("id");--> statement-breakpoint\n${third}--> statement-breakpoint\nCREATE TABLE "fourth" ("id" integer);`);
    };
    write('ALTER TABLE "nope" ADD COLUMN "x" integer;');
    const failed = sleet(dir, 'migrate');
    assert.equal(failed.code, 1);
    // docs/migrate.md: statements 1..k-1 ran and are committed; the migration is not recorded.
    assert.match(failed.err, /failed at statement 3 of 4\. It runs outside a transaction, so statements 1-2 ran and are committed/);
    assert.deepEqual(await recorded(db.name), [INIT, VIEWS]);
    const stopped = sleet(dir, 'migrate');
    assert.equal(stopped.code, 1);
    assert.match(stopped.err, /2 of its 4 statements ran outside a transaction and are committed; statement 3 failed/);
    write('ALTER TABLE "first" ADD COLUMN "x" integer;');
    const resumed = sleet(dir, 'migrate', '--resume');
    assert.equal(resumed.code, 0, resumed.err);
    // Statements 1-2 did not run again (CREATE TABLE "first" would fail), 3-4 did.
    assert.deepEqual(await recorded(db.name), [INIT, VIEWS, name]);
    assert.deepEqual(await columnsOf(db.name, 'first'), ['id', 'x']);
    assert.deepEqual(await columnsOf(db.name, 'fourth'), ['id']);
  });
});
