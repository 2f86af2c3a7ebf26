// `sleet generate` as users and CI drive it: --explain, hints, the missing-hints report, never waiting on a
// prompt without a terminal, --custom, and bad input that must leave nothing half written.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'js/cli.js');
const CONFIG = `export default { dialect: 'postgresql', schema: './schema.ts', out: './drizzle' };\n`;
const V1 = `import { pgTable, integer, text } from 'drizzle-orm/pg-core';
export const users = pgTable('users', { id: integer('id').primaryKey(), firstName: text('first_name') });
`;
// first_name disappears, given_name and nickname appear: two rename-or-create questions.
const V2 = `import { pgTable, integer, text } from 'drizzle-orm/pg-core';
export const users = pgTable('users', { id: integer('id').primaryKey(), givenName: text('given_name'), nickname: text('nickname') });
`;
const RENAME = [
  { type: 'rename', kind: 'column', from: ['public', 'users', 'first_name'], to: ['public', 'users', 'given_name'] },
  { type: 'create', kind: 'column', entity: ['public', 'users', 'nickname'] },
];

function project(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sleet-gen-'));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  for (const [name, text] of Object.entries({ 'drizzle.config.ts': CONFIG, ...files })) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function sleet(dir, args, opts = {}) {
  const r = spawnSync(cli, args, { cwd: dir, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], input: opts.input ?? '', timeout: 20000 });
  return { code: r.status, out: r.stdout, err: r.stderr, signal: r.signal, json: () => JSON.parse(r.stdout.trim().split('\n').pop()) };
}

const folders = (dir) => (fs.existsSync(path.join(dir, 'drizzle')) ? fs.readdirSync(path.join(dir, 'drizzle')).sort() : []);

test('first generate writes one folder with migration.sql, snapshot.json and down.sql; a second finds no changes', () => {
  const dir = project({ 'schema.ts': V1 });
  const first = sleet(dir, ['generate', '--name', 'init', '--output', 'json']);
  assert.equal(first.code, 0, first.err);
  assert.equal(first.json().status, 'ok');
  const [folder] = folders(dir);
  assert.match(folder, /^\d{14}_init$/);
  assert.deepEqual(fs.readdirSync(path.join(dir, 'drizzle', folder)).sort(), ['down.sql', 'migration.sql', 'snapshot.json']);
  assert.equal(first.json().migration_path, `drizzle/${folder}/migration.sql`);
  const snapshot = JSON.parse(fs.readFileSync(path.join(dir, 'drizzle', folder, 'snapshot.json'), 'utf8'));
  assert.equal(snapshot.version, '9');
  assert.equal(snapshot.type, 'base');
  const again = sleet(dir, ['generate', '--output', 'json']);
  assert.equal(again.code, 0);
  assert.equal(again.json().status, 'no_changes');
  assert.equal(folders(dir).length, 1);
});

test('--explain prints the plan and writes nothing', () => {
  const dir = project({ 'schema.ts': V1 });
  const text = sleet(dir, ['generate', '--explain']);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, /CREATE TABLE "users"/);
  const json = sleet(dir, ['generate', '--explain', '--output', 'json']);
  assert.equal(json.json().status, 'ok');
  assert.ok(json.json().statements.some((s) => s.type === 'create_table'));
  assert.deepEqual(folders(dir), []);
});

test('--explain with --custom is refused', () => {
  const dir = project({ 'schema.ts': V1 });
  const r = sleet(dir, ['generate', '--explain', '--custom', '--output', 'json']);
  assert.equal(r.code, 1);
  assert.equal(r.json().error.code, 'ambiguous_params_error');
});

