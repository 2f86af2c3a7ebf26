// TypeScript config files: transpiled (oxc-transform) the first time, from sleet's transpile cache after
// that (without loading the transform at all), and never from a stale or unusable cache entry.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const configModule = pathToFileURL(path.join(root, 'js/config.js')).href;

/** A project with its own node_modules folder (so its cache is its own), linking sleet's packages. */
function project(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sleet-config-'));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  for (const pkg of ['drizzle-kit', 'drizzle-orm']) fs.symlinkSync(path.join(root, 'node_modules', pkg), path.join(dir, 'node_modules', pkg));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const cacheDir = (dir) => path.join(dir, 'node_modules', '.cache', 'sleet', 'ts');
/** The transpiled files in the cache (one per source content). */
const transpiled = (dir) => (fs.existsSync(cacheDir(dir)) ? fs.readdirSync(cacheDir(dir)).filter((f) => f.endsWith('.js')) : []);

/** Resolve the config in a fresh process, as the CLI does; report whether the transform was loaded. */
function load(dir, env = {}) {
  const script = `
    import { createRequire } from 'node:module';
    import path from 'node:path';
    const { resolveConfig } = await import(${JSON.stringify(configModule)});
    const { config } = await resolveConfig({ command: 'migrate', flags: {}, cwd: process.cwd() });
    const oxc = path.dirname(createRequire(${JSON.stringify(path.join(root, 'js', 'load.js'))}).resolve('oxc-transform'));
    const transformLoaded = Object.keys(createRequire(import.meta.url).cache).some((f) => f.startsWith(oxc));
    console.log(JSON.stringify({ config, transformLoaded }));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env } });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const TYPED_CONFIG = `import type { Config } from 'drizzle-kit';
import { defineConfig } from 'drizzle-kit';
const url: string = process.env.SLEET_TEST_URL!;
export default defineConfig({
  dialect: 'postgresql',
  out: './migrations',
  dbCredentials: { url },
} satisfies Config);
`;

test('a typed config is transpiled once, then loads from the cache without the transform, reading the environment each time', () => {
  const dir = project({ 'drizzle.config.ts': TYPED_CONFIG });
  const first = load(dir, { SLEET_TEST_URL: 'postgres://a@localhost/one' });
  assert.equal(first.transformLoaded, true);
  assert.equal(first.config.dbCredentials.url, 'postgres://a@localhost/one');
  assert.equal(first.config.out, './migrations');
  assert.equal(transpiled(dir).length, 1);

  const second = load(dir, { SLEET_TEST_URL: 'postgres://b@localhost/two' });
  assert.equal(second.transformLoaded, false);
  assert.equal(second.config.dbCredentials.url, 'postgres://b@localhost/two');
  assert.deepEqual({ ...second.config, dbCredentials: null }, { ...first.config, dbCredentials: null });
});

test('an edited config is transpiled again, never served from the cache', () => {
  const dir = project({ 'drizzle.config.ts': TYPED_CONFIG });
  load(dir, { SLEET_TEST_URL: 'x' });
  fs.writeFileSync(path.join(dir, 'drizzle.config.ts'), TYPED_CONFIG.replace('./migrations', './other'));
  const edited = load(dir, { SLEET_TEST_URL: 'x' });
  assert.equal(edited.transformLoaded, true);
  assert.equal(edited.config.out, './other');
  assert.equal(load(dir, { SLEET_TEST_URL: 'x' }).config.out, './other');
});

test('a corrupt cache entry is ignored and replaced', () => {
  const dir = project({ 'drizzle.config.ts': TYPED_CONFIG });
  load(dir, { SLEET_TEST_URL: 'x' });
  const [entry] = transpiled(dir);
  fs.writeFileSync(path.join(cacheDir(dir), entry.replace(/\.js$/, '.json')), '{ not json');
  assert.equal(load(dir, { SLEET_TEST_URL: 'x' }).config.out, './migrations');
  assert.equal(load(dir, { SLEET_TEST_URL: 'x' }).transformLoaded, false);
});

test('a config importing a local TypeScript module is cached with it', () => {
  const dir = project({
    'env.ts': `export const url: string = 'postgres://local/db';\n`,
    'drizzle.config.ts': `import { url } from './env';\nexport default { dialect: 'postgresql' as const, dbCredentials: { url } };\n`,
  });
  for (const transformLoaded of [true, false]) {
    const r = load(dir);
    assert.equal(r.config.dbCredentials.url, 'postgres://local/db');
    assert.equal(r.transformLoaded, transformLoaded);
  }
  assert.equal(transpiled(dir).length, 2);
});

test('a config that throws reports its own error on every run, cached or not', () => {
  const dir = project({ 'drizzle.config.ts': `const url: string | undefined = process.env.NOPE;\nif (!url) throw new Error('set NOPE');\nexport default { dialect: 'postgresql', dbCredentials: { url } };\n` });
  for (let i = 0; i < 2; i++) {
    const r = spawnSync(path.join(root, 'js/cli.js'), ['migrate', '--output', 'json'], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
    assert.equal(r.status, 1);
    const error = JSON.parse(r.stdout.trim().split('\n').pop()).error;
    assert.equal(error.code, 'module_load_error');
    assert.match(error.message, /drizzle\.config\.ts failed to load: \S+drizzle\.config\.ts:2:\d+: set NOPE/);
    assert.equal(error.line, 2);
  }
});

test('a config with a syntax error is reported with its position and never cached', () => {
  const dir = project({ 'drizzle.config.ts': 'export default {{ broken' });
  for (let i = 0; i < 2; i++) {
    const r = spawnSync(path.join(root, 'js/cli.js'), ['migrate', '--output', 'json'], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
    assert.equal(r.status, 1);
    const error = JSON.parse(r.stdout.trim().split('\n').pop()).error;
    assert.equal(error.code, 'module_load_error');
    assert.match(error.message, /drizzle\.config\.ts failed to load: \S+drizzle\.config\.ts:1:\d+: SyntaxError/);
  }
  assert.equal(transpiled(dir).length, 0);
});
