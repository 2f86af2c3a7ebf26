// Loading the user's TypeScript: what drizzle schemas use (enums, `as const`, type-only imports,
// `satisfies`, tsconfig `paths`) under Node (oxc-transform) and Bun (native), the per-file transpile
// cache, and load errors that point at file:line:column with a code frame, in text and JSON, under both.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'js/cli.js');
const runtimes = { node: process.execPath, bun: path.join(root, 'node_modules/.bin/bun') };

/** A project with its own node_modules folder (so its transpile cache is its own). */
function project(files) {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sleet-load-')));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  for (const pkg of ['drizzle-kit', 'drizzle-orm']) fs.symlinkSync(path.join(root, 'node_modules', pkg), path.join(dir, 'node_modules', pkg));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function sleet(runtime, dir, ...args) {
  const r = spawnSync(runtimes[runtime], [cli, ...args], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { code: r.status, out: r.stdout, err: r.stderr, json: () => JSON.parse(r.stdout.trim().split('\n').pop()) };
}

const CONFIG = `import type { Config } from 'drizzle-kit';\nexport default { dialect: 'postgresql', schema: './src/schema.ts', out: './drizzle' } satisfies Config;\n`;

const FEATURES = {
  'drizzle.config.ts': CONFIG,
  'tsconfig.json': `{
  // JSONC, as tsc allows
  "compilerOptions": { "baseUrl": ".", "paths": { "@tables/*": ["./src/tables/*"], "@kinds": ["./src/kinds.ts"] }, },
}
`,
  'src/kinds.ts': `export enum Plan { Free = 'free', Team = 'team', Enterprise = 'enterprise' }
export const roles = ['reader', 'writer', 'owner'] as const;
export type Role = (typeof roles)[number];
export interface Audited { createdBy: string }
`,
  'src/tables/users.ts': `import { integer, pgTable, text, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Audited } from '@kinds';
import { planEnum, roleEnum } from '../enums.js';
const defaults = { role: 'reader', width: 64 } satisfies { role: string; width: number };
export const users = pgTable('users', {
  id: integer('id').primaryKey(),
  manager: integer('manager_id').references((): AnyPgColumn => users.id),
  plan: planEnum('plan').notNull(),
  role: roleEnum('role').default(defaults.role as 'reader'),
  name: text('name'),
});
export type User = typeof users.$inferSelect & Audited;
`,
  'src/enums.ts': `import { pgEnum } from 'drizzle-orm/pg-core';
import { Plan, roles } from '@kinds';
export const planEnum = pgEnum('plan', Object.values(Plan) as [Plan, ...Plan[]]);
export const roleEnum = pgEnum('role', roles);
`,
  'src/schema.ts': `export * from './enums';
export { users } from '@tables/users';
`,
};

test('enums, as const, type-only imports, satisfies and tsconfig paths load the same under Node and Bun', () => {
  const outputs = {};
  for (const runtime of Object.keys(runtimes)) {
    const r = sleet(runtime, project(FEATURES), 'export', '--output', 'json');
    assert.equal(r.code, 0, r.out + r.err);
    outputs[runtime] = r.json().statements;
  }
  assert.deepEqual(outputs.bun, outputs.node);
  const sql = outputs.node.join('\n');
  assert.match(sql, /CREATE TYPE "plan" AS ENUM\('free', 'team', 'enterprise'\)/);
  assert.match(sql, /CREATE TYPE "role" AS ENUM\('reader', 'writer', 'owner'\)/);
  assert.match(sql, /"role" "role" DEFAULT 'reader'/);
  assert.match(sql, /FOREIGN KEY \("manager_id"\) REFERENCES "users"\("id"\)/);
});

test('after an edit only the edited file is transpiled again; unchanged files come from the cache', () => {
  const dir = project(FEATURES);
  const cache = path.join(dir, 'node_modules/.cache/sleet/ts');
  const entries = () => new Map(fs.readdirSync(cache).filter((f) => f.endsWith('.js')).map((f) => [f, fs.statSync(path.join(cache, f)).mtimeMs]));
  assert.equal(sleet('node', dir, 'export', '--output', 'json').code, 0);
  const before = entries();
  assert.equal(before.size, 5); // config, schema, enums, kinds, users
  const usersFile = path.join(dir, 'src/tables/users.ts');
  fs.writeFileSync(usersFile, fs.readFileSync(usersFile, 'utf8').replace("name: text('name'),", "name: text('name'),\n  email: text('email'),"));
  const r = sleet('node', dir, 'export', '--output', 'json');
  assert.equal(r.code, 0, r.out + r.err);
  assert.ok(r.json().statements.some((s) => s.includes('"email" text')));
  const after = entries();
  assert.equal(after.size, 6);
  for (const [name, mtime] of before) assert.equal(after.get(name), mtime, `${name} was rewritten`);
  // Each source keeps one transpiled module: the graph's earlier copies are removed.
  assert.equal(fs.readdirSync(path.join(cache, 'modules')).length, 5);
});

test('the transpile cache keys texts by MurmurHash3 x86_128 under 16 K code units, by SHA-1 from there', async () => {
  const { digest } = await import('../../js/typescript.js');
  // Reference values: Python's mmh3.hash128(text.encode('utf-16-le'), 0) (each 32-bit word as hex) and
  // hashlib.sha1(text.encode()).hexdigest(). Lengths 0-9 cover every tail of the 8-unit blocks.
  const murmur = {
    '': '00000000000000000000000000000000',
    a: '033bb196ccef4fe1ccef4fe1ccef4fe1',
    ab: '260fb953af22b6fdaf22b6fdaf22b6fd',
    abc: '2b5b97a320f75fb55012c2b45012c2b4',
    abcd: '95ef82c7e4ec9aa20a8cb00d0a8cb00d',
    abcde: '4b3605de6cd4a2059a7ed1750af158b2',
    abcdef: '606aa1e086f87a046d0a007998aceaac',
    abcdefg: '851fde5ef81a9aab2a351f32fa8e8ca7',
    abcdefgh: '6c3576558df898a1a76d230d42147114',
    abcdefghi: '17a3d73237eee48604d39ee1ee7f6ddc',
    'héllo wörld, 0123456789abcdef!': 'b590713d0dcbea424e555603dfb9aea1',
    '🦀 sleet €': '6e7ae2ebd994f1ecaed652cc00109a8d',
  };
  for (const [text, hash] of Object.entries(murmur)) assert.equal(digest(text), hash, JSON.stringify(text));
  assert.equal(digest('z'.repeat(70000)), '141010511c9106df163acf6394605bd813452dfa');
});

/** 1-based line and column of the first `needle` in `text` (the test's own reading of the fixture). */
function positionOf(text, needle) {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, needle);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

const SCHEMA_CONFIG = `export default { dialect: 'postgresql', schema: './schema.ts', out: './drizzle' };\n`;
const LOAD_ERRORS = [
  {
    name: 'a syntax error in the schema',
    files: { 'schema.ts': `import { integer, pgTable } from 'drizzle-orm/pg-core';\nexport const users = pgTable('users', { id: integer('id').primaryKey( });\n` },
    at: (files) => ({ file: 'schema.ts', ...positionOf(files['schema.ts'], '});') }),
    reason: /SyntaxError: Unexpected/,
  },
  {
    name: 'an import that throws',
    files: {
      'env.ts': `const url: string | undefined = process.env.SLEET_NO_SUCH_VARIABLE;\nif (!url) throw new Error('set SLEET_NO_SUCH_VARIABLE');\nexport const databaseUrl: string = url;\n`,
      'schema.ts': `import { pgTable, text } from 'drizzle-orm/pg-core';\nimport { databaseUrl } from './env';\nexport const t = pgTable('t', { url: text('url').default(databaseUrl) });\n`,
    },
    // V8 points at `new`, JavaScriptCore at `Error`: either is the throwing statement.
    at: (files) => ({ file: 'env.ts', line: 2, columns: [positionOf(files['env.ts'], 'new Error').column, positionOf(files['env.ts'], 'Error(').column] }),
    reason: /set SLEET_NO_SUCH_VARIABLE/,
  },
  {
    name: 'a missing export',
    files: { 'schema.ts': `import { integr, pgTable } from 'drizzle-orm/pg-core';\nexport const t = pgTable('t', { id: integr('id') });\n` },
    at: (files) => ({ file: 'schema.ts', ...positionOf(files['schema.ts'], 'integr') }),
    reason: /has no export named 'integr'/,
  },
  {
    name: 'a missing local module',
    files: { 'schema.ts': `import { pgTable } from 'drizzle-orm/pg-core';\nimport { extra } from './columns';\nexport const t = pgTable('t', extra);\n` },
    at: (files) => ({ file: 'schema.ts', ...positionOf(files['schema.ts'], "'./columns'") }),
    reason: /Cannot find module '\.\/columns'/,
  },
  {
    name: 'a syntax error in the config',
    files: { 'drizzle.config.ts': `const out: string = './drizzle';\nexport default { dialect: 'postgresql', out,, schema: './schema.ts' };\n` },
    at: (files) => ({ file: 'drizzle.config.ts', ...positionOf(files['drizzle.config.ts'], ', schema') }),
    reason: /SyntaxError/,
  },
];

for (const c of LOAD_ERRORS) {
  for (const runtime of Object.keys(runtimes)) {
    test(`${c.name}: file:line:column and a code frame, in text and JSON (${runtime})`, () => {
      const files = { 'drizzle.config.ts': SCHEMA_CONFIG, ...c.files };
      const dir = project(files);
      const want = c.at(files);
      const file = path.join(dir, want.file);
      const columns = want.columns ?? [want.column];

      const json = sleet(runtime, dir, 'generate', '--output', 'json');
      assert.equal(json.code, 1, json.out + json.err);
      const error = json.json().error;
      assert.equal(error.code, 'module_load_error');
      assert.equal(error.file, file);
      assert.equal(error.line, want.line);
      assert.ok(columns.includes(error.column), `column ${error.column}, expected one of ${columns}`);
      assert.match(error.message, c.reason);
      assert.ok(error.message.includes(`${file}:${error.line}:${error.column}`), error.message);
      const offending = files[want.file].split('\n')[want.line - 1];
      const frame = error.frame.split('\n');
      const marked = frame.findIndex((l) => l.startsWith('>'));
      assert.ok(frame[marked].endsWith(offending.trimEnd()), error.frame);
      // The caret sits under the reported column.
      assert.equal(frame[marked + 1].indexOf('^') - frame[marked].indexOf(offending), error.column - 1, error.frame);

      const text = sleet(runtime, dir, 'generate');
      assert.equal(text.code, 1);
      assert.ok(text.err.includes(`${file}:${error.line}:${error.column}`), text.err);
      assert.ok(text.err.includes(error.frame), text.err);
      assert.equal(fs.existsSync(path.join(dir, 'drizzle')), false);
    });
  }
}

// The schema is evaluated in a thread of its own for each run: a build script (or a watcher) calling
// generate() twice in one process sees the schema as it is now, even a plain `.mjs` file that a
// process's module map would keep as it was first imported.
for (const runtime of Object.keys(runtimes)) {
  test(`${runtime}: generate() twice in one process sees the edited schema`, () => {
    const table = (cols) => `import { pgTable, integer, text } from 'drizzle-orm/pg-core';\nexport const users = pgTable('users', { ${cols} });\n`;
    const dir = project({ 'schema.mjs': table(`id: integer('id')`) });
    const script = `
      import fs from 'node:fs';
      import { generate } from ${JSON.stringify(path.join(root, 'js/index.js'))};
      const config = { dialect: 'postgresql', schema: './schema.mjs', out: './drizzle' };
      const first = await generate({ cwd: process.cwd(), config, name: 'first' });
      fs.writeFileSync('schema.mjs', ${JSON.stringify(table(`id: integer('id'), name: text('name')`))});
      const second = await generate({ cwd: process.cwd(), config, name: 'second' });
      console.log(JSON.stringify([first.status, second.status, second.statements]));`;
    fs.writeFileSync(path.join(dir, 'build.mjs'), script);
    const r = spawnSync(runtimes[runtime], ['build.mjs'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout.trim().split('\n').pop()), ['ok', 'ok', ['ALTER TABLE "users" ADD COLUMN "name" text;']]);
  });

  test(`${runtime}: a schema that calls process.exit() is an error naming it, and nothing is written`, () => {
    const dir = project({
      'drizzle.config.json': JSON.stringify({ dialect: 'postgresql', schema: './schema.mjs', out: './drizzle' }),
      'schema.mjs': `import { pgTable, integer } from 'drizzle-orm/pg-core';\nexport const users = pgTable('users', { id: integer('id') });\nprocess.exit(3);\n`,
    });
    const r = sleet(runtime, dir, 'generate', '--output', 'json');
    assert.equal(r.code, 1, r.out + r.err);
    const error = r.json().error;
    assert.equal(error.code, 'module_load_error');
    assert.match(error.message, /schema\.mjs\b.*exit code 3.*process\.exit\(\)/);
    assert.equal(fs.existsSync(path.join(dir, 'drizzle')), false);
  });
}

// The schema's thread starts before the config (and its folder's .env) is read: the schema still sees
// the variables the .env file sets, as a schema evaluated in the command's own thread does.
for (const runtime of Object.keys(runtimes)) {
  test(`${runtime}: a schema reads the variables of the project's .env`, () => {
    const dir = project({
      '.env': 'SLEET_TEST_TABLE=from_dot_env\n',
      'drizzle.config.json': JSON.stringify({ dialect: 'postgresql', schema: './schema.mjs', out: './drizzle' }),
      'schema.mjs': `import { pgTable, integer } from 'drizzle-orm/pg-core';\nexport const t = pgTable(process.env.SLEET_TEST_TABLE ?? 'unset', { id: integer('id') });\n`,
    });
    const r = sleet(runtime, dir, 'generate', '--explain', '--output', 'json');
    assert.equal(r.code, 0, r.out + r.err);
    assert.deepEqual(r.json().sql, ['CREATE TABLE "from_dot_env" (\n\t"id" integer\n);\n']);
  });
}
