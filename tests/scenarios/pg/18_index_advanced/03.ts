import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgEnum, pgSequence, pgView, pgRole, pgPolicy, integer, text, varchar, serial, bigserial, bigint, smallint, boolean, timestamp, jsonb, json, numeric, uuid, real, doublePrecision, date, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/pg-core';
export const t = pgTable('docs', { id: integer('id').primaryKey(), title: text('title'), body: jsonb('body'), rank: integer('rank'), deleted: boolean('deleted') }, (t) => [
  index('docs_lower_title').on(sql`upper(${t.title})`),
  index('docs_live').on(t.rank).where(sql`${t.deleted} = true`),
  index('docs_body_gin').using('gin', t.body.op('jsonb_path_ops')),
  index('docs_rank_desc').on(t.rank.asc()),
  uniqueIndex('docs_title_ops').on(t.title.op('text_pattern_ops')),
  index('docs_with').on(t.rank).with({ fillfactor: 80 }),
  index('docs_conc').on(t.title).concurrently(),
]);
