// The skip gate (tests/js/support/skip-gate.mjs) used by scripts/test.sh: a run whose tests all ran
// passes; a skipped or todo test that is not on the allow-list turns the run red and is named.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const gate = fileURLToPath(new URL('./support/skip-gate.mjs', import.meta.url));

/** node --test on one file with the reporters scripts/test.sh uses. */
function runWithGate(source) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sleet-skip-gate-'));
  fs.writeFileSync(path.join(dir, 'probe.test.mjs'), source);
  // Outside this runner's own context: the child is a top-level `node --test`, as in CI.
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  const r = spawnSync(process.execPath, [
    '--test', '--test-reporter=spec', '--test-reporter-destination=stdout',
    `--test-reporter=${gate}`, '--test-reporter-destination=stderr', 'probe.test.mjs',
  ], { cwd: dir, env, encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  return { code: r.status, err: r.stderr };
}

test('every test ran: exit 0, the gate says nothing', () => {
  const r = runWithGate(`import { test } from 'node:test';\ntest('runs', () => {});\n`);
  assert.equal(r.code, 0, r.err);
  assert.doesNotMatch(r.err, /skip gate/);
});

test('a skip, a skipped subtest and a todo off the allow-list fail the run, each named with its reason', () => {
  const r = runWithGate(`import { test } from 'node:test';
test('runs', () => {});
test('optional module', { skip: 'not installed' }, () => {});
test('outer', async (t) => { await t.test('inner', (t) => t.skip('server down')); });
test('later', { todo: 'not written' }, () => {});
`);
  assert.equal(r.code, 1, r.err);
  assert.match(r.err, /skip gate: 3 test\(s\) did not run/);
  assert.match(r.err, /probe\.test\.mjs: optional module — skipped \(not installed\)/);
  assert.match(r.err, /probe\.test\.mjs: inner — skipped \(server down\)/);
  assert.match(r.err, /probe\.test\.mjs: later — todo \(not written\)/);
});
