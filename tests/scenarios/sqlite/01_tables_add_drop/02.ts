import { sql } from 'drizzle-orm';
import { sqliteTable, sqliteView, integer, text, real, blob, numeric, customType, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/sqlite-core';
export const users = sqliteTable('users', { id: integer('id').primaryKey(), name: text('name') });
export const posts = sqliteTable('posts', { id: integer('id').primaryKey({ autoIncrement: true }), title: text('title').notNull() });
