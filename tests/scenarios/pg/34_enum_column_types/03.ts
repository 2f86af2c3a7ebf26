import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgEnum, pgSequence, pgView, pgRole, pgPolicy, integer, text, varchar, serial, bigserial, bigint, smallint, boolean, timestamp, jsonb, json, numeric, uuid, real, doublePrecision, date, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/pg-core';
export const lvl = pgEnum('lvl', ['low', 'high']);
export const lvl2 = pgEnum('lvl2', ['low', 'high']);
export const t = pgTable('t', { id: integer('id').primaryKey(), a: text('a').default('low'), b: lvl2('b').array().default(['high']) });
