// Differential test of the Postgres format-9 snapshot reader and writer against drizzle-kit
// 1.0.0-rc.5: real migration folders are made by rc.5's own CLI (renames, moves, drops, a custom
// migration, two branches and their merge), then every snapshot is rebuilt by both tools and
// rewritten by ours.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import { pgReconstruct, pgWriteSnapshot, pgDiff } from './support/engine.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(root, 'package.json'));
const { reconstruct } = require('drizzle-kit/api-postgres');
const kitBin = path.join(root, 'node_modules', 'drizzle-kit', 'bin.cjs');

const header = `import { pgTable, pgSchema, pgEnum, pgSequence, pgView, integer, text, serial, boolean, varchar,
  index, uniqueIndex, primaryKey, unique, check, foreignKey } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
`;

/**
 * The schema at one step, from a few switches so each step differs from the last in a known way.
 * @param {Record<string, any>} o
 */
function schemaSource(o) {
  const authSchema = o.authSchema ?? 'auth';
  const users = o.users ?? 'users';
  const nameCol = o.nameCol ?? 'name';
  const idCol = o.idCol ?? 'id';
  const mood = o.mood ?? 'mood';
  const moodValues = o.moodValues ?? ['sad', 'ok'];
  const accountsInPublic = o.accountsInPublic ?? false;
  return `${header}
export const auth = pgSchema('${authSchema}');
export const moodEnum = ${o.moodInAuth ? 'auth.enum' : 'pgEnum'}('${mood}', ${JSON.stringify(moodValues)});
export const counter = pgSequence('counter', { startWith: 10, increment: 2 });
export const users = pgTable('${users}', {
  id: serial('${idCol}').primaryKey(),
  name: text('${nameCol}').notNull(),
  m: moodEnum('m'),
  flag: boolean('flag').default(${o.flagDefault ?? true}),
  ${o.dropEmail ? '' : `email: varchar('email', { length: 200 }).default('héllo ✓ "q"\\\\ \\t'),`}
  ${o.age ? `age: integer('age'),` : ''}
  ${o.nick ? `nick: text('nick'),` : ''}
}, (t) => [
  index('users_name_idx').on(t.name),
  ${o.dropCheck ? '' : `check('name_len', sql\`length(\${t.name}) > 0\`),`}
  ${o.emailIdx ? `uniqueIndex().on(t.email),` : ''}
]);
export const posts = pgTable('posts', {
  id: integer('id'),
  authorId: integer('author_id').references(() => users.id${o.fkCascade ? `, { onDelete: 'cascade' }` : ''}),
  title: text('title'),
  ${o.body ? `body: text('body'),` : ''}
}, (t) => [
  primaryKey({ columns: [t.id, t.authorId] }),
  unique().on(t.title),
  ${o.postsIdx ? `index().on(t.title, t.authorId),` : ''}
]);
export const accounts = ${accountsInPublic ? 'pgTable' : 'auth.table'}('accounts', {
  id: integer('id').primaryKey(),
  userId: integer('user_id').references(() => users.id),
  kind: ${o.moodInAuth ? 'moodEnum' : 'text'}('kind'),
});
${o.tags ? `export const tags = pgTable('tags', { id: serial('id').primaryKey(), label: text('label') });` : ''}
export const activeUsers = pgView('active_users', { id: integer('id') }).as(sql\`select 1 as id\`);
`;
}

/** Hints tuple helpers. */
const rename = (kind, from, to) => ({ type: 'rename', kind, from, to });
const create = (kind, entity) => ({ type: 'create', kind, entity });

/**
 * @typedef {{ name: string, schema?: Record<string, any>, hints?: object[], custom?: boolean,
 *   stash?: string, restore?: string }} Step
 */

