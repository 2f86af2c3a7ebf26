// `sleet push` against `drizzle-kit push` (1.0.0-rc.5) on every multi-step scenario of tests/scenarios/pg:
// each step is pushed by both tools, each into its own database on the PostgreSQL server, with the same
// rename hints; after every step both databases must introspect identically, and a second sleet push
// must find nothing to do. Where rc.5's push fails (PUSH_DELIBERATE), sleet's must succeed and the
// database must match the schema (an empty push), and that scenario continues on sleet's side only.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { withRoleLock } from './support/role-lock.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { introspectPg, queryFunctionFor } from '../../js/introspect/pg.js';
import { listScenarios, rc5State } from './pg-scenarios.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'js/cli.js');
const rc5 = path.join(root, 'node_modules/drizzle-kit/bin.cjs');
const SERVER = { host: '127.0.0.1', port: 5432, user: 'postgres' };
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sleet-push-scenarios-'));

/** Steps where rc.5's push fails on Postgres and sleet's must not (scenario/step → reason). */
const PUSH_DELIBERATE = {
  '09_identity/02': { rc5Fails: 'an identity added to a nullable column without SET NOT NULL first (as in generate)' },
  '40_views_over_views/02': { rc5Fails: 'a view joining another through .crossJoin(view) is created before it (as in generate)' },
  '32_rls_policies_light/03': {
    rc5LeavesBehind: 'a changed policy USING clause: rc.5 push leaves the old one, sleet applies it',
    rows: ['["policies","public","t","t_read"]'],
  },
  '47_policy_alter/02': {
    rc5LeavesBehind: 'p_sel: a changed USING clause rc.5 push leaves; p_upd: `to: [current_user, session_user]` is the connected role, ' +
      'which the policy already has (rc.5 re-alters it and Postgres stores that role twice)',
    rows: ['["policies","public","t","p_sel"]', '["policies","public","t","p_upd"]'],
  },
  '47_policy_alter/03': {
    rc5LeavesBehind: 'p_all: a USING clause added, which rc.5 push leaves out; p_upd: its WITH CHECK removed, which rc.5\'s ALTER POLICY keeps',
    rows: ['["policies","public","t","p_all"]', '["policies","public","t","p_upd"]'],
  },
  '47_policy_alter/04': {
    rc5LeavesBehind: 'p_upd still has the WITH CHECK rc.5 failed to remove in step 03',
    rows: ['["policies","public","t","p_upd"]'],
  },
};

