// The generated bad-input suite (issue 11 "Done means"): hundreds of ways a project can be wrong —
// corrupt snapshots of every kind, config fields of the wrong type, malformed hints, broken schema
// modules, hostile names, unreadable files — each run through the CLI's real entry point (`main`, which
// returns the exit code instead of exiting, so the cases share one process), in text and in JSON
// output. Each asserts the standing brief's contract for bad input (GUIDE.md "Standards"): exit code 1,
// one clear message naming the file, field or entity, no stack trace, a valid JSON envelope with
// --output json, and nothing written (the project tree is compared before and after).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { main } from '../../js/cli.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sleet-bad-input-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

const SCHEMA = `import { sql } from 'drizzle-orm';
import { pgTable, pgEnum, integer, text, index, check } from 'drizzle-orm/pg-core';
export const mood = pgEnum('mood', ['happy', 'sad']);
export const users = pgTable('users', {
  id: integer('id').primaryKey(),
  name: text('name').unique(),
  mood: mood('mood'),
}, (t) => [index('users_name_idx').on(t.name)]);
export const posts = pgTable('posts', {
  id: integer('id').primaryKey(),
  userId: integer('user_id').references(() => users.id),
  body: text('body'),
}, (t) => [check('body_not_empty', sql\`length(\${t.body}) > 0\`)]);
`;
const CONFIG = { dialect: 'postgresql', schema: './schema.mjs', out: './drizzle' };
// push and pull need credentials; bad input must be refused before any connection is tried, so the
// URL points where nothing listens.
const UNREACHABLE = 'postgres://nobody:hunter2@127.0.0.1:9/none';

let template;
let folder;
let snapshot;

let counter = 0;
/** A fresh copy of the template project (its node_modules a symlink to sleet's). */
function project() {
  const dir = path.join(scratch, `p${++counter}`);
  fs.cpSync(template, dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}

const write = (dir, rel, text) => {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), typeof text === 'string' ? text : JSON.stringify(text, null, 2));
};

/** Every path of the project with its content hash (symlinks by target), node_modules left out. */
function tree(dir) {
  const out = [];
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (r === 'node_modules') continue;
      const full = path.join(dir, r);
      if (e.isSymbolicLink()) out.push(`${r} -> ${fs.readlinkSync(full)}`);
      else if (e.isDirectory()) {
        out.push(`${r}/`);
        walk(r);
      } else out.push(`${r} ${crypto.createHash('sha1').update(fs.readFileSync(full)).digest('hex')}`);
    }
  };
  walk('');
  return out.sort();
}

/** The CLI in-process: exit code and what it printed. */
async function sleet(dir, argv) {
  const out = [];
  const err = [];
  const code = await main(argv, { cwd: dir, io: { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false } });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const STACK = /^\s+at .+(?::\d+:\d+\)?|\(native\))$/m;

/**
 * One case: `setup(dir)` breaks a fresh project, `argv` runs a command on it, `names` must appear in
 * the message (the file, field or entity at fault).
 * @typedef {{ name: string, setup: (dir: string) => void, argv: string[], names: RegExp | string }} Case
 */