test('rename questions without a terminal: exit 2, the report, nothing written, no waiting on stdin', () => {
  const dir = project({ 'schema.ts': V1 });
  assert.equal(sleet(dir, ['generate', '--name', 'init']).code, 0);
  fs.writeFileSync(path.join(dir, 'schema.ts'), V2);
  // stdin is a pipe that stays open with input a prompt could read: sleet must not read it.
  const text = sleet(dir, ['generate'], { input: '1\n1\n' });
  assert.equal(text.signal, null, 'sleet waited for input');
  assert.equal(text.code, 2);
  assert.match(text.err, /missing_hints: 2 unresolved decisions/);
  assert.match(text.err, /Rename or create {2}— {2}column {2}public\.users\.given_name/);
  assert.match(text.err, /"type": "create", "kind": "column", "entity": \["public", "users", "nickname"\]/);
  const json = sleet(dir, ['generate', '--output', 'json']);
  assert.equal(json.code, 2);
  const env = json.json();
  assert.equal(env.status, 'missing_hints');
  assert.deepEqual(env.unresolved.map((u) => [u.type, u.kind, u.entity.join('.')]), [
    ['rename_or_create', 'column', 'public.users.given_name'],
    ['rename_or_create', 'column', 'public.users.nickname'],
  ]);
  assert.deepEqual(env.unresolved[0].candidates, [['public', 'users', 'first_name']]);
  assert.equal(folders(dir).length, 1);
});

// The report gives each answer ready to paste and one command with the most likely answers
// (issue 15): pasting that line, under Node and under Bun, must write the migration those answers
// mean — the SQL the explicit RENAME hints give in the next test.
for (const [runtime, bin] of [['node', process.execPath], ['bun', path.join(root, 'node_modules/.bin/bun')]]) {
  test(`${runtime}: the missing-hints report names the real rename source and one command that answers everything`, () => {
    const dir = project({ 'schema.ts': V1 });
    assert.equal(sleet(dir, ['generate', '--name', 'init']).code, 0);
    fs.writeFileSync(path.join(dir, 'schema.ts'), V2);
    const run = (args) => spawnSync(bin, [cli, ...args], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30000 });
    const asked = run(['generate', '--name', 'rename']);
    assert.equal(asked.status, 2, asked.stderr);
    assert.match(asked.stderr, /Rename from public\.users\.first_name:\n {5}\{ "type": "rename", "kind": "column", "from": \["public", "users", "first_name"\], "to": \["public", "users", "given_name"\] \}/);
    assert.doesNotMatch(asked.stderr, /<old_name>/, 'no placeholder when the candidates are known');
    assert.match(asked.stderr, /Most likely answers \(1: rename from public\.users\.first_name; 2: create\), as one command:/);
    const line = asked.stderr.split('\n').find((l) => l.startsWith('  sleet generate --hints '));
    assert.ok(line, asked.stderr);
    // Run the line as a shell would (its single quotes), with the same CLI.
    const pasted = spawnSync('bash', ['-c', `${line.trim().replace(/^sleet /, `"${bin}" "${cli}" `)} --name rename`], { cwd: dir, encoding: 'utf8' });
    assert.equal(pasted.status, 0, pasted.stderr);
    const folder = folders(dir).find((f) => f.endsWith('_rename'));
    assert.equal(fs.readFileSync(path.join(dir, 'drizzle', folder, 'migration.sql'), 'utf8'), 'ALTER TABLE "users" RENAME COLUMN "first_name" TO "given_name";--> statement-breakpoint\nALTER TABLE "users" ADD COLUMN "nickname" text;');
  });
}

test('the one-line command keeps the hints already given and takes each candidate once', () => {
  const two = (a, b) => `import { pgTable, integer, text } from 'drizzle-orm/pg-core';\nexport const t = pgTable('t', { id: integer('id').primaryKey(), ${a}: text('${a}'), ${b}: text('${b}') });\n`;
  const dir = project({ 'schema.ts': two('a', 'b') });
  assert.equal(sleet(dir, ['generate', '--name', 'init']).code, 0);
  fs.writeFileSync(path.join(dir, 'schema.ts'), two('c', 'd'));
  const given = [{ type: 'rename', kind: 'column', from: ['public', 't', 'a'], to: ['public', 't', 'c'] }];
  const r = sleet(dir, ['generate', '--hints', JSON.stringify(given)]);
  assert.equal(r.code, 2, r.err);
  const line = r.err.split('\n').find((l) => l.startsWith('  sleet generate --hints '));
  const hints = JSON.parse(line.trim().slice("sleet generate --hints '".length, -1));
  assert.deepEqual(hints, [...given, { type: 'rename', kind: 'column', from: ['public', 't', 'b'], to: ['public', 't', 'd'] }]);
});

