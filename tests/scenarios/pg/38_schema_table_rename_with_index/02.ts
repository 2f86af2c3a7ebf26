import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgEnum, pgSequence, pgView, pgRole, pgPolicy, integer, text, varchar, serial, bigserial, bigint, smallint, boolean, timestamp, jsonb, json, numeric, uuid, real, doublePrecision, date, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/pg-core';
export const s = pgSchema('shop');
export const p = s.table('items', { id: serial('id').primaryKey(), sku: text('sku').notNull() }, (t) => [uniqueIndex('items_sku_idx').on(t.sku), unique('products_sku_nn').on(t.sku).nullsNotDistinct()]);
