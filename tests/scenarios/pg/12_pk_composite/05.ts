import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgEnum, pgSequence, pgView, pgRole, pgPolicy, integer, text, varchar, serial, bigserial, bigint, smallint, boolean, timestamp, jsonb, json, numeric, uuid, real, doublePrecision, date, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/pg-core';
export const t = pgTable('t', { a: integer('a').notNull(), b: integer('b').notNull(), c: integer('c').notNull(), d: integer('d') });
export const u = pgTable('u', { x: integer('x'), y: text('y') }, (t) => [primaryKey({ columns: [t.x, t.y] })]);
