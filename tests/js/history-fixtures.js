// Migration histories built by drizzle-kit 1.0.0-rc.5 itself, in temp dirs: branches are made by
// generating from copies of one project and copying the new migration folders back together.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const sleetCli = path.join(root, 'js/cli.js');
export const rc5Cli = path.join(root, 'node_modules/drizzle-kit/bin.cjs');
const CONFIG = `export default { dialect: 'postgresql', schema: './schema.ts', out: './drizzle' };\n`;

/** A schema module from table name → column definitions (`name: 'text'` or `'integer'`). */
export function schemaSource(tables) {
  const lines = [`import { pgTable, text, integer, varchar } from 'drizzle-orm/pg-core';`];
  for (const [table, columns] of Object.entries(tables)) {
    const cols = Object.entries(columns).map(([c, type]) => `  ${c}: ${type}('${c}'),`);
    lines.push(`export const ${table} = pgTable('${table}', {\n  id: integer('id').primaryKey(),\n${cols.join('\n')}\n});`);
  }
  return lines.join('\n') + '\n';
}

export function makeProject(label) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sleet-hist-${label}-`));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, 'drizzle.config.ts'), CONFIG);
  fs.mkdirSync(path.join(dir, 'drizzle'));
  return dir;
}

export function run(cli, dir, args) {
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

/** rc.5 writes the next migration of `dir` for `tables`; returns the new folder's name. */
export function rc5Generate(dir, tables, name) {
  fs.writeFileSync(path.join(dir, 'schema.ts'), schemaSource(tables));
  const before = new Set(fs.readdirSync(path.join(dir, 'drizzle')));
  const r = run(rc5Cli, dir, ['generate', '--name', name, '--output', 'json']);
  if (r.envelope.status !== 'ok') throw new Error(`rc.5 generate ${name}: ${JSON.stringify(r.envelope)} ${r.stderr}`);
  return fs.readdirSync(path.join(dir, 'drizzle')).find((f) => !before.has(f));
}

export function copyProject(from, label) {
  const dir = makeProject(label);
  fs.cpSync(path.join(from, 'drizzle'), path.join(dir, 'drizzle'), { recursive: true });
  if (fs.existsSync(path.join(from, 'schema.ts'))) fs.copyFileSync(path.join(from, 'schema.ts'), path.join(dir, 'schema.ts'));
  return dir;
}

/** Copies the migration folders of `from` that `to` lacks (joining two branches into one folder). */
export function joinBranches(to, from) {
  for (const f of fs.readdirSync(path.join(from, 'drizzle'))) {
    const target = path.join(to, 'drizzle', f);
    if (!fs.existsSync(target)) fs.cpSync(path.join(from, 'drizzle', f), target, { recursive: true });
  }
}

export function writeSchema(dir, tables) {
  fs.writeFileSync(path.join(dir, 'schema.ts'), schemaSource(tables));
}

export function remove(...dirs) {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
}

const BASE = { users: { name: 'text' }, posts: { title: 'text' } };

/**
 * Every fixture: `{ name, dir, tables }` — the folder under `dir/drizzle`, and a schema equal to
 * the folder's combined state (so `check` compares a schema too). Built once per test file.
 */
export function buildFixtures() {
  const fixtures = [];
  const base = makeProject('base');
  rc5Generate(base, BASE, 'init');

  const linear = copyProject(base, 'linear');
  const linearTables = { ...BASE, users: { name: 'text', email: 'text' } };
  rc5Generate(linear, linearTables, 'email');
  fixtures.push({ name: 'linear', dir: linear, tables: linearTables });

  // Two branches from init: one adds a table, the other a column elsewhere.
  const a = copyProject(base, 'a');
  rc5Generate(a, { ...BASE, tags: { label: 'text' } }, 'branch_a');
  const b = copyProject(base, 'b');
  rc5Generate(b, { ...BASE, posts: { title: 'text', body: 'text' } }, 'branch_b');
  const commuting = copyProject(a, 'commuting');
  joinBranches(commuting, b);
  const unionTables = { ...BASE, tags: { label: 'text' }, posts: { title: 'text', body: 'text' } };
  writeSchema(commuting, unionTables);
  fixtures.push({ name: 'commuting branches', dir: commuting, tables: unionTables, leaves: 2 });

  // Two branches changing the same column differently.
  const c = copyProject(base, 'c');
  rc5Generate(c, { ...BASE, posts: { title: 'varchar' } }, 'title_varchar');
  const d = copyProject(base, 'd');
  rc5Generate(d, { ...BASE, posts: { title: 'integer' } }, 'title_integer');
  const conflicting = copyProject(c, 'conflicting');
  joinBranches(conflicting, d);
  fixtures.push({ name: 'conflicting branches', dir: conflicting, tables: { ...BASE, posts: { title: 'varchar' } }, conflict: true });

  // Both branches add the same column the same way: a conflict too (add_column is not idempotent).
  const e = copyProject(base, 'e');
  rc5Generate(e, { ...BASE, users: { name: 'text', age: 'integer' } }, 'age_e');
  const f = copyProject(base, 'f');
  rc5Generate(f, { ...BASE, users: { name: 'text', age: 'integer' } }, 'age_f');
  const same = copyProject(e, 'same');
  joinBranches(same, f);
  fixtures.push({ name: 'same column on both branches', dir: same, tables: { ...BASE, users: { name: 'text', age: 'integer' } } });

  // A merge: the union schema plus one more column, generated on the two-leaf folder.
  const merged = copyProject(commuting, 'merge');
  const mergedTables = { ...unionTables, users: { name: 'text', nick: 'text' } };
  rc5Generate(merged, mergedTables, 'merge');
  fixtures.push({ name: 'merge', dir: merged, tables: mergedTables });

  // A merge of merges: two different merges of the same branches, merged again.
  const m1 = copyProject(commuting, 'm1');
  rc5Generate(m1, { ...unionTables, tags: { label: 'text', x: 'text' } }, 'merge_x');
  const m2 = copyProject(commuting, 'm2');
  rc5Generate(m2, { ...unionTables, posts: { title: 'text', body: 'text', y: 'text' } }, 'merge_y');
  const twoMerges = copyProject(m1, 'two-merges');
  joinBranches(twoMerges, m2);
  const bothTables = { ...unionTables, tags: { label: 'text', x: 'text' }, posts: { title: 'text', body: 'text', y: 'text' } };
  writeSchema(twoMerges, bothTables);
  fixtures.push({ name: 'two merges unmerged', dir: twoMerges, tables: bothTables, leaves: 2 });
  const mergeOfMerges = copyProject(twoMerges, 'merge-of-merges');
  const finalTables = { ...bothTables, users: { name: 'text', z: 'text' } };
  rc5Generate(mergeOfMerges, finalTables, 'merge_of_merges');
  fixtures.push({ name: 'merge of merges', dir: mergeOfMerges, tables: finalTables });

  remove(base, a, b, c, d, e, f, m1, m2);
  return fixtures;
}
