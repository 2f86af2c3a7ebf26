import { sql } from 'drizzle-orm';
import { sqliteTable, sqliteView, integer, text, real, blob, numeric, customType, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/sqlite-core';
export const t = sqliteTable('t', { a: integer('a').notNull(), b: integer('b').notNull(), c: text('c') }, (t) => [primaryKey({ columns: [t.a, t.b] })]);