/** @type {Step[]} */
const steps = [
  { name: 's00', schema: {} },
  {
    name: 's01',
    schema: { nameCol: 'full_name', age: true, flagDefault: false },
    hints: [rename('column', ['public', 'users', 'name'], ['public', 'users', 'full_name']),
      create('column', ['public', 'users', 'age'])],
  },
  {
    name: 's02',
    schema: { nameCol: 'full_name', age: true, flagDefault: false, users: 'members' },
    hints: [rename('table', ['public', 'users'], ['public', 'members'])],
  },
  {
    name: 's03',
    schema: { nameCol: 'full_name', age: true, flagDefault: false, users: 'members', mood: 'feeling', moodValues: ['sad', 'ok', 'great'] },
    hints: [rename('enum', ['public', 'mood'], ['public', 'feeling'])],
  },
  {
    name: 's04',
    schema: { nameCol: 'full_name', age: true, flagDefault: false, users: 'members', mood: 'feeling', moodValues: ['sad', 'ok', 'great'], authSchema: 'identity' },
    hints: [rename('schema', ['auth'], ['identity'])],
  },
  {
    name: 's05',
    schema: { nameCol: 'full_name', age: true, flagDefault: false, users: 'members', mood: 'feeling', moodValues: ['sad', 'ok', 'great'], authSchema: 'identity', accountsInPublic: true },
    hints: [rename('table', ['identity', 'accounts'], ['public', 'accounts'])],
  },
  {
    name: 's06',
    schema: { nameCol: 'full_name', age: true, flagDefault: false, users: 'members', mood: 'feeling', moodValues: ['sad', 'ok', 'great'], authSchema: 'identity', accountsInPublic: true, dropEmail: true, dropCheck: true, fkCascade: true, postsIdx: true },
    hints: [rename('foreign key', ['public', 'posts', 'posts_author_id_users_id_fkey'], ['public', 'posts', 'posts_author_id_members_id_fkey'])],
  },
  { name: 's07', custom: true },
  {
    // Branch A; set aside so branch B gets the same parent.
    name: 's08a',
    schema: { nameCol: 'full_name', age: true, flagDefault: false, users: 'members', mood: 'feeling', moodValues: ['sad', 'ok', 'great'], authSchema: 'identity', accountsInPublic: true, dropEmail: true, dropCheck: true, fkCascade: true, postsIdx: true, tags: true },
    stash: 's08a',
  },
  {
    name: 's08b',
    schema: { nameCol: 'full_name', age: true, flagDefault: false, users: 'members', mood: 'feeling', moodValues: ['sad', 'ok', 'great'], authSchema: 'identity', accountsInPublic: true, dropEmail: true, dropCheck: true, fkCascade: true, postsIdx: true, body: true },
    restore: 's08a',
  },
  {
    name: 's09',
    schema: { nameCol: 'full_name', age: true, flagDefault: false, users: 'members', mood: 'feeling', moodValues: ['sad', 'ok', 'great'], authSchema: 'identity', accountsInPublic: true, dropEmail: true, dropCheck: true, fkCascade: true, postsIdx: true, tags: true, body: true, nick: true },
  },
  {
    // A renamed column that a PK, an index and two FKs name.
    name: 's10',
    schema: { nameCol: 'full_name', age: true, flagDefault: false, users: 'members', mood: 'feeling', moodValues: ['sad', 'ok', 'great'], authSchema: 'identity', accountsInPublic: true, dropEmail: true, dropCheck: true, fkCascade: true, postsIdx: true, tags: true, body: true, nick: true, idCol: 'member_id' },
    hints: [rename('column', ['public', 'members', 'id'], ['public', 'members', 'member_id'])],
  },
  {
    // An enum moved into another schema, used by a column of another schema.
    name: 's11',
    schema: { nameCol: 'full_name', age: true, flagDefault: false, users: 'members', mood: 'feeling', moodValues: ['sad', 'ok', 'great'], authSchema: 'identity', accountsInPublic: true, dropEmail: true, dropCheck: true, fkCascade: true, postsIdx: true, tags: true, body: true, nick: true, idCol: 'member_id', moodInAuth: true },
    hints: [rename('enum', ['public', 'feeling'], ['identity', 'feeling'])],
  },
  {
    // Drops: an index and a whole table.
    name: 's12',
    schema: { nameCol: 'full_name', age: true, flagDefault: false, users: 'members', mood: 'feeling', moodValues: ['sad', 'ok', 'great'], authSchema: 'identity', accountsInPublic: true, dropEmail: true, dropCheck: true, fkCascade: true, body: true, nick: true, idCol: 'member_id', moodInAuth: true },
  },
  {
    // Second branch pair: a table rename on one side, a new column on the other.
    name: 's13a',
    schema: { nameCol: 'full_name', age: true, flagDefault: false, users: 'people', mood: 'feeling', moodValues: ['sad', 'ok', 'great'], authSchema: 'identity', accountsInPublic: true, dropEmail: true, dropCheck: true, fkCascade: true, body: true, nick: true, idCol: 'member_id', moodInAuth: true },
    hints: [rename('table', ['public', 'members'], ['public', 'people'])],
    stash: 's13a',
  },
  {
    name: 's13b',
    schema: { nameCol: 'full_name', age: true, flagDefault: false, users: 'members', mood: 'feeling', moodValues: ['sad', 'ok', 'great'], authSchema: 'identity', accountsInPublic: true, dropEmail: true, dropCheck: true, fkCascade: true, body: true, nick: true, idCol: 'member_id', moodInAuth: true, tags: true },
    restore: 's13a',
  },
  {
    name: 's14',
    schema: { nameCol: 'full_name', age: true, flagDefault: false, users: 'people', mood: 'feeling', moodValues: ['sad', 'ok', 'great', 'meh'], authSchema: 'identity', accountsInPublic: true, dropEmail: true, dropCheck: true, fkCascade: true, body: true, nick: true, idCol: 'member_id', moodInAuth: true, tags: true },
  },
];

