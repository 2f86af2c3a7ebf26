import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgEnum, pgSequence, pgView, pgRole, pgPolicy, integer, text, varchar, serial, bigserial, bigint, smallint, boolean, timestamp, jsonb, json, numeric, uuid, real, doublePrecision, date, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/pg-core';
export const users = pgTable('users', { uid: serial('uid').primaryKey(), mail: text('mail').notNull() }, (t) => [index('users_email_idx').on(t.mail), unique('users_email_uq').on(t.mail)]);
export const posts = pgTable('posts', { id: serial('id').primaryKey(), authorId: integer('author_id').references(() => users.uid) }, (t) => [index('posts_author_idx').on(t.authorId)]);
