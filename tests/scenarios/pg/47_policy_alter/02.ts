import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgView, pgMaterializedView, pgRole, pgPolicy, integer, text, boolean } from 'drizzle-orm/pg-core';
export const t = pgTable('t', { id: integer('id').primaryKey(), owner: text('owner'), n: integer('n') }, (t) => [
  pgPolicy('p_sel', { for: 'select', using: sql`${t.n} > 10` }),
  pgPolicy('p_ins', { for: 'insert', to: 'current_user', withCheck: sql`${t.n} > 1` }),
  pgPolicy('p_upd', { for: 'update', to: ['current_user', 'session_user'], using: sql`${t.owner} = current_user`, withCheck: sql`true` }),
  pgPolicy('p_all', { as: 'restrictive' }),
]);
