import { sql } from 'drizzle-orm';
import { mysqlTable, mysqlView, int, bigint, serial, varchar, text, tinytext, mediumtext, longtext, decimal, boolean, timestamp, json, mysqlEnum, index, uniqueIndex, unique, check, primaryKey, foreignKey, double, float, char, datetime, date, time, year, tinyint, smallint, mediumint, binary, varbinary, real, blob, tinyblob, mediumblob, longblob, customType } from 'drizzle-orm/mysql-core';
export const p = mysqlTable('people', { id: int('id').primaryKey(), code: varchar('code', { length: 10 }) });
export const c = mysqlTable('children', { id: int('id').primaryKey(), parentId: int('parent_id').references(() => p.id, { onDelete: 'cascade' }) });
