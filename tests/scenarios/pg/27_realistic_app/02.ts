import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgEnum, pgSequence, pgView, pgRole, pgPolicy, integer, text, varchar, serial, bigserial, bigint, smallint, boolean, timestamp, jsonb, json, numeric, uuid, real, doublePrecision, date, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/pg-core';
export const role = pgEnum('user_role', ['user', 'admin']);
export const users = pgTable('users', { id: serial('id').primaryKey(), email: varchar('email', { length: 255 }).notNull().unique(), name: text('name'), role: role('role').default('user').notNull(), createdAt: timestamp('created_at').defaultNow().notNull() });
export const posts = pgTable('posts', { id: serial('id').primaryKey(), authorId: integer('author_id').notNull().references(() => users.id, { onDelete: 'cascade' }), title: text('title').notNull(), body: text('body'), published: boolean('published').default(false).notNull() }, (t) => [index('posts_author_idx').on(t.authorId)]);
