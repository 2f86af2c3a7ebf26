import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgView, pgMaterializedView, pgRole, pgPolicy, integer, text, boolean } from 'drizzle-orm/pg-core';
export const t = pgTable('t', { id: integer('id').primaryKey(), active: boolean('active'), name: text('name') });
export const c_base = pgView('c_base').as((qb) => qb.select({ id: t.id, name: t.name }).from(t).where(sql`${t.active}`));
export const b_mid = pgView('b_mid').as((qb) => qb.select().from(c_base).where(sql`${c_base.id} > 1`));
