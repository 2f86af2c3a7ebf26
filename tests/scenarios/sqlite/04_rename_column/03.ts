import { sql } from 'drizzle-orm';
import { sqliteTable, sqliteView, integer, text, real, blob, numeric, customType, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/sqlite-core';
export const p = sqliteTable('parents', { id: integer('id').primaryKey(), slug: text('slug') }, (t) => [uniqueIndex('parents_code_idx').on(t.slug)]);
export const c = sqliteTable('children', { id: integer('id').primaryKey(), owner: integer('owner').references(() => p.id, { onDelete: 'cascade' }) });
