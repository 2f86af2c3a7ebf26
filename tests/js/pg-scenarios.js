// Shared loader for tests/scenarios/pg: each scenario is a folder of numbered schema modules
// (`01.ts`, `02.ts`, …) with optional `<step>.hints.json` answering rc.5's rename questions.
import { readdirSync, existsSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';

export const scenariosDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'scenarios', 'pg');
// Steps where sleet deliberately prints different SQL because rc.5's fails on Postgres or leaves the
// database unlike the schema (docs/differences.md, "Generated SQL"). Each gives, for the statements
// (`diff`: pgDiff on rc.5's state rows, tests/js/diff.pg.test.js; `generate`: both CLIs end to end,
// tests/js/generate.pg.test.js), rc.5's statements sleet does not print (`dropped`) and sleet's own at
// their positions in its list (`inserted`); a statement in both moved. `generate.footprints` does the
// same for snapshot.json's footprints, each named `<statementType> <first write>`: a moved footprint
// must keep rc.5's content, a new one its type and target. Everything else must stay identical, in order.
const IDENTITY_NOT_NULL = {
  dropped: [],
  inserted: [[0, 'ALTER TABLE "t" ALTER COLUMN "id" SET NOT NULL;'], [2, 'ALTER TABLE "t" ALTER COLUMN "n" SET NOT NULL;']],
};
const POLICY_RECREATED = {
  dropped: ['ALTER POLICY "p_upd" ON "t" TO public USING ("t"."owner" = current_user);'],
  inserted: [[3, 'DROP POLICY "p_upd" ON "t";'], [4, 'CREATE POLICY "p_upd" ON "t" AS PERMISSIVE FOR UPDATE TO public USING ("t"."owner" = current_user);']],
};
const BASE_DEPENDANTS = {
  dropped: [],
  inserted: [
    [0, 'DROP MATERIALIZED VIEW "summary";'],
    [1, 'DROP VIEW "top";'],
    [4, 'CREATE VIEW "top" AS (select "id" from "base" where "name" is not null);'],
    [5, 'CREATE MATERIALIZED VIEW "summary" AS (select count(*)::int as n from "top");'],
  ],
};
const TOP_DEPENDANTS = {
  dropped: [],
  inserted: [[0, 'DROP MATERIALIZED VIEW "summary";'], [3, 'CREATE MATERIALIZED VIEW "summary" AS (select count(*)::int as n from "top");']],
};
const SAME_FOOTPRINTS = { dropped: [], inserted: [] };

export const DELIBERATE = {
  // The identity's footprint already writes notNull: only the SQL differs.
  '09_identity/02': {
    reason: 'rc.5 adds an identity to a nullable column without SET NOT NULL first (Postgres rejects it)',
    diff: IDENTITY_NOT_NULL,
    generate: { ...IDENTITY_NOT_NULL, footprints: SAME_FOOTPRINTS },
  },
  // rc.5 drops views in state order, so a view that another dropped view reads from is dropped first
  // and Postgres refuses ("other objects depend on it"). The two paths start from different state
  // orders, so rc.5's order (and the move) differs between them.
  '40_views_over_views/02': {
    reason:
      'views are dropped dependants-first (rc.5: DROP VIEW "a_top" before the materialized view over it fails); ' +
      'generate only: "a_side" is created before "a_join", which cross-joins it (rc.5 misses the .crossJoin(view) dependency)',
    diff: { dropped: ['DROP VIEW "a_top";'], inserted: [[1, 'DROP VIEW "a_top";']] },
    generate: {
      dropped: ['DROP VIEW "a_top";', 'CREATE VIEW "a_join" AS (select "c_base"."id", "a_side"."n" from "c_base" cross join "a_side");'],
      inserted: [[1, 'DROP VIEW "a_top";'], [3, 'CREATE VIEW "a_join" AS (select "c_base"."id", "a_side"."n" from "c_base" cross join "a_side");']],
      footprints: {
        dropped: ['drop_view s|view|public.a_top', 'create_view s|view|public.a_join'],
        inserted: [[1, 'drop_view s|view|public.a_top'], [3, 'create_view s|view|public.a_join']],
      },
    },
  },
  '40_views_over_views/03': {
    reason: 'views are dropped dependants-first (rc.5: DROP VIEW "a_top" before the materialized view over it fails)',
    diff: { dropped: ['DROP VIEW "a_top";'], inserted: [[3, 'DROP VIEW "a_top";']] },
    generate: {
      dropped: ['DROP VIEW "a_top";'],
      inserted: [[1, 'DROP VIEW "a_top";']],
      footprints: { dropped: ['drop_view s|view|public.a_top'], inserted: [[1, 'drop_view s|view|public.a_top']] },
    },
  },
  // ALTER POLICY cannot remove a clause: rc.5's leaves p_upd's WITH CHECK (true) in place.
  '47_policy_alter/03': {
    reason: 'a policy losing its WITH CHECK clause is recreated (rc.5 alters it, and Postgres keeps the old clause)',
    diff: POLICY_RECREATED,
    generate: {
      ...POLICY_RECREATED,
      footprints: { dropped: ['alter_policy s|pol|public.t.p_upd'], inserted: [[2, 'recreate_policy s|pol|public.t.p_upd']] },
    },
  },
  // rc.5 drops and recreates a view whose definition changed, alone: Postgres refuses to drop it
  // while other views read it. Those are dropped first and recreated after it.
  '53_view_change_with_dependents/02': {
    reason: 'views reading the recreated "base" ("top", and "summary" over "top") are dropped and recreated with it (rc.5: DROP VIEW "base" fails)',
    diff: BASE_DEPENDANTS,
    generate: {
      ...BASE_DEPENDANTS,
      footprints: {
        dropped: [],
        inserted: [[0, 'drop_view s|view|public.summary'], [1, 'drop_view s|view|public.top'], [4, 'create_view s|view|public.top'], [5, 'create_view s|view|public.summary']],
      },
    },
  },
  '53_view_change_with_dependents/03': {
    reason: 'the materialized view over the recreated "top" is dropped and recreated with it (rc.5: DROP VIEW "top" fails)',
    diff: TOP_DEPENDANTS,
    generate: {
      ...TOP_DEPENDANTS,
      footprints: { dropped: [], inserted: [[0, 'drop_view s|view|public.summary'], [3, 'create_view s|view|public.summary']] },
    },
  },
};

