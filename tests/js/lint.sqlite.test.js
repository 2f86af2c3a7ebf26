// `sleet lint` on SQLite folders written by `sleet generate`: the dialect comes from the config, each
// migration is judged against its snapshot's parent, allow lines acknowledge, and what the rules say
// is what a real SQLite file does when the migration runs (through @libsql/client, statement by
// statement outside a transaction as the migrators run rebuilds).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'js/cli.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sleet-lint-sqlite-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));

const STEP1 = `import { sqliteTable, integer, text } from 'drizzle-orm/sqlite-core';
export const users = sqliteTable('users', {
  id: integer('id').primaryKey(),
  code: text('code'),
  name: text('name'),
  note: text('note'),
});
export const posts = sqliteTable('posts', {
  id: integer('id').primaryKey(),
  author: integer('author').references(() => users.id, { onDelete: 'cascade' }),
});
export const tags = sqliteTable('tags', { id: integer('id') });
`;
// code text → integer and name NOT NULL rebuild users (posts references it, with a cascade); note and
// tags are dropped.
const STEP2 = `import { sqliteTable, integer, text } from 'drizzle-orm/sqlite-core';
export const users = sqliteTable('users', {
  id: integer('id').primaryKey(),
  code: integer('code'),
  name: text('name').notNull(),
});
export const posts = sqliteTable('posts', {
  id: integer('id').primaryKey(),
  author: integer('author').references(() => users.id, { onDelete: 'cascade' }),
});
`;

function sleet(dir, args) {
  const r = spawnSync(cli, args, { cwd: dir, encoding: 'utf8', timeout: 120000 });
  return { code: r.status, out: r.stdout, err: r.stderr, json: () => JSON.parse(r.stdout.trim().split('\n').pop() ?? '') };
}

const dir = path.join(work, 'project');
fs.mkdirSync(dir);
fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
fs.writeFileSync(path.join(dir, 'drizzle.config.ts'), `export default { dialect: 'sqlite', schema: './schema.ts', out: './drizzle' };\n`);

function generated() {
  const out = path.join(dir, 'drizzle');
  return fs.existsSync(out) ? fs.readdirSync(out).filter((f) => fs.existsSync(path.join(out, f, 'migration.sql'))).sort() : [];
}

describe('sleet lint on a SQLite folder', () => {
  test('generate two steps; lint finds the second step\'s hazards from its snapshot\'s parent', () => {
    fs.writeFileSync(path.join(dir, 'schema.ts'), STEP1);
    assert.equal(sleet(dir, ['generate', '--name', 'one']).code, 0);
    fs.writeFileSync(path.join(dir, 'schema.ts'), STEP2);
    const g = sleet(dir, ['generate', '--name', 'two']);
    assert.equal(g.code, 0, g.err + g.out);
    assert.equal(generated().length, 2);

    const r = sleet(dir, ['lint', '--output', 'json']);
    assert.equal(r.code, 1, r.err + r.out);
    const env = r.json();
    assert.equal(env.status, 'failed');
    const [first, second] = env.files;
    assert.deepEqual(first.hazards, [], 'the first migration creates every table: nothing to risk');
    const found = second.hazards.map((h) => `${h.code} ${h.entity}`).sort();
    // note is dropped inside the rebuild of users (its values are not copied), not by DROP COLUMN.
    assert.deepEqual(found, [
      'drop-table tags',
      'rebuild-drops-column users.note',
      'rebuild-fk-children users',
      'rebuild-narrowing users.code',
      'rebuild-not-null users.name',
    ], JSON.stringify(second.hazards, null, 1));
  });

  test('the hazards are real: a SQLite file with rows loses or refuses what lint said', async () => {
    const [one, two] = generated().map((f) => fs.readFileSync(path.join(dir, 'drizzle', f, 'migration.sql'), 'utf8').split('--> statement-breakpoint').map((s) => s.trim()).filter(Boolean));
    const file = path.join(work, 'real.db');
    const db = createClient({ url: `file:${file}` });
    for (const s of one) await db.execute(s);
    await db.execute("INSERT INTO users (id, code, name) VALUES (1, '007', NULL), (2, 'x', 'b')");
    await db.execute('INSERT INTO posts (id, author) VALUES (10, 2)');
    // rebuild-not-null: the copy fails on user 1's NULL name.
    await assert.rejects(async () => { for (const s of two) await db.execute(s); }, /NOT NULL constraint failed: __new_users\.name/);
    await db.execute('PRAGMA foreign_keys=ON');
    db.close();

    // With the NULL filled first, the rest runs, and '007' is 7 afterwards (rebuild-narrowing).
    const fresh = createClient({ url: `file:${path.join(work, 'real2.db')}` });
    for (const s of one) await fresh.execute(s);
    await fresh.execute("INSERT INTO users (id, code, name) VALUES (1, '007', 'a')");
    for (const s of two) await fresh.execute(s);
    const rows = (await fresh.execute('SELECT code, typeof(code) AS t FROM users')).rows;
    assert.deepEqual(rows.map((r) => [r.code, r.t]), [[7, 'integer']]);
    fresh.close();
  });

  test('allow lines acknowledge; the gate passes when each is acknowledged', () => {
    const [, two] = generated();
    const file = path.join(dir, 'drizzle', two, 'migration.sql');
    const before = sleet(dir, ['lint', '--output', 'json']).json().files[1].hazards;
    const allows = before.map((h) => `-- sleet:allow ${h.code} reviewed in the test`).join('\n');
    fs.writeFileSync(file, `${allows}\n${fs.readFileSync(file, 'utf8')}`);
    const r = sleet(dir, ['lint']);
    assert.equal(r.code, 0, r.err + r.out);
    assert.match(r.out, new RegExp(`${before.length} acknowledged`));
  });
});
