import { sql } from 'drizzle-orm';
import { mysqlTable, mysqlView, int, bigint, serial, varchar, text, tinytext, mediumtext, longtext, decimal, boolean, timestamp, json, mysqlEnum, index, uniqueIndex, unique, check, primaryKey, foreignKey, double, float, char, datetime, date, time, year, tinyint, smallint, mediumint, binary, varbinary, real, blob, tinyblob, mediumblob, longblob, customType } from 'drizzle-orm/mysql-core';
const point = customType<{ data: string }>({ dataType() { return 'point'; } });
const money = customType<{ data: number }>({ dataType() { return 'decimal(12,2)'; } });
export const t = mysqlTable('t', { id: int('id').primaryKey(), p: point('p'), m: money('m') });