/** Run `c` in text and in JSON output, each on its own fresh project. */
function check(c) {
  // A function is evaluated when the test runs (the template's folder name is known only then).
  const pattern = () => {
    const names = typeof c.names === 'function' ? c.names() : c.names;
    return typeof names === 'string' ? new RegExp(names.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : names;
  };
  test(`${c.name} (text)`, async () => {
    const names = pattern();
    const dir = project();
    c.setup(dir);
    const before = tree(dir);
    const r = await sleet(dir, c.argv);
    assert.equal(r.code, 1, `exit code; stdout: ${r.out}\nstderr: ${r.err}`);
    assert.equal(r.out, '', 'nothing on stdout');
    assert.equal(r.err.match(/^Error: /gm)?.length, 1, `one error message: ${r.err}`);
    assert.ok(r.err.startsWith('Error: '), r.err);
    assert.match(r.err, names);
    assert.doesNotMatch(r.err, STACK);
    assert.deepEqual(tree(dir), before, 'nothing written');
  });
  test(`${c.name} (json)`, async () => {
    const names = pattern();
    const dir = project();
    c.setup(dir);
    const before = tree(dir);
    const r = await sleet(dir, [...c.argv, '--output', 'json']);
    assert.equal(r.code, 1, `exit code; stdout: ${r.out}\nstderr: ${r.err}`);
    const lines = r.out.split('\n');
    assert.equal(lines.length, 1, `one line of JSON: ${r.out}`);
    const envelope = JSON.parse(lines[0]);
    assert.equal(envelope.status, 'error');
    assert.equal(typeof envelope.error.code, 'string');
    assert.match(envelope.error.message, names);
    assert.doesNotMatch(envelope.error.message, STACK);
    assert.deepEqual(tree(dir), before, 'nothing written');
  });
}

before(async () => {
  template = path.join(scratch, 'template');
  fs.mkdirSync(template);
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(template, 'node_modules'));
  write(template, 'schema.mjs', SCHEMA);
  write(template, 'drizzle.config.json', CONFIG);
  const r = await sleet(template, ['generate', '--name', 'init']);
  assert.equal(r.code, 0, r.err);
  [folder] = fs.readdirSync(path.join(template, 'drizzle'));
  snapshot = JSON.parse(fs.readFileSync(path.join(template, 'drizzle', folder, 'snapshot.json'), 'utf8'));
  // A second migration, so a corrupt first snapshot is read as a parent, not only as the leaf.
  fs.writeFileSync(path.join(template, 'schema.mjs'), `${SCHEMA}export const extra = (await import('drizzle-orm/pg-core')).pgTable('extra', { id: (await import('drizzle-orm/pg-core')).integer('id') });\n`);
  const second = await sleet(template, ['generate', '--name', 'extra']);
  assert.equal(second.code, 0, second.err);
  // The template's schema is the one the folder describes: a valid project finds no changes.
  assert.equal((await sleet(template, ['generate', '--output', 'json'])).out, JSON.stringify({ status: 'no_changes', dialect: 'postgresql' }));
});

// ---------------------------------------------------------------------------------------------------
// Corrupt snapshots: each mutation of the first migration's snapshot.json, through generate and check.

const snapshotPath = () => `drizzle/${folder}/snapshot.json`;
const clone = () => JSON.parse(JSON.stringify(snapshot));
const rowsOf = (s, kind) => s.ddl.filter((r) => r.entityType === kind);

/** @type {[string, (s: any) => any][]} name → mutation returning the new content (object or text) */
const SNAPSHOT_MUTATIONS = [
  ['invalid JSON', () => '{"version": "8", '],
  ['empty file', () => ''],
  ['truncated in the middle', () => JSON.stringify(snapshot).slice(0, 120)],
  ['a JSON array', () => '[]'],
  ['a JSON number', () => '42'],
  ['JSON null', () => 'null'],
  ['a JSON string', () => '"snapshot"'],
  ['no id', (s) => { delete s.id; return s; }],
  ['a numeric id', (s) => { s.id = 5; return s; }],
  ['no prevIds', (s) => { delete s.prevIds; return s; }],
  ['prevIds a string', (s) => { s.prevIds = 'x'; return s; }],
  ['prevIds holding a number', (s) => { s.prevIds = [5]; return s; }],
  ['no version', (s) => { delete s.version; return s; }],
  ['version from the future', (s) => { s.version = '99'; return s; }],
  ['version an object', (s) => { s.version = {}; return s; }],
  ['an older version', (s) => { s.version = '5'; return s; }],
  ['dialect mysql', (s) => { s.dialect = 'mysql'; return s; }],
  ['no ddl', (s) => { delete s.ddl; return s; }],
  ['ddl an object', (s) => { s.ddl = {}; return s; }],
  ['a ddl row without entityType', (s) => { s.ddl.push({ name: 'x' }); return s; }],
  ['a ddl row of unknown kind', (s) => { s.ddl.push({ entityType: 'widgets', name: 'x' }); return s; }],
  ['a ddl row that is a string', (s) => { s.ddl.push('tables'); return s; }],
  ['a table listed twice', (s) => { s.ddl.push(rowsOf(s, 'tables')[0]); return s; }],
  ['a column listed twice', (s) => { s.ddl.push(rowsOf(s, 'columns')[0]); return s; }],
];
for (const kind of ['tables', 'columns', 'enums', 'indexes', 'fks', 'pks', 'uniques', 'checks']) {
  SNAPSHOT_MUTATIONS.push([`a ${kind} row without a name`, (s) => { delete rowsOf(s, kind)[0].name; return s; }]);
  SNAPSHOT_MUTATIONS.push([`a ${kind} row with a numeric name`, (s) => { rowsOf(s, kind)[0].name = 7; return s; }]);
}
for (const [kind, what] of [['columns', 'column'], ['indexes', 'index'], ['fks', 'foreign key'], ['pks', 'primary key'], ['uniques', 'unique constraint'], ['checks', 'check']]) {
  // A row of a table the snapshot does not create: the next diff would write ALTER TABLE "ghost" …
  SNAPSHOT_MUTATIONS.push([`a ${what} of a table that does not exist`, (s) => {
    const row = { ...rowsOf(s, kind)[0], table: 'ghost', name: `ghost_${kind}` };
    s.ddl.push(row);
    return s;
  }]);
}

