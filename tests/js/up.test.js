// `sleet up` against drizzle-kit 1.0.0-rc.5 `up` on the same folders: drizzle-kit 0.31.11 folders in
// every prefix mode (pg, sqlite, mysql), an rc.4 folder (pg format 8), and pg snapshot v5/v6 folders
// from drizzle-kit 0.20.18/0.21.4, all written by those drizzle-kit versions themselves
// (tests/fixtures/up/make.mjs). Each fixture is upgraded by rc.5 in one copy and by sleet in another;
// the trees must be identical, and the converted folder must be accepted by rc.5 (`check`, `generate`)
// and by sleet (`check`, `generate`).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.join(root, 'tests/fixtures/up');
const cli = path.join(root, 'js/cli.js');
const rc5 = path.join(root, 'node_modules/drizzle-kit/bin.cjs');

/** Copy a fixture into a fresh project (config + final schema) and return its directory. */
function project(fixture, dialect) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sleet-up-${fixture}-`));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  fs.cpSync(path.join(fixtures, fixture), path.join(dir, 'drizzle'), { recursive: true });
  const schema = path.join(fixtures, `${fixture}.schema.ts`);
  if (fs.existsSync(schema)) fs.copyFileSync(schema, path.join(dir, 'schema.ts'));
  fs.writeFileSync(path.join(dir, 'drizzle.config.ts'), `export default { dialect: '${dialect}', schema: './schema.ts', out: './drizzle' };\n`);
  return dir;
}

function run(dir, bin, ...args) {
  const r = spawnSync(bin, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  let json;
  try {
    json = JSON.parse(last);
  } catch {
    json = undefined;
  }
  return { code: r.status, out: r.stdout, err: r.stderr, json };
}

/** @returns {Map<string, string>} relative path → text */
function tree(dir) {
  const out = new Map();
  const walk = (d, pre) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name), `${pre}${e.name}/`);
      else out.set(pre + e.name, fs.readFileSync(path.join(d, e.name), 'utf8'));
    }
  };
  walk(dir, '');
  return out;
}

/** Every file byte for byte, footprints included: rc.5 is the oracle for the whole converted tree. */
function assertSameTree(oursDir, theirsDir) {
  const ours = tree(oursDir);
  const theirs = tree(theirsDir);
  assert.deepEqual([...ours.keys()].sort(), [...theirs.keys()].sort(), 'same file names');
  for (const [file, text] of ours) assert.equal(text, theirs.get(file), `${file} identical to rc.5's`);
}

const CASES = [
  ['pg-index', 'postgresql'],
  ['pg-timestamp', 'postgresql'],
  ['pg-supabase', 'postgresql'],
  ['pg-unix', 'postgresql'],
  ['pg-none', 'postgresql'],
  ['pg-rc4', 'postgresql'],
  // drizzle-kit 0.20.18 (pg snapshot v5) and 0.21.4 (v6): see withIndexDefaults.
  ['pg-v5', 'postgresql', { oldIndexes: true }],
  ['pg-v6', 'postgresql', { oldIndexes: true }],
  ['sqlite-index', 'sqlite'],
  ['sqlite-timestamp', 'sqlite'],
  ['mysql-index', 'mysql'],
  ['mysql-unix', 'mysql'],
];

/**
 * rc.5 cannot convert a v5/v6 snapshot with an index: its v6 → v7 step leaves `method` and
 * `concurrently` unset, and it then rejects its own format-9 snapshot (`invalid_snapshot`). sleet gives
 * such indexes what 0.20/0.21 created (a plain btree `CREATE INDEX`), so the oracle is rc.5 run on a
 * copy whose old snapshots state exactly those two values and nothing else changed.
 */
function withIndexDefaults(drizzle) {
  const meta = path.join(drizzle, 'meta');
  for (const file of fs.readdirSync(meta).filter((f) => f.endsWith('_snapshot.json'))) {
    const snapshot = JSON.parse(fs.readFileSync(path.join(meta, file), 'utf8'));
    for (const table of Object.values(snapshot.tables)) {
      for (const index of Object.values(table.indexes)) Object.assign(index, { method: 'btree', concurrently: false });
    }
    fs.writeFileSync(path.join(meta, file), JSON.stringify(snapshot, null, 2));
  }
}

/** `sleet check --output json` on a converted folder. */
function sleetCheck(dir) {
  return run(dir, cli, 'check', '--output', 'json');
}

