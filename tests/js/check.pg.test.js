// `sleet check` against `drizzle-kit check` (1.0.0-rc.5) on histories rc.5 itself wrote: same status,
// same exit code, the same error envelope (kind, details, fix; sleet adds a readable `message`),
// the same warning kinds; and corrupt folders each give a clear error and exit 1.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildFixtures, copyProject, rc5Cli, remove, run, sleetCli, writeSchema } from './history-fixtures.js';

/** @type {{ name: string, dir: string, tables: any, conflict?: boolean, leaves?: number }[]} */
let fixtures = [];

function both(dir) {
  const theirs = run(rc5Cli, dir, ['check', '--output', 'json']);
  const mine = run(sleetCli, dir, ['check', '--output', 'json']);
  return { theirs, mine };
}

function withoutMessage(error) {
  const { message: _, ...rest } = error;
  return rest;
}

function assertSameVerdict(label, { theirs, mine }) {
  assert.equal(mine.envelope.status, theirs.envelope.status, `${label}: status (sleet: ${JSON.stringify(mine.envelope)}; rc.5: ${JSON.stringify(theirs.envelope)})`);
  assert.equal(mine.code, theirs.code, `${label}: exit code`);
  if (theirs.envelope.status === 'error') {
    assert.equal(typeof mine.envelope.error.message, 'string', `${label}: sleet explains the error`);
    assert.deepEqual(withoutMessage(mine.envelope.error), theirs.envelope.error, `${label}: error envelope`);
  } else {
    const kinds = (env) => (env.warnings ?? []).map((w) => w.kind);
    assert.deepEqual(kinds(mine.envelope), kinds(theirs.envelope), `${label}: warning kinds`);
  }
}

before(() => {
  fixtures = buildFixtures();
});
after(() => remove(...fixtures.map((f) => f.dir)));

describe('sleet check vs drizzle-kit check on rc.5 histories', () => {
  test('same verdict on every fixture', () => {
    assert.ok(fixtures.length >= 7);
    const verdicts = {};
    for (const f of fixtures) {
      const r = both(f.dir);
      assertSameVerdict(f.name, r);
      verdicts[f.name] = r.mine.envelope.status === 'error' ? r.mine.envelope.error.kind : r.mine.envelope.status;
    }
    // The fixtures cover both verdicts: commuting branches and merges pass, conflicts fail.
    assert.equal(verdicts['commuting branches'], 'ok');
    assert.equal(verdicts['merge of merges'], 'ok');
    assert.equal(verdicts['conflicting branches'], 'conflicts');
    assert.equal(verdicts['same column on both branches'], 'conflicts');
  });

  test('a schema ahead of unmerged branches needs a merge migration', () => {
    const f = fixtures.find((x) => x.name === 'commuting branches');
    const dir = copyProject(f.dir, 'ahead');
    writeSchema(dir, { ...f.tables, users: { name: 'text', extra: 'text' } });
    const r = both(dir);
    assertSameVerdict('schema ahead', r);
    assert.deepEqual(r.mine.envelope.warnings.map((w) => w.kind), ['merge_needed']);
    remove(dir);
  });

  test('text output: conflicts are explained, exit 1', () => {
    const f = fixtures.find((x) => x.name === 'conflicting branches');
    const r = run(sleetCli, f.dir, ['check']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Conflicting migrations detected/);
    assert.match(r.stderr, /title_integer/);
  });

  test('--ignore-conflicts is refused for postgresql, as rc.5 does', () => {
    const f = fixtures.find((x) => x.name === 'linear');
    const theirs = run(rc5Cli, f.dir, ['check', '--ignore-conflicts', '--output', 'json']);
    const mine = run(sleetCli, f.dir, ['check', '--ignore-conflicts', '--output', 'json']);
    assert.equal(mine.code, theirs.code);
    assert.equal(mine.envelope.error.code, theirs.envelope.error.code);
  });
});