async function query(database, sql) {
  const client = new pg.Client({ ...SERVER, database });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

async function dump(database, roles) {
  const client = new pg.Client({ ...SERVER, database });
  await client.connect();
  try {
    const { ddl } = await introspectPg(queryFunctionFor(client), { entities: { roles: { include: roles } } });
    return Object.fromEntries(ddl.map((r) => [JSON.stringify([r.entityType, r.schema ?? null, r.table ?? null, r.name]), r]));
  } finally {
    await client.end();
  }
}

function project(name, database, roles) {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  const config = { dialect: 'postgresql', schema: './schema.ts', dbCredentials: { url: `postgres://postgres@127.0.0.1:5432/${database}` }, entities: { roles: { include: roles } } };
  fs.writeFileSync(path.join(dir, 'drizzle.config.ts'), `export default ${JSON.stringify(config)};\n`);
  return dir;
}

function run(bin, dir, args) {
  const r = spawnSync(bin, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
  const line = r.stdout.trim().split('\n').findLast((l) => l.startsWith('{'));
  let json;
  try {
    json = line ? JSON.parse(line) : undefined;
  } catch { /* text output */ }
  return { code: r.status, json, out: r.stdout, err: r.stderr };
}

const scenarios = listScenarios();
const databases = [];
after(async () => {
  for (const db of databases) await query('postgres', `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`).catch(() => {});
  fs.rmSync(work, { recursive: true, force: true });
});

/**
 * Push one step. rc.5 answers `--force` in JSON mode with its data-loss questions all the same; those
 * are answered with `confirm_data_loss` hints and the push repeated. Returns the questions asked.
 */
function pushStep(bin, dir, hints) {
  const args = (h) => ['push', '--force', '--output', 'json', ...(h.length ? ['--hints', JSON.stringify(h)] : [])];
  const first = run(bin, dir, args(hints));
  if (first.json?.status !== 'missing_hints' || !first.json.unresolved.every((u) => u.type === 'confirm_data_loss')) return { result: first, asked: [] };
  const confirmed = first.json.unresolved.map(({ kind, entity }) => ({ type: 'confirm_data_loss', kind, entity }));
  return { result: run(bin, dir, args([...hints, ...confirmed])), asked: first.json.unresolved };
}

// Two at a time: each scenario has its own databases and its own role names.
describe('sleet push vs drizzle-kit push on the generate scenarios', { concurrency: 2 }, () => {
  for (const { name: scenario, steps } of scenarios) {
    test(scenario, async () => {
      const roles = new Set();
      for (const { file } of steps) for (const row of (await rc5State(file)).ddl) if (row.entityType === 'roles') roles.add(row.name);
      // Roles are cluster-wide: each tool runs the whole scenario alone, rc.5 first, from no roles.
      await withRoleLock(roles, async () => {
        const dropRoles = async () => { for (const r of roles) await query('postgres', `DROP ROLE IF EXISTS "${r}"`); };
        const tag = scenario.replace(/[^a-z0-9]/gi, '_').toLowerCase().slice(0, 30);
        const fresh = async (db) => {
          await query('postgres', `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
          await dropRoles();
          await query('postgres', `CREATE DATABASE "${db}"`);
          databases.push(db);
        };

        // The process id keeps two checkouts running this suite at once off each other's databases.
        const theirsDb = `sleet_ps_${process.pid}_${tag}_rc5`;
        await fresh(theirsDb);
        const theirs = project(`${tag}-rc5`, theirsDb, [...roles]);
        /** @type {{ dump?: any, asked: any[] }[]} */
        const expected = [];
        for (const { file, step, hints } of steps) {
          fs.copyFileSync(file, path.join(theirs, 'schema.ts'));
          const { result, asked } = pushStep(rc5, theirs, hints);
          if (PUSH_DELIBERATE[`${scenario}/${step}`]?.rc5Fails) {
            assert.notEqual(result.code, 0, `${scenario}/${step}: listed as failing under rc.5, but rc.5 succeeded`);
            break;
          }
          assert.equal(result.code, 0, `${scenario}/${step}: rc.5 push failed: ${result.out.slice(-800)} ${result.err.slice(-800)}`);
          expected.push({ dump: await dump(theirsDb, [...roles]), asked });
        }

        const oursDb = `sleet_ps_${process.pid}_${tag}_sleet`;
        await fresh(oursDb);
        const ours = project(`${tag}-sleet`, oursDb, [...roles]);
        try {
          for (const [i, { file, step, hints }] of steps.entries()) {
            fs.copyFileSync(file, path.join(ours, 'schema.ts'));
            const { result, asked } = pushStep(cli, ours, hints);
            assert.equal(result.code, 0, `${scenario}/${step}: sleet push failed: ${result.out.slice(-1500)} ${result.err.slice(-1500)}`);
            const again = run(cli, ours, ['push', '--explain', '--output', 'json']);
            assert.equal(again.json?.status, 'no_changes', `${scenario}/${step}: a second sleet push still plans changes: ${again.out} ${again.err}`);
            if (i < expected.length) {
              assert.deepEqual(asked, expected[i].asked, `${scenario}/${step}: data-loss questions`);
              const mine = await dump(oursDb, [...roles]);
              const theirsNow = { ...expected[i].dump };
              // Rows where rc.5 leaves the database behind the schema: they must differ, the rest not.
              for (const key of PUSH_DELIBERATE[`${scenario}/${step}`]?.rows ?? []) {
                assert.notDeepEqual(mine[key], theirsNow[key], `${scenario}/${step}: ${key} is listed as left behind by rc.5, but both databases agree`);
                delete mine[key];
                delete theirsNow[key];
              }
              assert.deepEqual(mine, theirsNow, `${scenario}/${step}: the database differs from rc.5's`);
            }
          }
        } finally {
          await query('postgres', `DROP DATABASE IF EXISTS "${theirsDb}" WITH (FORCE)`);
          await query('postgres', `DROP DATABASE IF EXISTS "${oursDb}" WITH (FORCE)`);
          await dropRoles();
        }
      });
    });
  }
});
