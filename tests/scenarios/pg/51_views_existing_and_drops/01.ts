import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgView, pgMaterializedView, pgRole, pgPolicy, integer, text, boolean } from 'drizzle-orm/pg-core';
export const t = pgTable('t', { id: integer('id').primaryKey(), active: boolean('active'), name: text('name') });
export const legacy = pgView('legacy', { id: integer('id') }).existing();
export const v = pgView('v').as((qb) => qb.select().from(t));
export const u = pgTable('u', { id: integer('id').primaryKey() });
export const vu = pgView('vu').as((qb) => qb.select().from(u));
