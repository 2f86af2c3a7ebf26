import { sql } from 'drizzle-orm';
import { sqliteTable, sqliteView, integer, text, real, blob, numeric, customType, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/sqlite-core';
export const p = sqliteTable('parents', { id: integer('id').primaryKey() });
export const c = sqliteTable('children', { id: integer('id').primaryKey(), parentId: integer('parent_id').references(() => p.id, { onDelete: 'set null' }) });
