// Steps of tests/scenarios/mysql where sleet deliberately prints different SQL from rc.5
// (docs/differences.md, "Generated SQL (MySQL)"). Each lists the exact statements only sleet prints
// and only rc.5 prints; the rest stays identical. `theirStatus` is set where rc.5 sees no change.
const indexChanged = "an index or unique constraint whose columns or uniqueness changed (same name) is dropped and created again (rc.5 does not see the change: the old index stays)";

export const DELIBERATE = {
  '06_numeric_types/02': {
    reason: 'a float column gaining precision and scale is modified (rc.5 records float(5,2) in the snapshot but prints no statement: the column stays a plain float)',
    onlyOurs: ['ALTER TABLE `t` MODIFY COLUMN `c` float(5,2) DEFAULT 1.25;'],
    onlyTheirs: [],
  },
  '16_fk_actions/03': {
    reason: "the index MySQL made for a removed foreign key is dropped with a terminated statement (rc.5 leaves out the `;`, which breaks the file when breakpoints are off)",
    onlyOurs: ['DROP INDEX `c_pid_p_id_fkey` ON `c`;'],
    onlyTheirs: ['DROP INDEX `c_pid_p_id_fkey` ON `c`'],
  },
  '17_unique/03': {
    reason: indexChanged,
    onlyOurs: ['DROP INDEX `bc_uq` ON `t`;', 'CREATE UNIQUE INDEX `bc_uq` ON `t` (`c`,`b`);'],
    onlyTheirs: [],
  },
  '18_check/04': {
    reason: 'a check constraint whose expression changed is dropped and added again (rc.5 does not see the change)',
    onlyOurs: ['ALTER TABLE `t` DROP CONSTRAINT `b_small`;', 'ALTER TABLE `t` ADD CONSTRAINT `b_small` CHECK (`t`.`b` < 50);'],
    onlyTheirs: [],
    theirStatus: 'no_changes',
  },
  '19_indexes/02': {
    reason: indexChanged,
    onlyOurs: ['DROP INDEX `t_a_idx` ON `t`;', 'CREATE INDEX `t_a_idx` ON `t` (`a`,`c`);'],
    onlyTheirs: [],
  },
  '19_indexes/03': {
    reason: indexChanged,
    onlyOurs: ['DROP INDEX `t_c_idx` ON `t`;', 'CREATE UNIQUE INDEX `t_c_idx` ON `t` (`c`);'],
    onlyTheirs: [],
  },
  '23_realistic_app/02': {
    reason: "a new table's foreign key onto an existing table keeps its ON DELETE action (rc.5 writes it inside CREATE TABLE without the action: the database gets NO ACTION where the schema and the snapshot say CASCADE)",
    onlyOurs: [
      'CREATE TABLE `comments` (\n\t`id` serial PRIMARY KEY,\n\t`post_id` bigint unsigned NOT NULL,\n\t`body` text NOT NULL\n);',
      'ALTER TABLE `comments` ADD CONSTRAINT `comments_post_id_posts_id_fkey` FOREIGN KEY (`post_id`) REFERENCES `posts`(`id`) ON DELETE CASCADE;',
    ],
    onlyTheirs: ['CREATE TABLE `comments` (\n\t`id` serial PRIMARY KEY,\n\t`post_id` bigint unsigned NOT NULL,\n\t`body` text NOT NULL,\n\tCONSTRAINT `comments_post_id_posts_id_fkey` FOREIGN KEY (`post_id`) REFERENCES `posts`(`id`)\n);'],
  },
  '25_pk_autoincrement/02': {
    reason: 'a primary key holding an AUTO_INCREMENT column is replaced in one statement (rc.5 drops it alone first, which MySQL refuses: "there can be only one auto column and it must be defined as a key")',
    onlyOurs: ['ALTER TABLE `t` DROP PRIMARY KEY, ADD PRIMARY KEY (`id`,`code`);'],
    onlyTheirs: ['ALTER TABLE `t` DROP PRIMARY KEY;', 'ALTER TABLE `t` ADD PRIMARY KEY (`id`,`code`);'],
  },
  '28_fk_shared_index/02': {
    reason: 'the last index serving a kept foreign key is dropped (or replaced, or changed) between dropping and adding the key again (rc.5 drops the index alone, which InnoDB refuses: "needed in a foreign key constraint"); f_idx also changed its columns, which rc.5 does not see',
    onlyOurs: [
      'ALTER TABLE `c` DROP CONSTRAINT `c_a_p_id_fkey`;',
      'ALTER TABLE `d` DROP CONSTRAINT `d_a_p_id_fkey`;',
      'ALTER TABLE `e` DROP CONSTRAINT `e_a_p_id_fkey`;',
      'ALTER TABLE `f` DROP CONSTRAINT `f_a_p_id_fkey`;',
      'DROP INDEX `f_idx` ON `f`;',
      'CREATE INDEX `f_idx` ON `f` (`a`,`b`);',
      'ALTER TABLE `c` ADD CONSTRAINT `c_a_p_id_fkey` FOREIGN KEY (`a`) REFERENCES `p`(`id`);',
      'ALTER TABLE `d` ADD CONSTRAINT `d_a_p_id_fkey` FOREIGN KEY (`a`) REFERENCES `p`(`id`);',
      'ALTER TABLE `e` ADD CONSTRAINT `e_a_p_id_fkey` FOREIGN KEY (`a`) REFERENCES `p`(`id`);',
      'ALTER TABLE `f` ADD CONSTRAINT `f_a_p_id_fkey` FOREIGN KEY (`a`) REFERENCES `p`(`id`);',
    ],
    onlyTheirs: [],
  },
  '28_fk_shared_index/04': {
    reason: 'a removed foreign key that an index of its table serves has no index of its own to drop (rc.5 drops one, which fails: "check that it exists")',
    onlyOurs: [],
    onlyTheirs: ['DROP INDEX `c_a_p_id_fkey` ON `c`', 'DROP INDEX `d_a_p_id_fkey` ON `d`'],
  },
  '27_drop_referenced/02': {
    reason: "the index MySQL made for a removed foreign key is dropped with a terminated statement (rc.5 leaves out the `;`)",
    onlyOurs: ['DROP INDEX `c_pid_p_id_fkey` ON `c`;'],
    onlyTheirs: ['DROP INDEX `c_pid_p_id_fkey` ON `c`'],
  },
};
