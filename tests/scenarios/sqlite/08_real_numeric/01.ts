import { sql } from 'drizzle-orm';
import { sqliteTable, sqliteView, integer, text, real, blob, numeric, customType, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/sqlite-core';
export const t = sqliteTable('t', { id: integer('id').primaryKey(), r: real('r').default(1.5), n: numeric('n').default('10.5'), nn: numeric('nn', { mode: 'number' }).default(3), nb: numeric('nb', { mode: 'bigint' }).default(5n) });
