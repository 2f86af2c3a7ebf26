import { sql } from 'drizzle-orm';
import { mysqlTable, mysqlView, int, bigint, serial, varchar, text, tinytext, mediumtext, longtext, decimal, boolean, timestamp, json, mysqlEnum, index, uniqueIndex, unique, check, primaryKey, foreignKey, double, float, char, datetime, date, time, year, tinyint, smallint, mediumint, binary, varbinary, real, blob, tinyblob, mediumblob, longblob, customType } from 'drizzle-orm/mysql-core';
export const p = mysqlTable('p', { id: int('id').primaryKey() });
export const c = mysqlTable('c', { id: int('id').primaryKey(), pid: int('pid').references(() => p.id, { onDelete: 'cascade', onUpdate: 'restrict' }), qid: int('qid') }, (t) => [foreignKey({ name: 'c_q_fk', columns: [t.qid], foreignColumns: [p.id] }).onDelete('set null')]);
