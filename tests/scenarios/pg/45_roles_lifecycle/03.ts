import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgView, pgMaterializedView, pgRole, pgPolicy, integer, text, boolean } from 'drizzle-orm/pg-core';
export const r2 = pgRole('sleet_t45_renamed', { createDb: true });
export const r3 = pgRole('sleet_t45_r3', { inherit: true, createRole: true });
export const t = pgTable('t', { id: integer('id').primaryKey(), active: boolean('active'), name: text('name') });
