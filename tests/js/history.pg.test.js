// `sleet generate` on folders with several leaves, against rc.5 on copies of the same folders (built by
// rc.5): the merge migration's SQL is byte-identical, its snapshot equal once the new `id` is masked
// (prevIds list the same leaves in the same order), each tool accepts the other's merge, and
// conflicting branches are refused with the same report.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { buildFixtures, copyProject, rc5Cli, remove, run, sleetCli, writeSchema } from './history-fixtures.js';

/** @type {{ name: string, dir: string, tables: any }[]} */
let fixtures = [];
before(() => {
  fixtures = buildFixtures();
});
after(() => remove(...fixtures.map((f) => f.dir)));

function newest(dir) {
  const out = path.join(dir, 'drizzle');
  const folder = fs.readdirSync(out).sort().pop();
  const read = (name) => fs.readFileSync(path.join(out, folder, name), 'utf8');
  return { folder, sql: read('migration.sql'), snapshot: read('snapshot.json') };
}

function maskId(text) {
  const { id } = JSON.parse(text);
  return text.replaceAll(id, '<id>');
}

for (const name of ['commuting branches', 'two merges unmerged']) {
  test(`merge migration on ${name} matches rc.5`, () => {
    const f = fixtures.find((x) => x.name === name);
    const tables = { ...f.tables, users: { ...f.tables.users, merged: 'text' } };
    const theirsDir = copyProject(f.dir, 'merge-rc5');
    const oursDir = copyProject(f.dir, 'merge-sleet');
    for (const d of [theirsDir, oursDir]) writeSchema(d, tables);
    const args = ['generate', '--name', 'merge', '--output', 'json'];
    const theirs = run(rc5Cli, theirsDir, args);
    const mine = run(sleetCli, oursDir, args);
    assert.equal(theirs.envelope.status, 'ok', JSON.stringify(theirs.envelope));
    assert.equal(mine.envelope.status, 'ok', `${JSON.stringify(mine.envelope)} ${mine.stderr}`);
    const a = newest(theirsDir);
    const b = newest(oursDir);
    assert.equal(b.sql, a.sql, 'migration.sql');
    assert.equal(maskId(b.snapshot), maskId(a.snapshot), 'snapshot.json');
    assert.equal(JSON.parse(b.snapshot).prevIds.length, 2, 'the merge names both leaves');
    assert.ok(b.folder.endsWith('_merge'));

    // Each tool accepts the other's merge: a whole, conflict-free folder with nothing left to generate.
    for (const [cli, dir] of [[rc5Cli, oursDir], [sleetCli, theirsDir]]) {
      assert.equal(run(cli, dir, ['check', '--output', 'json']).envelope.status, 'ok');
      assert.equal(run(cli, dir, ['generate', '--explain', '--output', 'json']).envelope.status, 'no_changes');
    }
    remove(theirsDir, oursDir);
  });
}

test('generate refuses conflicting branches exactly as rc.5 does', () => {
  const f = fixtures.find((x) => x.name === 'conflicting branches');
  const args = ['generate', '--name', 'next', '--output', 'json'];
  const theirs = run(rc5Cli, f.dir, args);
  const mine = run(sleetCli, f.dir, args);
  assert.equal(mine.code, 1);
  assert.equal(mine.code, theirs.code);
  const { message, ...rest } = mine.envelope.error;
  assert.match(message, /Conflicting migrations detected/);
  assert.deepEqual(rest, theirs.envelope.error);
  assert.equal(fs.readdirSync(path.join(f.dir, 'drizzle')).length, 3, 'nothing written');
});

test('generate --ignore-conflicts is rejected for postgresql, as rc.5 does', () => {
  const f = fixtures.find((x) => x.name === 'commuting branches');
  const args = ['generate', '--ignore-conflicts', '--output', 'json'];
  const theirs = run(rc5Cli, f.dir, args);
  const mine = run(sleetCli, f.dir, args);
  assert.equal(mine.code, theirs.code);
  assert.equal(mine.envelope.error.code, theirs.envelope.error.code);
});

