import { sql } from 'drizzle-orm';
import { sqliteTable, sqliteView, integer, text, real, blob, numeric, customType, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/sqlite-core';
const money = customType<{ data: number }>({ dataType() { return 'decimal(10, 2)'; } });
export const t = sqliteTable('t', { id: integer('id').primaryKey(), price: money('price').default(1), cost: money('cost') });
