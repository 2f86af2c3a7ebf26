import { sql } from 'drizzle-orm';
import { sqliteTable, sqliteView, integer, text, real, blob, numeric, customType, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/sqlite-core';
export const users = sqliteTable('users', { id: integer('id').primaryKey(), name: text('name') });
