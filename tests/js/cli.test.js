// The CLI's contract for bad input: one clear message naming the file, a non-zero exit code, nothing
// written. Runs the real CLI in a child process, as users and CI do.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'js/cli.js');

function project(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sleet-cli-'));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function sleet(dir, ...args) {
  const r = spawnSync(cli, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
  return { code: r.status, out: r.stdout, err: r.stderr, json: () => JSON.parse(r.stdout.trim().split('\n').pop()) };
}

const CONFIG = `export default { dialect: 'postgresql', schema: './schema.ts', out: './drizzle' };\n`;

test('no config file: exit 1, message names the directory and the fix', () => {
  const dir = project({});
  const r = sleet(dir, 'generate', '--output', 'json');
  assert.equal(r.code, 1);
  const env = r.json();
  assert.equal(env.status, 'error');
  assert.equal(env.error.code, 'config_file_not_found_error');
  assert.match(env.error.message, new RegExp(dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  assert.equal(fs.existsSync(path.join(dir, 'drizzle')), false);
});

test('--config pointing nowhere names that path', () => {
  const dir = project({});
  const r = sleet(dir, 'generate', '--config', 'nope.config.ts');
  assert.equal(r.code, 1);
  assert.match(r.err, /nope\.config\.ts does not exist/);
});

test('config file that fails to load is reported with its path', () => {
  const dir = project({ 'drizzle.config.ts': 'export default {{ broken' });
  const r = sleet(dir, 'generate', '--output', 'json');
  assert.equal(r.code, 1);
  assert.equal(r.json().error.code, 'module_load_error');
  assert.match(r.json().error.message, /drizzle\.config\.ts/);
});

test('config without dialect is a validation error', () => {
  const dir = project({ 'drizzle.config.json': JSON.stringify({ schema: './schema.ts' }) });
  const r = sleet(dir, 'generate', '--output', 'json');
  assert.equal(r.code, 1);
  assert.equal(r.json().error.code, 'config_validation_error');
  assert.match(r.json().error.message, /"dialect" is required/);
});

test('--config together with project flags is ambiguous', () => {
  const dir = project({ 'drizzle.config.ts': CONFIG });
  const r = sleet(dir, 'generate', '--config', 'drizzle.config.ts', '--dialect', 'postgresql', '--output', 'json');
  assert.equal(r.code, 1);
  assert.equal(r.json().error.code, 'ambiguous_params_error');
});

test('no schema files matched: exit 1, names the pattern', () => {
  const dir = project({ 'drizzle.config.ts': `export default { dialect: 'postgresql', schema: './src/db/*.ts' };\n` });
  const r = sleet(dir, 'generate', '--output', 'json');
  assert.equal(r.code, 1);
  assert.equal(r.json().error.code, 'schema_files_not_found_error');
  assert.match(r.json().error.message, /src\/db\/\*\.ts/);
  assert.equal(fs.existsSync(path.join(dir, 'drizzle')), false);
});

test('schema TypeScript that fails to load names the file', () => {
  const dir = project({ 'drizzle.config.ts': CONFIG, 'schema.ts': `import { nope } from './missing-module';\nexport const x = nope;\n` });
  const r = sleet(dir, 'export', '--output', 'json');
  assert.equal(r.code, 1);
  assert.equal(r.json().error.code, 'module_load_error');
  assert.match(r.json().error.message, /schema\.ts/);
});

test('malformed --hints: exit 1, invalid_hints, nothing written', () => {
  const dir = project({ 'drizzle.config.ts': CONFIG, 'schema.ts': 'export {};\n' });
  const r = sleet(dir, 'generate', '--hints', '[{"type":"rename"}]', '--output', 'json');
  assert.equal(r.code, 1);
  assert.equal(r.json().error.code, 'invalid_hints');
  assert.equal(fs.existsSync(path.join(dir, 'drizzle')), false);
});

test('unreadable --hints-file names the file', () => {
  const dir = project({ 'drizzle.config.ts': CONFIG, 'schema.ts': 'export {};\n' });
  const r = sleet(dir, 'generate', '--hints-file', 'answers.json');
  assert.equal(r.code, 1);
  assert.match(r.err, /answers\.json cannot be read/);
});

test('a 0.31 folder is refused with the way out', () => {
  const dir = project({ 'drizzle.config.ts': CONFIG, 'schema.ts': 'export {};\n', 'drizzle/meta/_journal.json': '{"version":"7","dialect":"postgresql","entries":[]}' });
  const r = sleet(dir, 'generate', '--output', 'json');
  assert.equal(r.code, 1);
  assert.equal(r.json().error.code, 'migrations_outdated_error');
  assert.match(r.json().error.message, /sleet up/);
});

test('unknown command and bad --output are errors', () => {
  const dir = project({});
  assert.equal(sleet(dir, 'frobnicate').code, 1);
  const r = sleet(dir, 'generate', '--output', 'yaml');
  assert.equal(r.code, 1);
  assert.match(r.err, /--output must be/);
});

test('--help and --version exit 0', () => {
  const dir = project({});
  const help = sleet(dir, '--help');
  assert.equal(help.code, 0);
  assert.match(help.out, /generate/);
  const v = sleet(dir, '--version');
  assert.equal(v.code, 0);
  assert.match(v.out, /^sleet: v\d+\.\d+\.\d+/);
});

test('a dialect sleet has no wing for is refused by name, before anything is written', () => {
  // Which wing serves which command is the core's table (src/dialect.rs): every wing serves every
  // command today; a dialect drizzle-kit accepts but sleet has no wing for is refused by name.
  const cases = [
    ['singlestore', 'mysql://root@127.0.0.1:3306/x', 'pull'],
    ['mssql', 'mssql://sa@127.0.0.1:1433/x', 'push'],
  ];
  for (const [dialect, url, command] of cases) {
    const dir = project({ 'drizzle.config.json': JSON.stringify({ dialect, schema: './schema.ts', out: './drizzle', dbCredentials: { url } }), 'schema.ts': 'export {};\n' });
    const r = sleet(dir, command, '--output', 'json');
    assert.equal(r.code, 1, `${dialect} ${command}: ${r.out}${r.err}`);
    assert.equal(r.json().error.code, 'unsupported_command_dialect_error');
    assert.equal(r.json().error.message, `dialect "${dialect}" is not supported by sleet yet (it supports postgresql, mysql, sqlite, turso)`);
    assert.equal(fs.existsSync(path.join(dir, 'drizzle')), false);
  }
});
