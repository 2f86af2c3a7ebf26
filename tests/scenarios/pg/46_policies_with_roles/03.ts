import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgView, pgMaterializedView, pgRole, pgPolicy, integer, text, boolean } from 'drizzle-orm/pg-core';
export const admin = pgRole('sleet_t46_boss', { createRole: true });
export const t = pgTable('t', { id: integer('id').primaryKey(), owner: text('owner') }, (t) => [
  pgPolicy('t_admin', { as: 'permissive', for: 'all', to: admin, using: sql`true`, withCheck: sql`true` }),
  pgPolicy('t_read', { for: 'select', to: [admin, 'public'], using: sql`${t.owner} = current_user` }),
]);