function run(dir, args) {
  return execFileSync(process.execPath, [kitBin, 'generate', ...args], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Builds the folder with rc.5 and returns `{ out, folders }`. */
function buildHistory() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sleet-snap-'));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, 'drizzle.config.ts'),
    `import { defineConfig } from 'drizzle-kit';\nexport default defineConfig({ dialect: 'postgresql', schema: './schema.ts', out: './drizzle' });\n`);
  const out = path.join(dir, 'drizzle');
  const aside = path.join(dir, 'aside');
  fs.mkdirSync(aside);
  for (const step of steps) {
    const args = ['--name', step.name];
    if (step.custom) args.push('--custom');
    else fs.writeFileSync(path.join(dir, 'schema.ts'), schemaSource(step.schema ?? {}));
    if (step.hints) args.push('--hints', JSON.stringify(step.hints));
    const before = new Set(fs.existsSync(out) ? fs.readdirSync(out) : []);
    try {
      run(dir, args);
    } catch (e) {
      throw new Error(`rc.5 generate ${step.name} failed: ${e.stdout}\n${e.stderr}`);
    }
    const made = fs.readdirSync(out).filter((f) => !before.has(f));
    assert.equal(made.length, 1, `rc.5 wrote one folder for ${step.name}`);
    if (step.stash) fs.renameSync(path.join(out, made[0]), path.join(aside, made[0]));
    if (step.restore) {
      for (const f of fs.readdirSync(aside)) fs.renameSync(path.join(aside, f), path.join(out, f));
    }
  }
  return { dir, out };
}

/** @param {string} out */
function readFiles(out) {
  return fs.readdirSync(out).filter((f) => fs.existsSync(path.join(out, f, 'snapshot.json'))).sort()
    .map((folder) => ({ folder, text: fs.readFileSync(path.join(out, folder, 'snapshot.json'), 'utf8') }));
}

/** rc.5's `reconstruct` takes `{ [folder]: parsed snapshot }`. */
const asRecord = (files) => Object.fromEntries(files.map((f) => [f.folder, JSON.parse(f.text)]));

const history = buildHistory();
const files = readFiles(history.out);
const snapshots = files.map((f) => ({ ...f, json: JSON.parse(f.text) }));

test('rc.5 built the intended history', () => {
  assert.equal(files.length, steps.length);
  for (const m of ['_s09', '_s14']) {
    const merge = snapshots.find((s) => s.folder.endsWith(m));
    assert.equal(merge.json.prevIds.length, 2, `the ${m} snapshot merges two branches`);
  }
  const kinds = new Set(snapshots.flatMap((s) => (s.json.deltas ?? []).map((d) => d.op === 'create' ? 'create' : `${d.op}:${d.key.split('\0')[0]}`)));
  for (const k of ['rename:columns', 'rename:tables', 'rename:enums', 'rename:schemas', 'drop:columns', 'drop:indexes', 'drop:tables', 'drop:checks', 'alter:fks', 'alter:enums', 'create']) {
    assert.ok(kinds.has(k), `history has a ${k} delta (has ${[...kinds].join(', ')})`);
  }
});