/** Break the snapshot file itself (not its content). */
const SNAPSHOT_FILES = [
  ['a directory', (file) => { fs.rmSync(file); fs.mkdirSync(file); }],
  ['a dangling symlink', (file) => { fs.rmSync(file); fs.symlinkSync('nowhere.json', file); }],
  ['a symlink loop', (file) => { fs.rmSync(file); fs.symlinkSync(path.basename(file), file); }],
  ['missing beside its migration.sql', (file) => fs.rmSync(file)],
];

describe('corrupt snapshots', () => {
  for (const argv of [['generate'], ['check'], ['generate', '--explain']]) {
    for (const [name, mutate] of SNAPSHOT_MUTATIONS) {
      check({
        name: `${argv.join(' ')}: snapshot with ${name}`,
        setup: (dir) => write(dir, snapshotPath(), mutate(clone())),
        argv,
        names: () => new RegExp(`${folder}/snapshot\\.json`),
      });
    }
  }
  // generate hands the engine the file's bytes: a byte that is not UTF-8 is named, not replaced.
  check({
    name: 'generate: snapshot.json is not UTF-8',
    setup: (dir) => {
      const file = path.join(dir, snapshotPath());
      const text = fs.readFileSync(file);
      const at = text.indexOf('"tables"');
      fs.writeFileSync(file, Buffer.concat([text.subarray(0, at + 1), Buffer.from([0xff]), text.subarray(at + 1)]));
    },
    argv: ['generate'],
    names: () => new RegExp(`${folder}/snapshot\\.json is not UTF-8 text \\(invalid byte at offset \\d+\\)`),
  });
  for (const argv of [['generate'], ['check']]) {
    for (const [name, breakIt] of SNAPSHOT_FILES) {
      check({ name: `${argv[0]}: snapshot.json is ${name}`, setup: (dir) => breakIt(path.join(dir, snapshotPath())), argv, names: () => new RegExp(`${folder}/snapshot\\.json`) });
    }
  }
});

// ---------------------------------------------------------------------------------------------------
// Config fields of the wrong type: the message names the field.

