import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgView, pgMaterializedView, pgRole, pgPolicy, integer, text, boolean } from 'drizzle-orm/pg-core';
export const r1 = pgRole('sleet_t45_r1', { createDb: true, createRole: true, inherit: false });
export const r2 = pgRole('sleet_t45_r2');
export const r3 = pgRole('sleet_t45_r3', { inherit: true });
export const t = pgTable('t', { id: integer('id').primaryKey(), active: boolean('active'), name: text('name') });
