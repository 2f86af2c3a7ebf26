import { sql } from 'drizzle-orm';
import { sqliteTable, sqliteView, integer, text, real, blob, numeric, customType, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/sqlite-core';
export const users = sqliteTable('users', { id: integer('id').primaryKey({ autoIncrement: true }), email: text('email').notNull(), createdAt: integer('created_at', { mode: 'timestamp' }).notNull().default(sql`(unixepoch())`) }, (t) => [uniqueIndex('users_email_idx').on(t.email)]);
export const posts = sqliteTable('posts', { id: integer('id').primaryKey(), authorId: integer('author_id').notNull().references(() => users.id, { onDelete: 'cascade' }), title: text('title').notNull() });