describe('corrupt folders: a clear error and exit 1', () => {
  /** @type {string} */ let linear;
  /** @type {string[]} */ let folders;
  before(() => {
    linear = fixtures.find((f) => f.name === 'linear').dir;
    folders = fs.readdirSync(path.join(linear, 'drizzle')).sort();
  });

  /** Copies the linear fixture, lets `corrupt` damage it, and checks both tools. */
  function corrupted(label, corrupt, { sameAsRc5 = true, kind, mentions }) {
    const dir = copyProject(linear, label);
    corrupt(path.join(dir, 'drizzle'));
    const r = both(dir);
    assert.equal(r.mine.code, 1, `${label}: exit code (${JSON.stringify(r.mine.envelope)})`);
    assert.equal(r.mine.envelope.status, 'error');
    assert.equal(r.mine.envelope.error.code, 'check_error');
    assert.equal(r.mine.envelope.error.kind, kind, `${label}: ${JSON.stringify(r.mine.envelope)}`);
    assert.match(r.mine.envelope.error.message, mentions, `${label}: the message names the problem`);
    if (sameAsRc5) {
      assert.equal(r.theirs.envelope.error?.kind, kind, `${label}: rc.5 ${JSON.stringify(r.theirs.envelope)}`);
    }
    remove(dir);
  }

  test('missing snapshot', () => {
    corrupted('missing', (out) => fs.rmSync(path.join(out, folders[0], 'snapshot.json')), {
      kind: 'malformed',
      mentions: /snapshot\.json is missing/,
    });
  });

  // Deliberate difference (docs/differences.md, "a migration folder without snapshot.json"): rc.5 only
  // notices a missing snapshot when a later snapshot points at it, so the newest folder's goes unseen.
  test('missing snapshot in the newest folder: rc.5 passes it, sleet refuses', () => {
    const dir = copyProject(linear, 'missing-newest');
    fs.rmSync(path.join(dir, 'drizzle', folders.at(-1), 'snapshot.json'));
    const { theirs, mine } = both(dir);
    assert.deepEqual([theirs.code, theirs.envelope.status], [0, 'ok'], `rc.5 ignores it: ${JSON.stringify(theirs.envelope)}`);
    assert.equal(mine.code, 1);
    assert.equal(mine.envelope.error.code, 'check_error');
    assert.equal(mine.envelope.error.kind, 'malformed');
    assert.match(mine.envelope.error.message, new RegExp(`${folders.at(-1)}.*snapshot\\.json is missing`));
    remove(dir);
  });

  test('dangling prevId', () => {
    corrupted(
      'dangling',
      (out) => {
        const file = path.join(out, folders[1], 'snapshot.json');
        const s = JSON.parse(fs.readFileSync(file, 'utf8'));
        s.prevIds = ['5a0c57e6-0000-4000-8000-000000000000'];
        fs.writeFileSync(file, JSON.stringify(s, null, 2));
      },
      { kind: 'malformed', mentions: /5a0c57e6-0000-4000-8000-000000000000 is missing/ },
    );
  });

  test('duplicate id (a copied migration folder)', () => {
    // rc.5 keys snapshots by id and silently keeps one of the two; sleet refuses.
    const copyName = `${BigInt(folders[1].slice(0, 14)) + 1n}_copy`;
    corrupted('duplicate', (out) => fs.cpSync(path.join(out, folders[1]), path.join(out, copyName), { recursive: true }), {
      sameAsRc5: false,
      kind: 'malformed',
      mentions: /already has/,
    });
  });

  test('unknown (newer) version', () => {
    corrupted(
      'newer',
      (out) => {
        const file = path.join(out, folders[1], 'snapshot.json');
        fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"version": "9"', '"version": "10"'));
      },
      { kind: 'unsupported', mentions: /unsupported snapshot version/ },
    );
  });

  test('older version needs up', () => {
    corrupted(
      'older',
      (out) => {
        const file = path.join(out, folders[1], 'snapshot.json');
        fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"version": "9"', '"version": "8"'));
      },
      { kind: 'non_latest', mentions: /sleet up/ },
    );
  });

  test('not JSON', () => {
    corrupted('garbage', (out) => fs.writeFileSync(path.join(out, folders[1], 'snapshot.json'), '{ not json'), {
      kind: 'malformed',
      mentions: /not a snapshot/,
    });
  });

  test('child sorting before its parent', () => {
    corrupted('order', (out) => fs.renameSync(path.join(out, folders[1]), path.join(out, `00000000000000_${folders[1].slice(15)}`)), {
      kind: 'order',
      mentions: /sorts before its parent/,
    });
  });
});
