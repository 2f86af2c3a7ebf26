import { sql } from 'drizzle-orm';
import { sqliteTable, sqliteView, integer, text, real, blob, numeric, customType, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/sqlite-core';
export const t = sqliteTable('t', { id: integer('id').primaryKey(), status: text('status', { enum: ['a', 'b'] }).notNull().default('a'), doc: text('doc', { mode: 'json' }).default({ k: "it's", n: [1, 2] }), short: text('short', { length: 256 }), quoted: text('quoted').default("o'clock") });