test('a merge folder sorts after its newest parent', () => {
  const f = fixtures.find((x) => x.name === 'merge of merges');
  const out = path.join(f.dir, 'drizzle');
  const byId = new Map();
  for (const folder of fs.readdirSync(out)) {
    byId.set(JSON.parse(fs.readFileSync(path.join(out, folder, 'snapshot.json'), 'utf8')).id, folder);
  }
  const dir = copyProject(f.dir, 'order');
  writeSchema(dir, { ...f.tables, posts: { ...f.tables.posts, later: 'text' } });
  const r = run(sleetCli, dir, ['generate', '--name', 'later', '--output', 'json']);
  assert.equal(r.envelope.status, 'ok');
  const created = newest(dir);
  for (const p of JSON.parse(created.snapshot).prevIds) assert.ok(created.folder > byId.get(p));
  remove(dir);
});

/** The migration folders of a project, without the one `generate` just wrote. */
const folders = (dir) => fs.readdirSync(path.join(dir, 'drizzle')).sort();

test('generate --fix-conflicts deletes the same branches as rc.5 and writes the same migration', () => {
  const f = fixtures.find((x) => x.name === 'conflicting branches');
  const tables = { ...f.tables, users: { ...f.tables.users, z: 'text' } };
  const theirsDir = copyProject(f.dir, 'fix-rc5');
  const oursDir = copyProject(f.dir, 'fix-sleet');
  for (const d of [theirsDir, oursDir]) writeSchema(d, tables);
  const before = folders(oursDir);
  const args = ['generate', '--fix-conflicts', '--name', 'fixed', '--output', 'json'];
  const theirs = run(rc5Cli, theirsDir, args);
  const mine = run(sleetCli, oursDir, args);
  assert.equal(theirs.envelope.status, 'ok', JSON.stringify(theirs.envelope));
  assert.equal(mine.code, 0, mine.stderr);
  const { migration_path: ourPath, ...ourRest } = mine.envelope;
  const { migration_path: theirPath, ...theirRest } = theirs.envelope;
  assert.deepEqual(ourRest, theirRest);
  assert.equal(mine.envelope.deleted_migrations.length, 2);
  assert.match(ourPath, /_fixed\/migration\.sql$/);
  // Only the init migration and the new one remain, in both folders.
  assert.deepEqual(folders(oursDir).filter((x) => before.includes(x)), folders(theirsDir).filter((x) => before.includes(x)));
  assert.equal(folders(oursDir).length, 2);
  const a = newest(theirsDir);
  const b = newest(oursDir);
  assert.equal(b.sql, a.sql, 'migration.sql');
  assert.equal(maskId(b.snapshot), maskId(a.snapshot), 'snapshot.json');
  // Each tool finds the other's fixed folder clean and up to date.
  for (const [cli, dir] of [[rc5Cli, oursDir], [sleetCli, theirsDir]]) {
    assert.equal(run(cli, dir, ['check', '--output', 'json']).envelope.status, 'ok');
    assert.equal(run(cli, dir, ['generate', '--explain', '--output', 'json']).envelope.status, 'no_changes');
  }
  remove(theirsDir, oursDir);
});

test('generate --fix-conflicts --explain reports rc.5\'s plan and deletes nothing', () => {
  const f = fixtures.find((x) => x.name === 'conflicting branches');
  const before = folders(f.dir);
  const args = ['generate', '--fix-conflicts', '--explain', '--output', 'json'];
  const theirs = run(rc5Cli, f.dir, args);
  const mine = run(sleetCli, f.dir, args);
  assert.equal(mine.code, 0, mine.stderr);
  assert.equal(mine.envelope.status, theirs.envelope.status);
  assert.deepEqual(mine.envelope.fix, theirs.envelope.fix);
  assert.deepEqual(folders(f.dir), before);

  const text = spawnSync(sleetCli, ['generate', '--fix-conflicts', '--explain'], { cwd: f.dir, encoding: 'utf8', timeout: 300_000 });
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /delete the conflicting migration branches, which is 2 migrations in total/);
  for (const m of theirs.envelope.fix.migrations) assert.ok(text.stdout.includes(`  ${m}\n`), m);
  assert.deepEqual(folders(f.dir), before);
});