/** @type {[string, Record<string, unknown>, string][]} name, config patch, field the message names */
const CONFIG_CASES = [
  ['out: 42', { out: 42 }, '"out"'],
  ['out: true', { out: true }, '"out"'],
  ['out: {}', { out: {} }, '"out"'],
  ['out: empty', { out: '' }, '"out"'],
  ['schema: {}', { schema: {} }, '"schema"'],
  ['schema: 42', { schema: 42 }, '"schema"'],
  ['schema: [1]', { schema: [1] }, '"schema"'],
  ["breakpoints: 'yes'", { breakpoints: 'yes' }, '"breakpoints"'],
  ['breakpoints: 1', { breakpoints: 1 }, '"breakpoints"'],
  ["migrations: 'x'", { migrations: 'x' }, '"migrations"'],
  ['migrations.table: 5', { migrations: { table: 5 } }, '"migrations.table"'],
  ['migrations.table: {}', { migrations: { table: {} } }, '"migrations.table"'],
  ['migrations.schema: 5', { migrations: { schema: 5 } }, '"migrations.schema"'],
  ["migrations.prefix: 'weekly'", { migrations: { prefix: 'weekly' } }, '"migrations.prefix"'],
  ['dialect: 5', { dialect: 5 }, 'dialect'],
  ["dialect: 'oracle'", { dialect: 'oracle' }, 'dialect'],
  ['no dialect', { dialect: undefined }, '"dialect"'],
  ["dbCredentials: a string", { dbCredentials: 'postgres://x' }, '"dbCredentials"'],
  ["dbCredentials.port: 'abc'", { dbCredentials: { host: 'h', port: 'abc' } }, '"dbCredentials.port"'],
  ['dbCredentials.port: 70000', { dbCredentials: { host: 'h', port: 70000 } }, '"dbCredentials.port"'],
  ['dbCredentials.url: 5', { dbCredentials: { url: 5 } }, '"dbCredentials.url"'],
  ['dbCredentials.password: 5', { dbCredentials: { host: 'h', password: 5 } }, '"dbCredentials.password"'],
  ["casing: 'kebab'", { casing: 'kebab' }, '"casing"'],
  ['tablesFilter: 5', { tablesFilter: 5 }, '"tablesFilter"'],
  ['schemaFilter: {}', { schemaFilter: {} }, '"schemaFilter"'],
  ["extensionsFilters: 'postgis'", { extensionsFilters: 'postgis' }, '"extensionsFilters"'],
  ["introspect: 'camel'", { introspect: 'camel' }, '"introspect"'],
  ["introspect.casing: 'upper'", { introspect: { casing: 'upper' } }, '"introspect.casing"'],
  ["entities.roles: 'yes'", { entities: { roles: 'yes' } }, '"entities.roles"'],
  ["verbose: 'yes'", { verbose: 'yes' }, '"verbose"'],
  ['strict: 1', { strict: 1 }, '"strict"'],
  ["sleet.roles: 'maybe'", { sleet: { roles: 'maybe' } }, 'sleet.roles'],
];

describe('config fields of the wrong type', () => {
  for (const argv of [['generate'], ['migrate'], ['push'], ['check']]) {
    for (const [name, patch, field] of CONFIG_CASES) {
      // sleet.roles is read by generate and export only.
      if (name.startsWith('sleet.') && argv[0] !== 'generate') continue;
      check({
        name: `${argv[0]}: ${name}`,
        setup: (dir) => write(dir, 'drizzle.config.json', { ...CONFIG, dbCredentials: { url: UNREACHABLE }, ...patch }),
        argv,
        names: field,
      });
    }
  }
  const files = [
    ['not JSON', (dir) => write(dir, 'drizzle.config.json', '{ dialect: postgresql'), 'drizzle.config.json'],
    ['JSON null', (dir) => write(dir, 'drizzle.config.json', 'null'), 'drizzle.config.json'],
    ['a directory', (dir) => { fs.rmSync(path.join(dir, 'drizzle.config.json')); fs.mkdirSync(path.join(dir, 'drizzle.config.json')); }, 'drizzle.config.json'],
    ['a dangling symlink', (dir) => { fs.rmSync(path.join(dir, 'drizzle.config.json')); fs.symlinkSync('gone.json', path.join(dir, 'drizzle.config.json')); }, 'drizzle.config.json'],
    ['a module that throws', (dir) => { fs.rmSync(path.join(dir, 'drizzle.config.json')); write(dir, 'drizzle.config.mjs', "throw new Error('no config for you');\n"); }, 'drizzle.config.mjs'],
    ['a module exporting a number', (dir) => { fs.rmSync(path.join(dir, 'drizzle.config.json')); write(dir, 'drizzle.config.mjs', 'export default 5;\n'); }, 'drizzle.config.mjs'],
  ];
  for (const argv of [['generate'], ['migrate']]) {
    for (const [name, setup, file] of files) check({ name: `${argv[0]}: config file is ${name}`, setup, argv, names: file });
  }
  for (const [name, setup, file] of files.slice(0, 2)) check({ name: `--config pointing at a file that is ${name}`, setup: (dir) => { setup(dir); fs.renameSync(path.join(dir, 'drizzle.config.json'), path.join(dir, 'other.json')); }, argv: ['generate', '--config', 'other.json'], names: 'other.json' });
  check({ name: '--config pointing at a directory', setup: (dir) => fs.mkdirSync(path.join(dir, 'conf.json')), argv: ['generate', '--config', 'conf.json'], names: 'conf.json' });
});

