import { sql } from 'drizzle-orm';
import { sqliteTable, sqliteView, integer, text, real, blob, numeric, customType, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/sqlite-core';
export const t = sqliteTable('t', { id: integer('id').primaryKey(), a: text('a'), b: integer('b') }, (t) => [index('t_a_idx').on(t.a), uniqueIndex('t_ab_idx').on(t.a, t.b), index('t_partial_idx').on(t.b).where(sql`${t.b} > 0`), index('t_expr_idx').on(sql`lower(${t.a})`)]);