test('generate --fix-conflicts with a custom migration on a branch: reported as lost, as rc.5 does', () => {
  const f = fixtures.find((x) => x.name === 'conflicting branches');
  const oursDir = copyProject(f.dir, 'fix-custom-sleet');
  // A custom migration (an empty diff snapshot) after the varchar side of the conflict.
  const branch = folders(f.dir).find((x) => x.endsWith('_title_varchar'));
  const parent = JSON.parse(fs.readFileSync(path.join(oursDir, 'drizzle', branch, 'snapshot.json'), 'utf8'));
  const child = path.join(oursDir, 'drizzle', `${String(Number(branch.slice(0, 14)) + 5)}_backfill`);
  fs.mkdirSync(child);
  fs.writeFileSync(path.join(child, 'migration.sql'), 'UPDATE "posts" SET "title" = \'x\';\n');
  fs.writeFileSync(path.join(child, 'snapshot.json'), JSON.stringify({ type: 'diff', version: '9', dialect: 'postgres', id: '6f1d1c3e-1b1a-4c8e-9f0e-2a3b4c5d6e7f', prevIds: [parent.id], footprints: [], deltas: [] }, null, 2));
  const theirsDir = copyProject(oursDir, 'fix-custom-rc5');
  const before = folders(oursDir);

  const plan = ['generate', '--fix-conflicts', '--explain', '--output', 'json'];
  const theirPlan = run(rc5Cli, theirsDir, plan);
  const myPlan = run(sleetCli, oursDir, plan);
  assert.equal(theirPlan.code, 0, JSON.stringify(theirPlan.envelope));
  assert.deepEqual(myPlan.envelope.fix, theirPlan.envelope.fix);
  assert.deepEqual(myPlan.envelope.fix.customMigrations, [`drizzle/${path.basename(child)}`]);

  const apply = ['generate', '--fix-conflicts', '--output', 'json'];
  const theirs = run(rc5Cli, theirsDir, apply);
  const mine = run(sleetCli, oursDir, apply);
  assert.equal(mine.code, 0, mine.stderr);
  assert.deepEqual(mine.envelope.deleted_migrations, theirs.envelope.deleted_migrations);
  assert.deepEqual(mine.envelope.deleted_custom_migrations, theirs.envelope.deleted_custom_migrations);
  const kept = (dir) => folders(dir).filter((x) => before.includes(x));
  assert.deepEqual(kept(oursDir), kept(theirsDir));
  assert.equal(kept(oursDir).length, 1, 'only init is left of the old folders');
  remove(theirsDir, oursDir);
});

test('generate --fix-conflicts when what remains already matches the schema: deletes, writes nothing, as rc.5', () => {
  const f = fixtures.find((x) => x.name === 'conflicting branches');
  const theirsDir = copyProject(f.dir, 'fix-none-rc5');
  const oursDir = copyProject(f.dir, 'fix-none-sleet');
  for (const d of [theirsDir, oursDir]) writeSchema(d, { users: { name: 'text' }, posts: { title: 'text' } });
  const args = ['generate', '--fix-conflicts', '--output', 'json'];
  const theirs = run(rc5Cli, theirsDir, args);
  const mine = run(sleetCli, oursDir, args);
  assert.equal(mine.code, 0, mine.stderr);
  assert.deepEqual(mine.envelope, theirs.envelope);
  assert.equal(mine.envelope.status, 'no_changes');
  assert.deepEqual(folders(oursDir), folders(theirsDir));
  assert.equal(folders(oursDir).length, 1);
  remove(theirsDir, oursDir);
});
