// A node:test reporter that fails the run when a test was skipped (or marked todo, whose failures do not
// count) unless that skip is on ALLOWED below. scripts/test.sh uses it next to the spec reporter:
//   node --test --test-reporter=spec --test-reporter-destination=stdout \
//        --test-reporter=./tests/js/support/skip-gate.mjs --test-reporter-destination=stderr tests/js/
// In CI every test runs: a database that is down, a native module that failed to build or a missing
// binary must turn the run red, not quietly shrink it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Skips that may happen in CI, keyed `<file relative to the repository>: <test name>`, each with the
 * reason CI can never meet the condition. Empty: every test in tests/js runs in CI.
 * Example entry:
 *   'tests/js/example.test.js: macOS keychain': 'needs macOS; CI runs on Linux',
 * @type {Record<string, string>}
 */
export const ALLOWED = {};

/** @param {{ file?: string, name: string }} data */
const keyOf = (data) => `${data.file ? path.relative(root, data.file) : '(unknown file)'}: ${data.name}`;

/** @param {AsyncIterable<{ type: string, data: any }>} source */
export default async function* skipGate(source) {
  const unexpected = [];
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { skip, todo } = event.data;
    if (skip === undefined && todo === undefined) continue;
    const key = keyOf(event.data);
    if (ALLOWED[key]) continue;
    const why = skip !== undefined ? `skipped${typeof skip === 'string' ? ` (${skip})` : ''}` : `todo${typeof todo === 'string' ? ` (${todo})` : ''}`;
    unexpected.push(`  ${key} — ${why}`);
  }
  if (unexpected.length > 0) {
    process.exitCode = process.exitCode || 1;
    yield `\nskip gate: ${unexpected.length} test(s) did not run, and none is on the allow-list in tests/js/support/skip-gate.mjs:\n${unexpected.join('\n')}\n`;
  }
}
