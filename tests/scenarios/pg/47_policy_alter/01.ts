import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgView, pgMaterializedView, pgRole, pgPolicy, integer, text, boolean } from 'drizzle-orm/pg-core';
export const t = pgTable('t', { id: integer('id').primaryKey(), owner: text('owner'), n: integer('n') }, (t) => [
  pgPolicy('p_sel', { for: 'select', using: sql`${t.n} > 0` }),
  pgPolicy('p_ins', { for: 'insert', to: 'public', withCheck: sql`${t.n} > 0` }),
  pgPolicy('p_upd', { for: 'update', to: 'current_user', using: sql`true`, withCheck: sql`true` }),
  pgPolicy('p_all'),
]);