test('every snapshot reconstructs to rc.5\'s state', async () => {
  let compared = 0;
  for (const s of snapshots) {
    const theirs = await reconstruct(asRecord(files), s.json.id);
    const ours = pgReconstruct({ files, id: s.json.id });
    assert.deepStrictEqual(ours.ddl, theirs.ddl, `state of ${s.folder}`);
    compared++;
  }
  assert.equal(compared, steps.length);
});

test('the leaf state without an id is the newest snapshot\'s', async () => {
  const theirs = await reconstruct(asRecord(files));
  assert.deepStrictEqual(pgReconstruct({ files }).ddl, theirs.ddl);
});

test('our writer reproduces rc.5\'s snapshot text byte for byte', async () => {
  const byId = new Map(snapshots.map((s) => [s.json.id, s]));
  let written = 0;
  const ours = [];
  for (const s of snapshots) {
    const cur = await reconstruct(asRecord(files), s.json.id);
    const { prevIds, footprints } = s.json;
    let input;
    if (s.json.type === 'base') {
      input = { id: s.json.id, prevIds: [], cur: { ddl: cur.ddl }, footprints };
    } else {
      // The state rc.5 diffed against: the parents' (combined) state, rebuilt from the files
      // that existed when this migration was generated.
      const ancestors = files.filter((f) => isAncestor(byId, JSON.parse(f.text).id, prevIds));
      const prev = pgReconstruct({ files: ancestors });
      const renames = s.json.deltas.filter((d) => d.op === 'rename').map(({ key, set }) => ({ key, set }));
      input = { id: s.json.id, prevIds, prev, cur: { ddl: cur.ddl }, renames, footprints };
    }
    const text = pgWriteSnapshot(input);
    assert.equal(text, s.text, `snapshot text of ${s.folder}`);
    ours.push({ folder: s.folder, text });
    written++;
  }
  assert.equal(written, steps.length);
  // rc.5 reads what we wrote to the same states.
  for (const s of snapshots) {
    const a = await reconstruct(asRecord(ours), s.json.id);
    const b = await reconstruct(asRecord(files), s.json.id);
    assert.deepStrictEqual(a.ddl, b.ddl);
  }
});

test('renames from our diff give rc.5\'s deltas', async () => {
  const byId = new Map(snapshots.map((s) => [s.json.id, s]));
  const stepOf = new Map(steps.map((st) => [st.name, st]));
  let compared = 0;
  for (const s of snapshots.filter((it) => it.json.type === 'diff')) {
    const step = stepOf.get(s.folder.slice(s.folder.indexOf('_') + 1));
    const ancestors = files.filter((f) => isAncestor(byId, JSON.parse(f.text).id, s.json.prevIds));
    const prev = pgReconstruct({ files: ancestors });
    const cur = await reconstruct(asRecord(files), s.json.id);
    const { renames } = pgDiff({ prev: prev.ddl, cur: cur.ddl, hints: step.hints ?? [] });
    const text = pgWriteSnapshot({ id: s.json.id, prevIds: s.json.prevIds, prev, cur: { ddl: cur.ddl }, renames, footprints: s.json.footprints });
    assert.deepStrictEqual(JSON.parse(text).deltas, s.json.deltas, `deltas of ${s.folder}`);
    compared++;
  }
  assert.ok(compared >= 10);
});

/** Whether `id` is an ancestor of (or one of) `of`. */
function isAncestor(byId, id, of) {
  const stack = [...of];
  const seen = new Set();
  while (stack.length) {
    const at = stack.pop();
    if (at === id) return true;
    if (seen.has(at) || !byId.has(at)) continue;
    seen.add(at);
    stack.push(...byId.get(at).json.prevIds);
  }
  return false;
}

test.after(() => { if (!process.env.SLEET_KEEP_TMP) fs.rmSync(history.dir, { recursive: true, force: true }); });
