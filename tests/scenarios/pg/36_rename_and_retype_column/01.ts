import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgEnum, pgSequence, pgView, pgRole, pgPolicy, integer, text, varchar, serial, bigserial, bigint, smallint, boolean, timestamp, jsonb, json, numeric, uuid, real, doublePrecision, date, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/pg-core';
export const t = pgTable('t', { id: integer('id').primaryKey(), qty: integer('qty').notNull(), label: varchar('label', { length: 10 }) });
