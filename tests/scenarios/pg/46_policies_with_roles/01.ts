import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgView, pgMaterializedView, pgRole, pgPolicy, integer, text, boolean } from 'drizzle-orm/pg-core';
export const admin = pgRole('sleet_t46_admin', { createRole: true });
export const reader = pgRole('sleet_t46_reader');
export const t = pgTable('t', { id: integer('id').primaryKey(), owner: text('owner') }, (t) => [
  pgPolicy('t_admin', { as: 'permissive', for: 'all', to: admin, using: sql`true`, withCheck: sql`true` }),
  pgPolicy('t_read', { for: 'select', to: [reader, admin], using: sql`${t.owner} = current_user` }),
  pgPolicy('t_self', { as: 'restrictive', for: 'update', to: ['current_user', reader], using: sql`${t.owner} = current_user` }),
]);
