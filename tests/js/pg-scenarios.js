// Shared loader for tests/scenarios/pg: each scenario is a folder of numbered schema modules
// (`01.ts`, `02.ts`, …) with optional `<step>.hints.json` answering rc.5's rename questions.
import { readdirSync, existsSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';

export const scenariosDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'scenarios', 'pg');
// Steps where we deliberately print different SQL because rc.5's fails on Postgres. Each lists the
// exact statements only we print and only rc.5 prints; everything else must still be identical.
export const DELIBERATE = {
  '09_identity/02': {
    reason: 'rc.5 adds an identity to a nullable column without SET NOT NULL first (Postgres rejects it)',
    onlyOurs: ['ALTER TABLE "t" ALTER COLUMN "id" SET NOT NULL;', 'ALTER TABLE "t" ALTER COLUMN "n" SET NOT NULL;'],
    onlyTheirs: [],
  },
  // Same statements, different order: rc.5 drops views in state order, so a view that another
  // dropped view reads from is dropped first and Postgres refuses ("other objects depend on it").
  '40_views_over_views/02': {
    reason:
      'views are dropped dependants-first (rc.5: DROP VIEW "a_top" before the materialized view over it fails); ' +
      'CLI only: "a_side" is created before "a_join", which cross-joins it (rc.5 misses the .crossJoin(view) dependency)',
    onlyOurs: [],
    onlyTheirs: [],
  },
  '40_views_over_views/03': {
    reason: 'views are dropped dependants-first (rc.5: DROP VIEW "a_top" before the materialized view over it fails)',
    onlyOurs: [],
    onlyTheirs: [],
  },
  // ALTER POLICY cannot remove a clause: rc.5's leaves p_upd's WITH CHECK (true) in place.
  '47_policy_alter/03': {
    reason: 'a policy losing its WITH CHECK clause is recreated (rc.5 alters it, and Postgres keeps the old clause)',
    onlyOurs: ['DROP POLICY "p_upd" ON "t";', 'CREATE POLICY "p_upd" ON "t" AS PERMISSIVE FOR UPDATE TO public USING ("t"."owner" = current_user);'],
    onlyTheirs: ['ALTER POLICY "p_upd" ON "t" TO public USING ("t"."owner" = current_user);'],
  },
  // rc.5 drops and recreates a view whose definition changed, alone: Postgres refuses to drop it
  // while other views read it. Those are dropped first and recreated after it.
  '53_view_change_with_dependents/02': {
    reason: 'views reading the recreated "base" ("top", and "summary" over "top") are dropped and recreated with it (rc.5: DROP VIEW "base" fails)',
    onlyOurs: [
      'DROP MATERIALIZED VIEW "summary";',
      'DROP VIEW "top";',
      'CREATE VIEW "top" AS (select "id" from "base" where "name" is not null);',
      'CREATE MATERIALIZED VIEW "summary" AS (select count(*)::int as n from "top");',
    ],
    onlyTheirs: [],
  },
  '53_view_change_with_dependents/03': {
    reason: 'the materialized view over the recreated "top" is dropped and recreated with it (rc.5: DROP VIEW "top" fails)',
    onlyOurs: ['DROP MATERIALIZED VIEW "summary";', 'CREATE MATERIALIZED VIEW "summary" AS (select count(*)::int as n from "top");'],
    onlyTheirs: [],
  },
};

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
