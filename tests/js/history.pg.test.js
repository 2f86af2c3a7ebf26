// `sleet generate` on folders with several leaves, against rc.5 on copies of the same folders (built by
// rc.5): the merge migration's SQL is byte-identical, its snapshot equal once the new `id` is masked
// (prevIds list the same leaves in the same order), each tool accepts the other's merge, and
// conflicting branches are refused with the same report.
import assert from 'node:assert/strict';
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
