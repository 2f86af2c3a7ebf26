import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgView, pgMaterializedView, pgRole, pgPolicy, integer, text, boolean } from 'drizzle-orm/pg-core';
export const t = pgTable('t', { id: integer('id').primaryKey(), owner: text('owner'), n: integer('n') }, (t) => [
  pgPolicy('p_delete', { for: 'delete', using: sql`${t.n} > 10` }),
  pgPolicy('p_ins', { for: 'insert', to: 'current_user', withCheck: sql`${t.n} > 2` }),
  pgPolicy('p_upd', { for: 'update', to: 'public', using: sql`${t.owner} = current_user` }),
]);
