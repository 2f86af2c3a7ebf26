// Apply test: our SQL for every scenario, step by step, must run cleanly on a real Postgres
// (PGlite, one instance for the whole file; each scenario starts from an empty database).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import { pgDiff } from '../../pkg/node/sleet.js';
import { listScenarios, rc5State, emptyState } from './pg-scenarios.js';

/** @type {PGlite} */
let db;
before(async () => {
  db = new PGlite();
  await db.waitReady;
});
after(async () => {
  await db.close();
});

async function resetDatabase() {
  const { rows } = await db.query(
    `select nspname from pg_namespace where nspname not like 'pg\\_%' and nspname <> 'information_schema'`,
  );
  for (const { nspname } of rows) await db.exec(`drop schema "${nspname}" cascade`);
  await db.exec('create schema public');
}

for (const scenario of listScenarios()) {
  test(`pg apply ${scenario.name}`, async () => {
    await resetDatabase();
    let prev = await emptyState();
    for (const step of scenario.steps) {
      const cur = await rc5State(step.file);
      const { statements, unresolved } = pgDiff({ prev: prev.ddl, cur: cur.ddl, hints: step.hints });
      assert.deepEqual(unresolved, [], `step ${step.step} left questions`);
      for (const sql of statements) {
        try {
          await db.exec(sql);
        } catch (e) {
          assert.fail(`step ${step.step}: ${e.message}\n${sql}`);
        }
      }
      prev = cur;
    }
  });
}
