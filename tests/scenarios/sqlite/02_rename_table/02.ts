import { sql } from 'drizzle-orm';
import { sqliteTable, sqliteView, integer, text, real, blob, numeric, customType, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/sqlite-core';
export const people = sqliteTable('people', { id: integer('id').primaryKey(), name: text('name') }, (t) => [index('users_name_idx').on(t.name)]);
