import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgEnum, pgSequence, pgView, pgRole, pgPolicy, integer, text, varchar, serial, bigserial, bigint, smallint, boolean, timestamp, jsonb, json, numeric, uuid, real, doublePrecision, date, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/pg-core';
export const t = pgTable('t', { id: integer('id').primaryKey(), owner: text('owner') }, () => [pgPolicy('t_read', { for: 'select', to: 'public', using: sql`owner = current_user` }), pgPolicy('t_ins', { for: 'insert', to: 'public', withCheck: sql`true` })]);