test('--hints and --hints-file answer the questions', () => {
  const dir = project({ 'schema.ts': V1, 'answers.json': JSON.stringify(RENAME) });
  assert.equal(sleet(dir, ['generate', '--name', 'init']).code, 0);
  fs.writeFileSync(path.join(dir, 'schema.ts'), V2);
  const viaFile = sleet(dir, ['generate', '--explain', '--hints-file', 'answers.json']);
  assert.equal(viaFile.code, 0, viaFile.err);
  const r = sleet(dir, ['generate', '--name', 'rename', '--hints', JSON.stringify(RENAME), '--output', 'json']);
  assert.equal(r.code, 0, r.err);
  const sql = fs.readFileSync(path.join(dir, r.json().migration_path), 'utf8');
  assert.equal(sql, 'ALTER TABLE "users" RENAME COLUMN "first_name" TO "given_name";--> statement-breakpoint\nALTER TABLE "users" ADD COLUMN "nickname" text;');
  assert.match(viaFile.out, /RENAME COLUMN "first_name" TO "given_name"/);
});

test('a rename hint from an entity that was not dropped is invalid_hints', () => {
  const dir = project({ 'schema.ts': V1 });
  assert.equal(sleet(dir, ['generate', '--name', 'init']).code, 0);
  fs.writeFileSync(path.join(dir, 'schema.ts'), V2);
  const bad = [{ ...RENAME[0], from: ['public', 'users', 'no_such_column'] }, RENAME[1]];
  const r = sleet(dir, ['generate', '--hints', JSON.stringify(bad), '--output', 'json']);
  assert.equal(r.code, 1);
  assert.equal(r.json().error.code, 'invalid_hints');
  assert.match(r.json().error.message, /no_such_column/);
  assert.equal(folders(dir).length, 1);
});

test('--custom writes an empty migration carrying the previous state', () => {
  const dir = project({ 'schema.ts': V1 });
  assert.equal(sleet(dir, ['generate', '--name', 'init']).code, 0);
  const r = sleet(dir, ['generate', '--custom', '--name', 'seed', '--output', 'json']);
  assert.equal(r.code, 0, r.err);
  assert.equal(fs.readFileSync(path.join(dir, r.json().migration_path), 'utf8'), '-- Custom SQL migration file, put your code below! --');
  // The custom migration changed nothing in the recorded state.
  assert.equal(sleet(dir, ['generate', '--output', 'json']).json().status, 'no_changes');
});

test('a corrupt snapshot: exit 1, names the file, nothing written', () => {
  const dir = project({ 'schema.ts': V1 });
  assert.equal(sleet(dir, ['generate', '--name', 'init']).code, 0);
  const [folder] = folders(dir);
  fs.writeFileSync(path.join(dir, 'drizzle', folder, 'snapshot.json'), '{ "version": "9", "dialect": "postgres", ');
  fs.writeFileSync(path.join(dir, 'schema.ts'), V2);
  const r = sleet(dir, ['generate', '--hints', JSON.stringify(RENAME), '--output', 'json']);
  assert.equal(r.code, 1);
  // rc.5's envelope for this case: check_error, kind malformed, naming the snapshot.
  assert.equal(r.json().error.code, 'check_error');
  assert.equal(r.json().error.kind, 'malformed');
  assert.match(r.json().error.message, new RegExp(`${folder}/snapshot\\.json is not valid JSON`));
  assert.deepEqual(folders(dir), [folder]);
});

test('an unknown snapshot version says what to do', () => {
  const dir = project({ 'schema.ts': V1 });
  assert.equal(sleet(dir, ['generate', '--name', 'init']).code, 0);
  const [folder] = folders(dir);
  const file = path.join(dir, 'drizzle', folder, 'snapshot.json');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"version": "9"', '"version": "8"'));
  const r = sleet(dir, ['generate', '--output', 'json']);
  assert.equal(r.code, 1);
  assert.match(r.json().error.message, /sleet up/);
  assert.deepEqual(folders(dir), [folder]);
});

test('an unsupported default (a parameter inside sql``) names the column, nothing written', () => {
  const dir = project({
    'schema.ts': `import { sql } from 'drizzle-orm';
import { pgTable, integer } from 'drizzle-orm/pg-core';
const base = 10;
export const scores = pgTable('scores', { points: integer('points').default(sql\`\${base} + 1\`) });
`,
  });
  const r = sleet(dir, ['generate', '--output', 'json']);
  assert.equal(r.code, 1);
  assert.equal(r.json().error.code, 'schema_error');
  assert.match(r.json().error.message, /public\.scores\.points/);
  assert.deepEqual(folders(dir), []);
});

