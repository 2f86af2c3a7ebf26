import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgEnum, pgSequence, pgView, pgRole, pgPolicy, integer, text, varchar, serial, bigserial, bigint, smallint, boolean, timestamp, jsonb, json, numeric, uuid, real, doublePrecision, date, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/pg-core';
export const app = pgSchema('app');
export const status = app.enum('status', ['new', 'active', 'archived']);
export const t = pgTable('t', { id: integer('id').primaryKey(), s: status('s').default('active').notNull(), hist: status('hist').array() });
