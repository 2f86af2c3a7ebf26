import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgView, pgMaterializedView, pgRole, pgPolicy, integer, text, boolean } from 'drizzle-orm/pg-core';
export const t = pgTable('t', { id: integer('id').primaryKey(), active: boolean('active'), name: text('name') });
export const m = pgMaterializedView('m').using('heap').with({ fillfactor: 80, autovacuumEnabled: false, toastTupleTarget: 256 }).tablespace('pg_default').withNoData().as((qb) => qb.select().from(t));
export const plain = pgMaterializedView('plain').as((qb) => qb.select({ id: t.id }).from(t));