/**
 * What sleet must print where it deliberately differs: rc.5's statements in rc.5's order, minus the
 * `dropped` ones (each must be there), then sleet's own `inserted` at their fixed positions in sleet's
 * list (ascending). A reordering is a statement both dropped and inserted. Compared with deepEqual, so
 * any other change of text or order fails.
 * @template T
 * @param {T[]} rc5 @param {{ dropped: T[], inserted: [number, T][] }} known
 * @param {(a: T, b: T) => boolean} [same]
 * @returns {T[]}
 */
export function expectedStatements(rc5, { dropped, inserted }, same = (a, b) => a === b) {
  const out = [...rc5];
  for (const statement of dropped) {
    const i = out.findIndex((x) => same(x, statement));
    if (i < 0) throw new Error(`rc.5 no longer prints ${JSON.stringify(statement)}: update the deliberate difference`);
    out.splice(i, 1);
  }
  for (const [at, statement] of inserted) out.splice(at, 0, statement);
  return out;
}

/** A footprint's name in DELIBERATE: its statement type and first write (`drop_view s|view|public.top`). */
export const footprintKey = (fp) => `${fp.statementType} ${fp.writes[0]}`;

/**
 * The footprints sleet must write for a deliberate step, from rc.5's: a moved footprint is rc.5's object,
 * a new one its key. Compare with `sleet.map((fp, i) => typeof expected[i] === 'string' ? footprintKey(fp) : fp)`.
 * @param {any[]} rc5 @param {{ dropped: string[], inserted: [number, string][] }} known
 */
export function expectedFootprints(rc5, { dropped, inserted }) {
  const moved = new Map(dropped.map((key) => [key, rc5.find((fp) => footprintKey(fp) === key)]));
  const kept = expectedStatements(rc5, { dropped, inserted: [] }, (fp, key) => footprintKey(fp) === key);
  return expectedStatements(kept, { dropped: [], inserted: inserted.map(([at, key]) => [at, moved.get(key) ?? key]) });
}

const jiti = createJiti(import.meta.url, { moduleCache: false });

/** @returns {{ name: string, dir: string, steps: { file: string, step: string, hints: object[] }[] }[]} */
export function listScenarios() {
  return readdirSync(scenariosDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const dir = join(scenariosDir, name);
      const steps = readdirSync(dir)
        .filter((f) => /^\d+\.ts$/.test(f))
        .sort()
        .map((file) => {
          const step = file.replace(/\.ts$/, '');
          const hintsFile = join(dir, `${step}.hints.json`);
          const hints = existsSync(hintsFile) ? JSON.parse(readFileSync(hintsFile, 'utf8')) : [];
          return { file: join(dir, file), step, hints };
        });
      return { name, dir, steps };
    });
}

/** rc.5's state for a schema module (the `ddl` rows are what both diffs consume). */
export async function rc5State(file) {
  const { generateDrizzleJson } = await import('drizzle-kit/api-postgres');
  const mod = await jiti.import(file);
  return generateDrizzleJson(mod);
}

export async function emptyState() {
  const { generateDrizzleJson } = await import('drizzle-kit/api-postgres');
  return generateDrizzleJson({});
}

/** rc.5's SQL, or `{ unresolved }` when it asks rename questions. */
export async function rc5Migration(prev, cur, hints) {
  const { generateMigration } = await import('drizzle-kit/api-postgres');
  try {
    return { statements: await generateMigration(prev, cur, { hints }) };
  } catch (e) {
    if (e && e.code === 'missing_hints') return { unresolved: e.missingHints };
    return { error: String(e && e.message) };
  }
}
