// sleet runs the same under Node and Bun: the CLI (Bun imports the TypeScript config and schema
// natively, Node through oxc-transform) and the programmatic API give the same migration.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bun = path.join(root, 'node_modules/.bin/bun');
const example = path.join(root, 'examples/basic');

function copyExample() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sleet-rt-'));
  for (const f of ['drizzle.config.ts', 'schema.ts']) fs.copyFileSync(path.join(example, f), path.join(dir, f));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

function generateWith(runtime, dir) {
  const r = spawnSync(runtime, [path.join(root, 'js/cli.js'), 'generate', '--name', 'init', '--output', 'json'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const env = JSON.parse(r.stdout.trim());
  return fs.readFileSync(path.join(dir, env.migration_path), 'utf8');
}

test('the CLI writes the same migration under Node and Bun', () => {
  const viaNode = generateWith(process.execPath, copyExample());
  const viaBun = generateWith(bun, copyExample());
  assert.ok(viaNode.includes('CREATE TABLE "users"'));
  assert.equal(viaBun, viaNode);
});

test('the programmatic API works under Bun', () => {
  const dir = copyExample();
  const script = `import { exportSql } from ${JSON.stringify(path.join(root, 'js/index.js'))};
const r = await exportSql({ cwd: ${JSON.stringify(dir)} });
console.log(JSON.stringify(r));`;
  const r = spawnSync(bun, ['-e', script], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const result = JSON.parse(r.stdout.trim());
  assert.equal(result.status, 'ok');
  assert.ok(result.statements.some((s) => s.startsWith('CREATE TYPE "post_status"')));
});
