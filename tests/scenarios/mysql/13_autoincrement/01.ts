import { sql } from 'drizzle-orm';
import { mysqlTable, mysqlView, int, bigint, serial, varchar, text, tinytext, mediumtext, longtext, decimal, boolean, timestamp, json, mysqlEnum, index, uniqueIndex, unique, check, primaryKey, foreignKey, double, float, char, datetime, date, time, year, tinyint, smallint, mediumint, binary, varbinary, real, blob, tinyblob, mediumblob, longblob, customType } from 'drizzle-orm/mysql-core';
export const t = mysqlTable('t', { id: int('id').primaryKey(), n: int('n') });
