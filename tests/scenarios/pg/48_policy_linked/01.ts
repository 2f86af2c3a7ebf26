import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgView, pgMaterializedView, pgRole, pgPolicy, integer, text, boolean } from 'drizzle-orm/pg-core';
export const role = pgRole('sleet_t48_app');
export const t = pgTable('t', { id: integer('id').primaryKey(), owner: text('owner') });
export const u = pgTable('u', { id: integer('id').primaryKey() }).enableRLS();
export const p1 = pgPolicy('t_linked', { for: 'select', to: role, using: sql`true` }).link(t);
export const p2 = pgPolicy('u_linked', { for: 'insert', withCheck: sql`false` }).link(u);
