import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgView, pgMaterializedView, pgRole, pgPolicy, integer, text, boolean } from 'drizzle-orm/pg-core';
export const t = pgTable('t', { id: integer('id').primaryKey(), active: boolean('active'), name: text('name') });
export const v = pgView('v').as((qb) => qb.select().from(t).where(sql`${t.active}`));
