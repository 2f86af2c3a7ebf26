import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgEnum, pgSequence, pgView, pgRole, pgPolicy, integer, text, varchar, serial, bigserial, bigint, smallint, boolean, timestamp, jsonb, json, numeric, uuid, real, doublePrecision, date, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/pg-core';
export const a = pgSchema('beta');
export const at = a.table('things', { id: serial('id').primaryKey(), name: text('name').unique() });
export const t = pgTable('t', { id: integer('id').primaryKey(), thingId: integer('thing_id').references(() => at.id) });
