import { sql } from 'drizzle-orm';
import { mysqlTable, mysqlView, int, bigint, serial, varchar, text, tinytext, mediumtext, longtext, decimal, boolean, timestamp, json, mysqlEnum, index, uniqueIndex, unique, check, primaryKey, foreignKey, double, float, char, datetime, date, time, year, tinyint, smallint, mediumint, binary, varbinary, real, blob, tinyblob, mediumblob, longblob, customType } from 'drizzle-orm/mysql-core';
export const p = mysqlTable('p', { id: int('id').primaryKey() });
export const c = mysqlTable('c', { id: int('id').primaryKey(), a: int('a').references(() => p.id), b: int('b') }, (t) => [index('c_ab_idx').on(t.a, t.b)]);
export const d = mysqlTable('d', { id: int('id').primaryKey(), a: int('a').references(() => p.id) }, (t) => [index('d_a_new').on(t.a)]);
export const e = mysqlTable('e', { a: int('a').notNull().references(() => p.id), id: int('id').notNull() }, (t) => [primaryKey({ columns: [t.id] })]);
export const f = mysqlTable('f', { id: int('id').primaryKey(), a: int('a').references(() => p.id), b: int('b') }, (t) => [index('f_idx').on(t.a, t.b)]);
