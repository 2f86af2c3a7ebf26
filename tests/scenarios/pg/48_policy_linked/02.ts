import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgView, pgMaterializedView, pgRole, pgPolicy, integer, text, boolean } from 'drizzle-orm/pg-core';
export const role = pgRole('sleet_t48_app');
export const t = pgTable('t', { id: integer('id').primaryKey(), owner: text('owner') });
export const u = pgTable('u', { id: integer('id').primaryKey() }).enableRLS();
export const p1 = pgPolicy('t_linked', { for: 'select', to: [role, 'public'], using: sql`owner = current_user` }).link(t);
export const p3 = pgPolicy('t_second', { for: 'delete', to: role, using: sql`false` }).link(t);