// ---------------------------------------------------------------------------------------------------
// Malformed hints, through --hints and --hints-file, for generate and push (read before connecting).

const HINTS = [
  ['not JSON', '[{'],
  ['an object', '{}'],
  ['a number in the list', '[5]'],
  ['an unknown type', '[{"type":"maybe","kind":"table","entity":["public","t"]}]'],
  ['an unknown kind', '[{"type":"create","kind":"widget","entity":["public","t"]}]'],
  ['a short tuple', '[{"type":"create","kind":"column","entity":["public","t"]}]'],
  ['a tuple of numbers', '[{"type":"create","kind":"table","entity":[1,2]}]'],
  ['a rename without from', '[{"type":"rename","kind":"table","to":["public","t"]}]'],
  ['rename and create of one table', '[{"type":"rename","kind":"table","from":["public","a"],"to":["public","b"]},{"type":"create","kind":"table","entity":["public","b"]}]'],
  ['one table renamed from two', '[{"type":"rename","kind":"table","from":["public","a"],"to":["public","c"]},{"type":"rename","kind":"table","from":["public","b"],"to":["public","c"]}]'],
  ['one column renamed to two', '[{"type":"rename","kind":"column","from":["public","t","a"],"to":["public","t","b"]},{"type":"rename","kind":"column","from":["public","t","a"],"to":["public","t","c"]}]'],
];

describe('malformed hints', () => {
  for (const command of ['generate', 'push']) {
    const setup = (dir) => write(dir, 'drizzle.config.json', { ...CONFIG, dbCredentials: { url: UNREACHABLE } });
    for (const [name, text] of HINTS) {
      check({ name: `${command} --hints: ${name}`, setup, argv: [command, '--hints', text], names: '--hints' });
      check({ name: `${command} --hints-file: ${name}`, setup: (dir) => { setup(dir); write(dir, 'hints.json', text); }, argv: [command, '--hints-file', 'hints.json'], names: 'hints.json' });
    }
    check({ name: `${command} --hints-file missing`, setup, argv: [command, '--hints-file', 'nope.json'], names: 'nope.json' });
    check({ name: `${command} --hints-file a directory`, setup: (dir) => { setup(dir); fs.mkdirSync(path.join(dir, 'hints.json')); }, argv: [command, '--hints-file', 'hints.json'], names: 'hints.json' });
    check({ name: `${command} --hints-file a dangling symlink`, setup: (dir) => { setup(dir); fs.symlinkSync('gone', path.join(dir, 'hints.json')); }, argv: [command, '--hints-file', 'hints.json'], names: 'hints.json' });
    check({ name: `${command}: --hints contradicting --hints-file`, setup: (dir) => { setup(dir); write(dir, 'hints.json', '[{"type":"create","kind":"table","entity":["public","b"]}]'); }, argv: [command, '--hints', '[{"type":"rename","kind":"table","from":["public","a"],"to":["public","b"]}]', '--hints-file', 'hints.json'], names: /contradictory hints for table public\.b/ });
  }
});

// ---------------------------------------------------------------------------------------------------
// Schemas that rc.5 turns into SQL that fails at apply, and schema modules that cannot load: refused at
// generate (and export), naming the column, table or file.