test('flags-only mode works without a config file', () => {
  const dir = project({ 'schema.ts': V1 });
  fs.rmSync(path.join(dir, 'drizzle.config.ts'));
  const r = sleet(dir, ['generate', '--dialect', 'postgresql', '--schema', './schema.ts', '--out', './migrations', '--name', 'init', '--output', 'json']);
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.json().migration_path, /^migrations\/\d{14}_init\/migration\.sql$/);
});

test('export prints the whole schema; --output json gives the statements', () => {
  const dir = project({ 'schema.ts': V1 });
  const text = sleet(dir, ['export']);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, /^CREATE TABLE "users" \(/);
  const json = sleet(dir, ['export', '--output', 'json']);
  assert.equal(json.json().status, 'ok');
  assert.equal(json.json().statements.length, 1);
  assert.deepEqual(folders(dir), []);
});

test('on a terminal, rename questions are asked and answered', async () => {
  const dir = project({ 'schema.ts': V1 });
  assert.equal(sleet(dir, ['generate', '--name', 'init']).code, 0);
  fs.writeFileSync(path.join(dir, 'schema.ts'), V2);
  // `script` gives the CLI a pseudo-terminal; answer "2" (rename from first_name). The second question
  // has a single possible answer (create), so it is not asked.
  const { spawn } = await import('node:child_process');
  const child = spawn('script', ['-qfec', `${process.execPath} ${cli} generate --name renamed`, '/dev/null'], { cwd: dir });
  let screen = '';
  child.stdout.on('data', (d) => {
    screen += d;
    if (/Choice \[1\]: /.test(screen) && !child.answered) {
      child.answered = true;
      child.stdin.write('2\r');
    }
  });
  const code = await new Promise((resolve) => child.on('close', resolve));
  assert.equal(code, 0, screen);
  assert.match(screen, /~ public\.users\.first_name › public\.users\.given_name {2}rename/);
  assert.match(screen, /\+ public\.users\.nickname column will be created/);
  const folder = folders(dir).find((f) => f.endsWith('_renamed'));
  assert.equal(
    fs.readFileSync(path.join(dir, 'drizzle', folder, 'migration.sql'), 'utf8'),
    'ALTER TABLE "users" RENAME COLUMN "first_name" TO "given_name";--> statement-breakpoint\nALTER TABLE "users" ADD COLUMN "nickname" text;',
  );
});

