import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgEnum, pgSequence, pgView, pgRole, pgPolicy, integer, text, varchar, serial, bigserial, bigint, smallint, boolean, timestamp, jsonb, json, numeric, uuid, real, doublePrecision, date, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/pg-core';
export const users = pgTable('people', { id: serial('id').primaryKey(), address: text('address').unique() }, (t) => [index().on(t.address)]);
export const posts = pgTable('posts', { id: serial('id').primaryKey(), personId: integer('person_id').references(() => users.id) });
