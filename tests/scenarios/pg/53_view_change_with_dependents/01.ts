import { sql } from 'drizzle-orm';
import { pgTable, pgView, pgMaterializedView, integer, text, boolean } from 'drizzle-orm/pg-core';
export const t = pgTable('t', { id: integer('id').primaryKey(), active: boolean('active'), name: text('name') });
export const base = pgView('base').as((qb) => qb.select({ id: t.id, name: t.name }).from(t).where(sql`${t.active}`));
export const top = pgView('top', { id: integer('id') }).as(sql`select "id" from "base" where "name" is not null`);
export const summary = pgMaterializedView('summary', { n: integer('n') }).as(sql`select count(*)::int as n from "top"`);