// Progress (issue 15): phase lines with counts on stderr when it is a terminal (`script` gives the CLI a
// pseudo-terminal, as above); nothing extra when piped or with --output json. Under Node and Bun.
for (const [runtime, bin] of [['node', process.execPath], ['bun', path.join(root, 'node_modules/.bin/bun')]]) {
  test(`${runtime}: generate shows its phases on a terminal, and nothing extra when piped or in JSON`, async () => {
    const { spawn } = await import('node:child_process');
    const onTerminal = (dir, args) => new Promise((resolve) => {
      // NO_COLOR: this test is about the lines, the colour test below about colour.
      const child = spawn('script', ['-qfec', `"${bin}" "${cli}" ${args}`, '/dev/null'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
      let screen = '';
      child.stdout.on('data', (d) => { screen += d; });
      child.on('close', (code) => resolve({ code, screen: screen.replaceAll('\r\n', '\n') }));
    });
    const dir = project({ 'schema.ts': V1 });
    const tty = await onTerminal(dir, 'generate --name init');
    assert.equal(tty.code, 0, tty.screen);
    assert.match(tty.screen, /^ {2}read 0 migration snapshots from \.\/drizzle\n {2}loaded 1 schema file\n {2}compared with the history in \d+ ms: 1 statement\n\[✓\] Your SQL migration ➜ drizzle\/\d{14}_init\/migration\.sql\n$/);
    fs.writeFileSync(path.join(dir, 'schema.ts'), V2);
    const json = await onTerminal(dir, `generate --output json --hints '${JSON.stringify(RENAME)}'`);
    assert.equal(json.code, 0, json.screen);
    assert.equal(JSON.parse(json.screen).status, 'ok', 'one JSON document and nothing else');
    fs.writeFileSync(path.join(dir, 'schema.ts'), V1);
    const piped = spawnSync(bin, [cli, 'generate', '--name', 'back', '--hints', JSON.stringify([{ type: 'rename', kind: 'column', from: ['public', 'users', 'given_name'], to: ['public', 'users', 'first_name'] }])], { cwd: dir, encoding: 'utf8' });
    assert.equal(piped.status, 0, piped.stderr);
    assert.equal(piped.stderr, '', 'no progress when stderr is a pipe');
    // stdout: the migration's path, then the hazards report of this plan (a rename and a drop), and no
    // progress line.
    assert.match(piped.stdout, /^\[✓\] Your SQL migration ➜ drizzle\/\d{14}_back\/migration\.sql\n\n--- Hazards \(2\)/);
    assert.doesNotMatch(piped.stdout, /read \d+ migration snapshots|loaded \d+ schema file|compared with the history/);
  });
}

// Colour and symbols (issue 15, js/style.js): colour only on a terminal unless FORCE_COLOR, never with
// NO_COLOR; plain ASCII symbols on a terminal that cannot show others (TERM=dumb). Under Node and Bun.
for (const [runtime, bin] of [['node', process.execPath], ['bun', path.join(root, 'node_modules/.bin/bun')]]) {
  test(`${runtime}: colour follows the terminal, NO_COLOR and FORCE_COLOR; TERM=dumb gets ASCII symbols`, async () => {
    const { spawn } = await import('node:child_process');
    // The conventions are read from the environment: start from one without them (and outside node --test).
    const { NO_COLOR: _n, FORCE_COLOR: _f, NODE_TEST_CONTEXT: _c, ...base } = process.env;
    const onTerminal = (dir, args, env) => new Promise((resolve) => {
      const child = spawn('script', ['-qfec', `"${bin}" "${cli}" ${args}`, '/dev/null'], { cwd: dir, env: { ...base, TERM: 'xterm', ...env } });
      let screen = '';
      child.stdout.on('data', (d) => { screen += d; });
      child.on('close', (code) => resolve({ code, screen }));
    });
    const dir = project({ 'schema.ts': V1 });
    const green = '[\x1b[32m✓\x1b[39m] Your SQL migration ➜ drizzle/';
    const colour = await onTerminal(dir, 'generate --custom --name a', {});
    assert.equal(colour.code, 0, colour.screen);
    assert.ok(colour.screen.includes(green), JSON.stringify(colour.screen));
    const noColor = await onTerminal(dir, 'generate --custom --name b', { NO_COLOR: '1' });
    assert.ok(noColor.screen.includes('[✓] Your SQL migration ➜ drizzle/'), JSON.stringify(noColor.screen));
    assert.doesNotMatch(noColor.screen, /\x1b\[/);
    const dumb = await onTerminal(dir, 'generate --custom --name c', { TERM: 'dumb' });
    assert.ok(dumb.screen.includes('[v] Your SQL migration -> drizzle/'), JSON.stringify(dumb.screen));
    assert.doesNotMatch(dumb.screen, /\x1b\[/);
    // Piped: plain unless FORCE_COLOR; an error's prefix is coloured the same way.
    const piped = (args, env) => spawnSync(bin, [cli, ...args], { cwd: dir, encoding: 'utf8', env: { ...base, ...env } });
    assert.match(piped(['generate', '--custom', '--name', 'd'], {}).stdout, /^\[✓\] Your SQL migration ➜ drizzle\//);
    assert.ok(piped(['generate', '--custom', '--name', 'e'], { FORCE_COLOR: '1' }).stdout.startsWith(green));
    assert.ok(piped(['generate', '--output', 'yaml'], { FORCE_COLOR: '1' }).stderr.startsWith('\x1b[31mError:\x1b[39m --output must be'));
    assert.ok(piped(['generate', '--output', 'yaml'], { FORCE_COLOR: '1', NO_COLOR: '1' }).stderr.startsWith('\x1b[31mError:'), 'FORCE_COLOR wins, as in Node');
    assert.ok(piped(['generate', '--output', 'yaml'], { NO_COLOR: '1' }).stderr.startsWith('Error: --output must be'));
  });
}
