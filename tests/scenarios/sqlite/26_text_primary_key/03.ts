import { sql } from 'drizzle-orm';
import { sqliteTable, sqliteView, integer, text, real, blob, numeric, customType, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/sqlite-core';
export const t = sqliteTable('t', { code: text('code').notNull(), label: text('label').notNull().default('-') }, (t) => [primaryKey({ name: 't_code_pk', columns: [t.code] })]);
