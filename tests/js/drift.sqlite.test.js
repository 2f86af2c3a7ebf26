// `sleet drift` on SQLite files through the real CLI (libSQL): a file built by `sleet migrate` from
// the generated folder has no drift (exit 0); the same file changed by hand drifts (exit 1), and the
// SQL drift prints, applied to it, brings it back to no drift; `--schema` compares with the schema.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'js/cli.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sleet-drift-sqlite-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));

const SCHEMA = `import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';
export const users = sqliteTable('users', {
  id: integer('id').primaryKey(),
  email: text('email').notNull(),
  status: text('status').default('active'),
}, (t) => [index('users_email_idx').on(t.email)]);
export const posts = sqliteTable('posts', {
  id: integer('id').primaryKey(),
  author: integer('author').references(() => users.id),
  title: text('title'),
});
`;

function project(label) {
  const dir = path.join(work, label);
  fs.mkdirSync(dir);
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, 'schema.ts'), SCHEMA);
  const file = path.join(dir, 'app.db');
  fs.writeFileSync(path.join(dir, 'drizzle.config.json'), JSON.stringify({ dialect: 'sqlite', schema: './schema.ts', out: './drizzle', dbCredentials: { url: `file:${file}` } }));
  return { dir, file };
}

function sleet(dir, args) {
  const r = spawnSync(cli, args, { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr, json: () => JSON.parse(r.stdout.trim().split('\n').pop() ?? '') };
}

async function exec(file, sql) {
  const c = createClient({ url: `file:${file}` });
  try {
    await c.executeMultiple(sql);
  } finally {
    c.close();
  }
}

test('a file built from the folder has no drift; a hand change drifts and the printed SQL repairs it', async () => {
  const { dir, file } = project('hand');
  assert.equal(sleet(dir, ['generate', '--name', 'init']).code, 0);
  assert.equal(sleet(dir, ['migrate']).code, 0);
  const clean = sleet(dir, ['drift', '--output', 'json']);
  assert.equal(clean.code, 0, clean.out + clean.err);
  assert.equal(clean.json().status, 'no_drift');

  await exec(file, 'ALTER TABLE users ADD COLUMN nickname text; DROP INDEX users_email_idx;');
  const drifted = sleet(dir, ['drift']);
  assert.equal(drifted.code, 1, drifted.out + drifted.err);
  assert.match(drifted.out, /DROP COLUMN `nickname`/);
  assert.match(drifted.out, /CREATE INDEX `users_email_idx`/);
  const json = sleet(dir, ['drift', '--output', 'json']);
  assert.equal(json.code, 1);
  assert.equal(json.json().status, 'drift');
  const statements = json.json().sql;
  assert.ok(statements.length >= 2, JSON.stringify(json.json()));

  await exec(file, statements.join(';\n'));
  const repaired = sleet(dir, ['drift']);
  assert.equal(repaired.code, 0, repaired.out + repaired.err);
});

test('--schema compares the file with the schema instead of the folder', async () => {
  const { dir } = project('schema');
  assert.equal(sleet(dir, ['generate', '--name', 'init']).code, 0);
  assert.equal(sleet(dir, ['migrate']).code, 0);
  fs.writeFileSync(path.join(dir, 'schema.ts'), SCHEMA.replace("title: text('title'),", "title: text('title'),\n  body: text('body'),"));
  assert.equal(sleet(dir, ['drift']).code, 0, 'the folder still matches the file');
  const r = sleet(dir, ['drift', '--schema']);
  assert.equal(r.code, 1, r.out + r.err);
  assert.match(r.out, /ADD `body` text/);
});
