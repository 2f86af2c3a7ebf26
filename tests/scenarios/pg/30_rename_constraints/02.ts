import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgEnum, pgSequence, pgView, pgRole, pgPolicy, integer, text, varchar, serial, bigserial, bigint, smallint, boolean, timestamp, jsonb, json, numeric, uuid, real, doublePrecision, date, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/pg-core';
export const p = pgTable('p', { id: integer('id').notNull(), code: text('code') }, (t) => [primaryKey({ name: 'p_primary', columns: [t.id] }), unique('p_code_unique').on(t.code), check('p_code_chk', sql`length(${t.code}) > 1`)]);
export const c = pgTable('c', { id: integer('id').primaryKey(), pid: integer('pid') }, (t) => [foreignKey({ name: 'c_parent_fk', columns: [t.pid], foreignColumns: [p.id] })]);
