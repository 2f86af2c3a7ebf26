// Shared loader for tests/scenarios/sqlite: each scenario is a folder of numbered schema modules
// (`01.ts`, `02.ts`, …) with optional `<step>.hints.json` answering rc.5's rename questions.
import { readdirSync, existsSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const scenariosDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'scenarios', 'sqlite');

// Steps where sleet deliberately prints different SQL from rc.5 (docs/differences.md, "SQLite").
// Each lists the exact statements only sleet prints and only rc.5 prints; the rest stays identical.
export const DELIBERATE = {
  '10_not_null_change/02': {
    reason: 'a column that becomes NOT NULL is copied with COALESCE(column, default): rows holding NULL take the default (rc.5 copies the NULLs and the rebuild fails)',
    onlyOurs: ['INSERT INTO `__new_t`(`id`, `a`, `b`) SELECT `id`, COALESCE(`a`, \'none\'), `b` FROM `t`;'],
    onlyTheirs: ['INSERT INTO `__new_t`(`id`, `a`, `b`) SELECT `id`, `a`, `b` FROM `t`;'],
  },
  '23_realistic_app/03': {
    reason: 'a column that becomes NOT NULL is copied with COALESCE(column, default) (rc.5 copies the NULLs and the rebuild fails)',
    onlyOurs: ["INSERT INTO `__new_users`(`id`, `email`, `name`, `created_at`) SELECT `id`, `email`, COALESCE(`name`, ''), `created_at` FROM `users`;"],
    onlyTheirs: ['INSERT INTO `__new_users`(`id`, `email`, `name`, `created_at`) SELECT `id`, `email`, `name`, `created_at` FROM `users`;'],
  },
  '13_pk_composite/03': {
    reason: 'a column that becomes NOT NULL is copied with COALESCE(column, default) (rc.5 copies the NULLs and the rebuild fails)',
    onlyOurs: ["INSERT INTO `__new_t`(`a`, `b`, `c`) SELECT `a`, `b`, COALESCE(`c`, 'z') FROM `t`;"],
    onlyTheirs: ['INSERT INTO `__new_t`(`a`, `b`, `c`) SELECT `a`, `b`, `c` FROM `t`;'],
  },
  '26_text_primary_key/02': {
    reason: 'a column that becomes NOT NULL is copied with COALESCE(column, default) (rc.5 copies the NULLs and the rebuild fails)',
    onlyOurs: ["INSERT INTO `__new_t`(`code`, `label`) SELECT `code`, COALESCE(`label`, '-') FROM `t`;"],
    onlyTheirs: ['INSERT INTO `__new_t`(`code`, `label`) SELECT `code`, `label` FROM `t`;'],
  },
  '27_rebuild_under_view/02': {
    reason: 'views over a rebuilt table (and views over those) are dropped before the rebuild and created again after: SQLite re-reads every view on the rename of `__new_t` and rc.5\'s migration fails there; NOT NULL copied with COALESCE as in 10_not_null_change',
    onlyOurs: [
      'DROP VIEW `v`;',
      'DROP VIEW `v2`;',
      "INSERT INTO `__new_t`(`id`, `name`, `extra`) SELECT `id`, COALESCE(`name`, ''), `extra` FROM `t`;",
      'CREATE VIEW `v` AS select "id", "name" from "t";',
      'CREATE VIEW `v2` AS select id from v where id > 0;',
    ],
    onlyTheirs: ['INSERT INTO `__new_t`(`id`, `name`, `extra`) SELECT `id`, `name`, `extra` FROM `t`;'],
  },
  '27_rebuild_under_view/03': {
    reason: 'the same statements in another order: the dropped view vu goes before its table u and before DROP COLUMN, which re-reads every view (rc.5 drops vu last and its DROP COLUMN fails on vu)',
    onlyOurs: [],
    onlyTheirs: [],
  },
  '27_rebuild_under_view/04': {
    reason: 'the renamed and rebuilt table\'s views go before the rebuild: v (whose query changed) and v2 (which reads the table only through v) are dropped first and created after (rc.5 drops v after the rebuild, whose rename fails on it, and leaves v2)',
    onlyOurs: ['DROP VIEW `v2`;', 'CREATE VIEW `v2` AS select id from v where id > 0;'],
    onlyTheirs: [],
  },
  '19_index_change/02': {
    reason: "an index whose columns or WHERE changed is dropped and created again (rc.5 compares indexes by name only and leaves the old one in place)",
    onlyOurs: [
      'DROP INDEX IF EXISTS `t_idx`;',
      'DROP INDEX IF EXISTS `t_where_idx`;',
      'CREATE INDEX `t_idx` ON `t` (`a`,`b`);',
      'CREATE INDEX `t_where_idx` ON `t` (`b`) WHERE "t"."b" > 10;',
    ],
    onlyTheirs: [],
    // rc.5 finds no change at all, so it writes no migration for this step.
    theirStatus: 'no_changes',
  },
};

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
