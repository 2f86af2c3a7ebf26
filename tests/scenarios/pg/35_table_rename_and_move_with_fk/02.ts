import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgEnum, pgSequence, pgView, pgRole, pgPolicy, integer, text, varchar, serial, bigserial, bigint, smallint, boolean, timestamp, jsonb, json, numeric, uuid, real, doublePrecision, date, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/pg-core';
export const s = pgSchema('crm');
export const org = s.table('organisations', { id: integer('id').primaryKey() });
export const person = pgTable('persons', { id: integer('id').primaryKey(), orgId: integer('org_id').references(() => org.id) }, (t) => [unique().on(t.orgId, t.id)]);
