import { sql } from 'drizzle-orm';
import { sqliteTable, sqliteView, integer, text, real, blob, numeric, customType, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/sqlite-core';
export const t = sqliteTable('t', { id: integer('id').primaryKey(), raw: blob('raw', { mode: 'buffer' }).default(Buffer.from('hi')), js: blob('js', { mode: 'json' }), big: blob('big', { mode: 'bigint' }).default(12345678901234567890n), extra: blob('extra') });
