import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgEnum, pgSequence, pgView, pgRole, pgPolicy, integer, text, varchar, serial, bigserial, bigint, smallint, boolean, timestamp, jsonb, json, numeric, uuid, real, doublePrecision, date, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/pg-core';
export const s1 = pgSequence('s1', { startWith: 100, increment: 2, maxValue: 100000, cache: 10 });
export const s2 = pgSequence('s2', { cycle: true, minValue: 5, maxValue: 50, startWith: 5 });
export const t = pgTable('t', { id: integer('id').primaryKey() });
