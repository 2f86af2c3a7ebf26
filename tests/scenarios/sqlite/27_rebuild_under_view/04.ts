import { sql } from 'drizzle-orm';
import { sqliteTable, sqliteView, integer, text } from 'drizzle-orm/sqlite-core';
// A table rebuild (`__new_<t>` copy, drop, rename) under views: SQLite re-reads every view on the
// rename and on DROP COLUMN, so views over the rebuilt table, and views over those, must be out of the way.
// t is renamed to items and rebuilt in the same step (a new default): v follows the rename (its
// query changes), v2 reads items only through v and is recreated around the rebuild.
export const t = sqliteTable('items', { id: integer('id').primaryKey(), name: text('name').notNull().default('none') });
export const v = sqliteView('v').as((qb) => qb.select({ id: t.id, name: t.name }).from(t));
export const v2 = sqliteView('v2', { id: integer('id') }).as(sql`select id from v where id > 0`);