for (const [fixture, dialect, { oldIndexes = false } = {}] of CASES) {
  test(`${fixture}: sleet up writes the tree rc.5 up writes, and both tools accept it`, () => {
    const theirs = project(fixture, dialect);
    const ours = project(fixture, dialect);
    const before = tree(path.join(ours, 'drizzle'));
    if (oldIndexes) {
      const asIs = project(fixture, dialect);
      const refused = run(asIs, rc5, 'up', '--output', 'json');
      assert.equal(refused.code, 1, 'rc.5 still refuses v5/v6 indexes: drop withIndexDefaults if this fails');
      assert.equal(refused.json?.error?.kind, 'invalid_snapshot', refused.out + refused.err);
      withIndexDefaults(path.join(theirs, 'drizzle'));
    }
    const r5 = run(theirs, rc5, 'up', '--output', 'json');
    const me = run(ours, cli, 'up', '--output', 'json');
    assert.equal(r5.code, 0, r5.out + r5.err);
    assert.equal(me.code, 0, me.out + me.err);
    assert.deepEqual(me.json, r5.json, 'same envelope');
    assertSameTree(path.join(ours, 'drizzle'), path.join(theirs, 'drizzle'));

    // SQL is moved untouched.
    const after = tree(path.join(ours, 'drizzle'));
    for (const [file, text] of before) {
      if (!file.endsWith('.sql')) continue;
      const moved = [...after.entries()].filter(([f]) => f.endsWith('/migration.sql')).map(([, t]) => t);
      assert.ok(moved.includes(text) || after.get(file) === text, `${file} kept byte for byte`);
    }
    assert.equal(fs.readdirSync(path.dirname(path.join(ours, 'drizzle'))).some((n) => n.includes('.sleet-up-')), false, 'no staging folder left');

    // Running again: nothing to do.
    const again = run(ours, cli, 'up', '--output', 'json');
    assert.equal(again.code, 0, again.out + again.err);
    assert.deepEqual(again.json, { status: 'ok', dialect, upgraded: [] });
    assert.deepEqual(tree(path.join(ours, 'drizzle')), after);

    // sleet check accepts every converted folder (SQLite, MySQL: the same envelope as rc.5's check,
    // the oracle).
    const checked = sleetCheck(ours);
    if (dialect !== 'postgresql') {
      const rc5Check = run(ours, rc5, 'check', '--output', 'json');
      assert.equal(rc5Check.json?.status, 'ok', rc5Check.out + rc5Check.err);
      assert.equal(checked.code, 0, checked.out + checked.err);
      // sleet's check also compares the schema with the folder, which rc.5's does not: where the
      // fixture's schema is not the folder's last state (rc.5's own generate writes a migration for
      // it), sleet adds exactly that warning and nothing else.
      const { warnings = [], ...verdict } = checked.json;
      assert.deepEqual(verdict, rc5Check.json);
      const rc5Explain = run(ours, rc5, 'generate', '--explain', '--output', 'json');
      const schemaDiffers = rc5Explain.json?.status === 'ok';
      assert.deepEqual(warnings.map((w) => w.kind), schemaDiffers ? ['schema_changed'] : [], `${rc5Explain.out}`);
      return;
    }
    // rc.5 reads sleet's converted folder, and generate finds on it what it finds on its own.
    const check = run(ours, rc5, 'check', '--output', 'json');
    assert.equal(check.json?.status, 'ok', check.out + check.err);
    // sleet check: exit 0 and rc.5's verdict, including its warning when the final schema still
    // differs from the converted history (pg-index: 0.31 and rc.5 model roles/indexes differently).
    assert.equal(checked.code, 0, checked.out + checked.err);
    assert.deepEqual(checked.json, JSON.parse(JSON.stringify(check.json).replaceAll('drizzle-kit', 'sleet')), 'sleet check: rc.5 check envelope');
    const rc5OnOurs = run(ours, rc5, 'generate', '--explain', '--output', 'json');
    const rc5OnTheirs = run(theirs, rc5, 'generate', '--explain', '--output', 'json');
    assert.deepEqual(rc5OnOurs.json, rc5OnTheirs.json, 'rc.5 generate: same result on both folders');
    // sleet generate on its folder writes the migration rc.5 writes on its own.
    const mine = run(ours, cli, 'generate', '--name', 'probe', '--output', 'json');
    const rc5Gen = run(theirs, rc5, 'generate', '--name', 'probe', '--output', 'json');
    assert.equal(mine.json?.status, rc5Gen.json?.status, mine.out + mine.err);
    const probe = (dir) => {
      const folder = fs.readdirSync(path.join(dir, 'drizzle')).find((f) => f.endsWith('_probe'));
      return folder ? fs.readFileSync(path.join(dir, 'drizzle', folder, 'migration.sql'), 'utf8') : null;
    };
    assert.equal(probe(ours), probe(theirs), 'sleet generate: the SQL rc.5 generates');
  });
}

test('pg-none-multi (prefix none, three migrations sharing one snapshot): the error rc.5 gives, nothing written', () => {
  const theirs = project('pg-none-multi', 'postgresql');
  const ours = project('pg-none-multi', 'postgresql');
  const before = tree(path.join(ours, 'drizzle'));
  const r5 = run(theirs, rc5, 'up', '--output', 'json');
  const me = run(ours, cli, 'up', '--output', 'json');
  assert.equal(r5.code, 1);
  assert.equal(me.code, 1);
  assert.equal(me.json.error.code, r5.json.error.code);
  assert.match(me.json.error.message, /two first migrations, _init and _rename/);
  assert.deepEqual(tree(path.join(ours, 'drizzle')), before);
});

