import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgEnum, pgSequence, pgView, pgRole, pgPolicy, integer, text, varchar, serial, bigserial, bigint, smallint, boolean, timestamp, jsonb, json, numeric, uuid, real, doublePrecision, date, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/pg-core';
export const t = pgTable('items', { id: integer('id').primaryKey(), a: text('a'), b: integer('b'), c: boolean('c').notNull().default(false), d: varchar('d', { length: 20 }).default('x') });
