import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgView, pgMaterializedView, pgRole, pgPolicy, integer, text, boolean } from 'drizzle-orm/pg-core';
export const s = pgSchema('s');
export const a = pgTable('a', { id: integer('id').primaryKey() }, () => [pgPolicy('a_q', { for: 'insert', withCheck: sql`true` })]);
export const b = s.table('b', { id: integer('id').primaryKey() });
