import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgView, pgMaterializedView, pgRole, pgPolicy, integer, text, boolean } from 'drizzle-orm/pg-core';
export const t = pgTable('t', { id: integer('id').primaryKey(), active: boolean('active'), name: text('name') });
export const m = pgMaterializedView('m').using('heap').with({ fillfactor: 70, toastTupleTarget: 256, parallelWorkers: 2 }).withNoData().as((qb) => qb.select().from(t));
export const plain = pgMaterializedView('plain').with({ autovacuumVacuumThreshold: 100 }).tablespace('pg_default').as((qb) => qb.select({ id: t.id }).from(t));
