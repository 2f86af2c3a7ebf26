import { sql } from 'drizzle-orm';
import { mysqlTable, mysqlView, int, bigint, serial, varchar, text, tinytext, mediumtext, longtext, decimal, boolean, timestamp, json, mysqlEnum, index, uniqueIndex, unique, check, primaryKey, foreignKey, double, float, char, datetime, date, time, year, tinyint, smallint, mediumint, binary, varbinary, real, blob, longblob, customType } from 'drizzle-orm/mysql-core';
export const a = mysqlTable('a2', { id: int('id').primaryKey(), name: varchar('name', { length: 50 }) });
