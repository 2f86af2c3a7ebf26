import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgEnum, pgSequence, pgView, pgRole, pgPolicy, integer, text, varchar, serial, bigserial, bigint, smallint, boolean, timestamp, jsonb, json, numeric, uuid, real, doublePrecision, date, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/pg-core';
export const t = pgTable('t', { id: integer('id').primaryKey(), a: text('a').default("it's"), b: integer('b').default(2), c: boolean('c'), d: jsonb('d').default({ a: 1, b: [1, 2] }), e: timestamp('e').defaultNow() });
