import { sql } from 'drizzle-orm';
import { sqliteTable, sqliteView, integer, text, real, blob, numeric, customType, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/sqlite-core';
export const t = sqliteTable('t', { id: integer('id').primaryKey(), score: integer('score') });
