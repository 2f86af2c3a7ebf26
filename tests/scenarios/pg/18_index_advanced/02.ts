import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgEnum, pgSequence, pgView, pgRole, pgPolicy, integer, text, varchar, serial, bigserial, bigint, smallint, boolean, timestamp, jsonb, json, numeric, uuid, real, doublePrecision, date, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/pg-core';
export const t = pgTable('docs', { id: integer('id').primaryKey(), title: text('title'), body: jsonb('body'), rank: integer('rank'), deleted: boolean('deleted') }, (t) => [
  index('docs_lower_title').on(sql`lower(${t.title})`),
  index('docs_live').on(t.rank).where(sql`${t.deleted} = false`),
  index('docs_body_gin').using('gin', t.body),
  index('docs_rank_desc').on(t.rank.desc().nullsFirst()),
  index('docs_title_ops').on(t.title.op('text_pattern_ops')),
  index('docs_with').on(t.rank).with({ fillfactor: 70 }),
]);
