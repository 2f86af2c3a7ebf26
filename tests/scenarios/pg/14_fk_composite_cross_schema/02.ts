import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgEnum, pgSequence, pgView, pgRole, pgPolicy, integer, text, varchar, serial, bigserial, bigint, smallint, boolean, timestamp, jsonb, json, numeric, uuid, real, doublePrecision, date, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/pg-core';
export const billing = pgSchema('billing');
export const acc = billing.table('accounts', { org: integer('org').notNull(), num: integer('num').notNull() }, (t) => [primaryKey({ columns: [t.org, t.num] })]);
export const inv = pgTable('invoices', { id: serial('id').primaryKey(), org: integer('org'), num: integer('num') }, (t) => [foreignKey({ columns: [t.org, t.num], foreignColumns: [acc.org, acc.num] }).onDelete('cascade')]);
