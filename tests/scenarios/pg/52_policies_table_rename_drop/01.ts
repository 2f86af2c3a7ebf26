import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgView, pgMaterializedView, pgRole, pgPolicy, integer, text, boolean } from 'drizzle-orm/pg-core';
export const app = pgRole('sleet_t52_app');
export const t = pgTable('t', { id: integer('id').primaryKey(), owner: text('owner') }, (t) => [pgPolicy('t_p', { to: app, using: sql`${t.owner} = current_user` })]);
export const u = pgTable('u', { id: integer('id').primaryKey() }, () => [pgPolicy('u_p', { to: app, using: sql`true` })]).enableRLS();
