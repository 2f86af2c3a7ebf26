import { sql } from 'drizzle-orm';
import { sqliteTable, sqliteView, integer, text } from 'drizzle-orm/sqlite-core';
// A table rebuild (`__new_<t>` copy, drop, rename) under views: SQLite re-reads every view on the
// rename and on DROP COLUMN, so views over the rebuilt table, and views over those, must be out of the way.
// u and its view vu go, and t loses a column: DROP COLUMN re-reads vu, so vu goes before u.
export const t = sqliteTable('t', { id: integer('id').primaryKey(), name: text('name').notNull().default('') });
export const v = sqliteView('v').as((qb) => qb.select({ id: t.id, name: t.name }).from(t));
export const v2 = sqliteView('v2', { id: integer('id') }).as(sql`select id from v where id > 0`);