const SCHEMA_CASES = [
  ['a NaN integer default', `export const t = pgTable('t', { n: integer('n').default(NaN) });`, /public\.t\.n: .*NaN/],
  ['an Infinity double default', `export const t = pgTable('t', { n: doublePrecision('n').default(Infinity) });`, /public\.t\.n: .*Infinity/],
  ['a NaN inside an integer array default', `export const t = pgTable('t', { n: integer('n').array().default([1, NaN]) });`, /public\.t\.n: .*NaN/],
  ['a ragged array default', `export const t = pgTable('t', { n: integer('n').array().array().default([[1, 2], [3]]) });`, /public\.t\.n: .*ragged/],
  ['a ragged text array default', `export const t = pgTable('t', { n: text('n').array().array().default([['a'], 'b']) });`, /public\.t\.n: .*ragged/],
  ['a circular jsonb default', `const loop = { a: 1 }; loop.self = loop;\nexport const t = pgTable('t', { doc: jsonb('doc').default(loop) });`, /public\.t\.doc: .*circular/],
  ['a circular array in a json default', `const loop = [1]; loop.push(loop);\nexport const t = pgTable('t', { doc: json('doc').default(loop) });`, /public\.t\.doc: .*circular/],
  ['a foreign key to a table that is not exported', `const hidden = pgTable('hidden', { id: integer('id').primaryKey() });\nexport const t = pgTable('t', { h: integer('h').references(() => hidden.id) });`, /public\.t: foreign key \(h\) references public\.hidden/],
  ['a table declared twice', `export const a = pgTable('dup', { id: integer('id') });\nexport const b = pgTable('dup', { id: integer('id') });`, /public\.dup/],
  ['a module that throws', `throw new Error('schema exploded');`, /schema\.mjs/],
  ['a syntax error', `export const t = pgTable('t', {`, /schema\.mjs/],
];
const SCHEMA_HEAD = `import { pgTable, integer, text, jsonb, json, doublePrecision } from 'drizzle-orm/pg-core';\n`;

describe('schemas caught at generate', () => {
  for (const argv of [['generate'], ['export'], ['generate', '--explain']]) {
    for (const [name, body, names] of SCHEMA_CASES) {
      check({ name: `${argv.join(' ')}: ${name}`, setup: (dir) => write(dir, 'schema.mjs', SCHEMA_HEAD + body + '\n'), argv, names });
    }
    check({ name: `${argv.join(' ')}: the schema file is a directory`, setup: (dir) => { fs.rmSync(path.join(dir, 'schema.mjs')); fs.mkdirSync(path.join(dir, 'schema.mjs')); }, argv, names: 'schema.mjs' });
    check({ name: `${argv.join(' ')}: the schema file is a dangling symlink`, setup: (dir) => { fs.rmSync(path.join(dir, 'schema.mjs')); fs.symlinkSync('gone.mjs', path.join(dir, 'schema.mjs')); }, argv, names: 'schema.mjs' });
  }
});

// ---------------------------------------------------------------------------------------------------
// Hostile names and unreadable migration files.

describe('hostile names and unreadable files', () => {
  for (const name of ['../escape', 'a/b', 'x\u0000y', '..', 'con\nsole']) {
    check({ name: `generate --name ${JSON.stringify(name)}`, setup: () => {}, argv: ['generate', '--custom', '--name', name], names: '--name' });
  }
  const sqliteConfig = (dir) => write(dir, 'drizzle.config.json', { dialect: 'sqlite', out: './drizzle', dbCredentials: { url: path.join(scratch, `db-${path.basename(dir)}.sqlite`) } });
  const sqlOf = (dir) => path.join(dir, 'drizzle', folder, 'migration.sql');
  const broken = [
    ['a directory', (file) => { fs.rmSync(file); fs.mkdirSync(file); }, 'directory'],
    ['a dangling symlink', (file) => { fs.rmSync(file); fs.symlinkSync('gone.sql', file); }, 'does not exist'],
    ['a symlink loop', (file) => { fs.rmSync(file); fs.symlinkSync('migration.sql', file); }, 'loop'],
  ];
  for (const [name, breakIt, why] of broken) {
    check({ name: `migrate: migration.sql is ${name}`, setup: (dir) => { sqliteConfig(dir); breakIt(sqlOf(dir)); }, argv: ['migrate'], names: () => new RegExp(`${folder}/migration\\.sql cannot be read \\(.*${why}`) });
  }
  check({ name: 'migrate: out is a file', setup: (dir) => { sqliteConfig(dir); fs.rmSync(path.join(dir, 'drizzle'), { recursive: true }); write(dir, 'drizzle', 'not a folder'); }, argv: ['migrate'], names: 'drizzle' });
});