/** Mutate a copy of pg-index, then expect rc.5 and sleet to refuse it the same way, writing nothing. */
function refused(name, mutate, expect) {
  test(`refuses ${name}: exit 1, message names the file, nothing written`, () => {
    const theirs = project('pg-index', 'postgresql');
    const ours = project('pg-index', 'postgresql');
    mutate(path.join(theirs, 'drizzle'));
    mutate(path.join(ours, 'drizzle'));
    const before = tree(path.join(ours, 'drizzle'));
    const r5 = run(theirs, rc5, 'up', '--output', 'json');
    const me = run(ours, cli, 'up', '--output', 'json');
    assert.equal(r5.code, 1, r5.out + r5.err);
    assert.equal(me.code, 1, me.out + me.err);
    assert.equal(me.json.status, 'error');
    assert.equal(me.json.error.code, r5.json.error.code);
    assert.match(me.json.error.message, expect);
    assert.deepEqual(tree(path.join(ours, 'drizzle')), before);
  });
}

const journalOf = (dir) => path.join(dir, 'meta/_journal.json');
const editJournal = (dir, f) => {
  const j = JSON.parse(fs.readFileSync(journalOf(dir), 'utf8'));
  f(j);
  fs.writeFileSync(journalOf(dir), JSON.stringify(j, null, 2));
};

refused('a journal entry without its SQL file', (d) => fs.rmSync(path.join(d, '0001_second.sql')), /0001_second has no SQL file.*0001_second\.sql/);
refused('a child whose `when` would sort before its parent', (d) => editJournal(d, (j) => { j.entries[2].when = j.entries[1].when - 5000; }), /migration 0002_third sorts before its parent 0001_second.*`when`/);
refused('an unparsable snapshot', (d) => fs.writeFileSync(path.join(d, 'meta/0001_snapshot.json'), '{ not json'), /0001_snapshot\.json data is malformed/);
refused('a deleted middle migration', (d) => {
  fs.rmSync(path.join(d, 'meta/0001_snapshot.json'));
  fs.rmSync(path.join(d, '0001_second.sql'));
  editJournal(d, (j) => j.entries.splice(1, 1));
}, /deleted in the middle of the history. Migration 0002_third follows the snapshot/);

// Deliberate differences (docs/differences.md, "`sleet up`"), on SQLite and MySQL journals: where rc.5
// loses a migration or stops half-way, sleet refuses before writing anything, naming the entries.
const UP_DIALECTS = [['sqlite-index', 'sqlite', '0001_second', '0000_init'], ['mysql-index', 'mysql', '0001_second', '0000_init']];
for (const [fixture, dialect, second, first] of UP_DIALECTS) {
  test(`${fixture}: a journal entry without its SQL file — rc.5 drops the migration, sleet refuses`, () => {
    const theirs = project(fixture, dialect);
    const ours = project(fixture, dialect);
    for (const dir of [theirs, ours]) fs.rmSync(path.join(dir, 'drizzle', `${second}.sql`));
    const before = tree(path.join(ours, 'drizzle'));
    const r5 = run(theirs, rc5, 'up', '--output', 'json');
    assert.equal(r5.code, 0, r5.out + r5.err);
    const rc5Folders = [...tree(path.join(theirs, 'drizzle')).keys()].filter((f) => f.endsWith('/migration.sql'));
    assert.equal(rc5Folders.some((f) => f.includes('_second/')), false, `rc.5 converts without ${second}: ${rc5Folders}`);
    const me = run(ours, cli, 'up', '--output', 'json');
    assert.equal(me.code, 1, me.out + me.err);
    assert.match(me.json.error.message, new RegExp(`journal entry ${second} has no SQL file; sleet expects it at ${second}\\.sql\\. No file was changed`));
    assert.deepEqual(tree(path.join(ours, 'drizzle')), before);
  });

  test(`${fixture}: two journal entries in the same second with the same name — rc.5 fails part-way, sleet refuses`, () => {
    const theirs = project(fixture, dialect);
    const ours = project(fixture, dialect);
    // The second entry takes the first one's name and `when` + 0.1 s: both map to one folder name.
    const clash = `${second.slice(0, 4)}_${first.slice(5)}`;
    for (const dir of [theirs, ours]) {
      const d = path.join(dir, 'drizzle');
      fs.renameSync(path.join(d, `${second}.sql`), path.join(d, `${clash}.sql`));
      editJournal(d, (j) => { j.entries[1].tag = clash; j.entries[1].when = j.entries[0].when + 100; });
    }
    const before = tree(path.join(ours, 'drizzle'));
    const r5 = run(theirs, rc5, 'up', '--output', 'json');
    assert.notEqual(r5.code, 0, `rc.5 no longer fails here: ${r5.out}${r5.err}`);
    const me = run(ours, cli, 'up', '--output', 'json');
    assert.equal(me.code, 1, me.out + me.err);
    assert.match(me.json.error.message, new RegExp(`journal entries ${first} and ${clash} would both move into the folder \\d{14}_${first.slice(5)}.*No file was changed`));
    assert.deepEqual(tree(path.join(ours, 'drizzle')), before);
  });
}
