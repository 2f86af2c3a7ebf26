import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgView, pgMaterializedView, pgRole, pgPolicy, integer, text, boolean } from 'drizzle-orm/pg-core';
export const t = pgTable('t', { id: integer('id').primaryKey(), active: boolean('active'), name: text('name') });
export const s = pgSchema('s');
export const v = s.view('v3').as((qb) => qb.select().from(t));
export const m = s.materializedView('m2').as((qb) => qb.select({ id: t.id }).from(t));
export const w = s.view('w').as((qb) => qb.select({ id: t.id, name: t.name }).from(t));
