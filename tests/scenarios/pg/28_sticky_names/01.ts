import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgEnum, pgSequence, pgView, pgRole, pgPolicy, integer, text, varchar, serial, bigserial, bigint, smallint, boolean, timestamp, jsonb, json, numeric, uuid, real, doublePrecision, date, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/pg-core';
export const users = pgTable('users', { id: serial('id').primaryKey(), email: text('email').unique() }, (t) => [index().on(t.email)]);
export const posts = pgTable('posts', { id: serial('id').primaryKey(), userId: integer('user_id').references(() => users.id) });
