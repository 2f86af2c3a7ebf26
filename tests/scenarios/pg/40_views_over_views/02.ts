import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgView, pgMaterializedView, pgRole, pgPolicy, integer, text, boolean } from 'drizzle-orm/pg-core';
export const t = pgTable('t', { id: integer('id').primaryKey(), active: boolean('active'), name: text('name') });
export const c_base = pgView('c_base').as((qb) => qb.select({ id: t.id, name: t.name }).from(t).where(sql`${t.active}`));
export const b_mid = pgView('b_mid').as((qb) => qb.select().from(c_base).where(sql`${c_base.id} > 1`));
export const a_top = pgView('a_top').as((qb) => qb.select({ id: b_mid.id, name: b_mid.name }).from(b_mid));
export const a_mat = pgMaterializedView('a_mat').as((qb) => qb.select().from(a_top));
export const a_side = pgView('a_side').as((qb) => qb.select({ n: sql<number>`count(*)`.as('n') }).from(b_mid));
export const a_join = pgView('a_join').as((qb) => qb.select({ id: c_base.id, top: a_side.n }).from(c_base).crossJoin(a_side));
