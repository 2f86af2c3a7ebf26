import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgView, pgMaterializedView, pgRole, pgPolicy, integer, text, boolean } from 'drizzle-orm/pg-core';
export const a = pgTable('a', { id: integer('id').primaryKey() });
export const b = pgTable('b', { id: integer('id').primaryKey() });
export const c = pgTable('c', { id: integer('id').primaryKey() }, () => [pgPolicy('c_p', { using: sql`true` })]);
