#!/usr/bin/env node
// Writes a synthetic, realistic drizzle-orm schema of N tables to stdout (deterministic: seed 42), for
// Postgres (the default), SQLite or MySQL: the same tables, columns, keys, indexes and checks in each,
// with the column kinds each dialect has (Postgres's output is what it was before the dialects came).
// Usage: node bench/gen-schema.mjs 1000 [postgresql|sqlite|mysql] > schema.ts
const n = Number(process.argv[2] ?? 100);
const dialect = process.argv[3] ?? 'postgresql';

let seed = 42;
function rand() {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
}
const pick = (xs) => xs[Math.floor(rand() * xs.length)];

const indexed = (c) => c === 'col_0' || c === 'col_1';
const DIALECTS = {
  postgresql: {
    imports: "import { pgTable, pgEnum, integer, bigint, text, varchar, boolean, timestamp, numeric, jsonb, uuid, serial, index, uniqueIndex, unique, check } from 'drizzle-orm/pg-core';",
    table: 'pgTable',
    enumDecl: (e) => `export const status${e} = pgEnum('status_${e}', ['new', 'active', 'suspended', 'closed']);`,
    id: "serial('id').primaryKey()",
    status: (e) => `status${e}('status').notNull().default('new')`,
    ref: (f) => `integer('ref_${f}_id')`,
    columnKinds: [
      (c) => `text('${c}')`,
      (c) => `varchar('${c}', { length: ${pick([32, 64, 255])} })`,
      (c) => `integer('${c}').notNull().default(0)`,
      (c) => `boolean('${c}').notNull().default(false)`,
      (c) => `timestamp('${c}', { withTimezone: true }).defaultNow()`,
      (c) => `numeric('${c}', { precision: 12, scale: 2 })`,
      (c) => `jsonb('${c}')`,
      (c) => `bigint('${c}', { mode: 'number' })`,
      (c) => `uuid('${c}').defaultRandom()`,
      (c) => `text('${c}').array()`,
    ],
  },
  sqlite: {
    imports: "import { sqliteTable, integer, text, real, blob, numeric, index, uniqueIndex, unique, check } from 'drizzle-orm/sqlite-core';",
    table: 'sqliteTable',
    id: "integer('id').primaryKey({ autoIncrement: true })",
    status: () => "text('status', { enum: ['new', 'active', 'suspended', 'closed'] }).notNull().default('new')",
    ref: (f) => `integer('ref_${f}_id')`,
    columnKinds: [
      (c) => `text('${c}')`,
      (c) => `text('${c}', { length: ${pick([32, 64, 255])} })`,
      (c) => `integer('${c}').notNull().default(0)`,
      (c) => `integer('${c}', { mode: 'boolean' }).notNull().default(false)`,
      (c) => `integer('${c}', { mode: 'timestamp' }).default(sql\`(unixepoch())\`)`,
      (c) => `numeric('${c}')`,
      (c) => `text('${c}', { mode: 'json' })`,
      (c) => `real('${c}')`,
      (c) => `blob('${c}')`,
      (c) => `text('${c}').notNull().default('')`,
    ],
  },
  mysql: {
    imports: "import { mysqlTable, mysqlEnum, int, bigint, text, varchar, boolean, timestamp, decimal, serial, index, uniqueIndex, unique, check } from 'drizzle-orm/mysql-core';",
    table: 'mysqlTable',
    // MariaDB allows no CHECK over an AUTO_INCREMENT column.
    check: 'status',
    id: "serial('id').primaryKey()",
    status: () => "mysqlEnum('status', ['new', 'active', 'suspended', 'closed']).notNull().default('new')",
    // serial is BIGINT UNSIGNED: a key referencing it has that type.
    ref: (f) => `bigint('ref_${f}_id', { mode: 'number', unsigned: true })`,
    // MySQL indexes no TEXT or JSON column without a prefix: the indexed col_0 and col_1 are varchars.
    columnKinds: [
      (c) => (indexed(c) ? `varchar('${c}', { length: 191 })` : `text('${c}')`),
      (c) => `varchar('${c}', { length: ${pick([32, 64, 255])} })`,
      (c) => `int('${c}').notNull().default(0)`,
      (c) => `boolean('${c}').notNull().default(false)`,
      (c) => `timestamp('${c}').defaultNow()`,
      (c) => `decimal('${c}', { precision: 12, scale: 2 })`,
      // No json(): MariaDB stores it as LONGTEXT with a json_valid() CHECK, which rc.5's push
      // refuses as a check constraint conflict.
      (c) => (indexed(c) ? `varchar('${c}', { length: 191 })` : `text('${c}')`),
      (c) => `bigint('${c}', { mode: 'number' })`,
      (c) => `varchar('${c}', { length: 36 })`,
      (c) => `int('${c}')`,
    ],
  },
};
const d = DIALECTS[dialect];
if (!d) throw new Error(`bench/gen-schema.mjs: unknown dialect ${JSON.stringify(dialect)} (postgresql, sqlite or mysql)`);

const enumCount = Math.max(1, Math.round(n / 25));
const lines = ["import { sql } from 'drizzle-orm';", d.imports, ''];
if (d.enumDecl) for (let e = 0; e < enumCount; e++) lines.push(d.enumDecl(e));
for (let t = 0; t < n; t++) {
  const cols = [`  id: ${d.id},`];
  const extras = [];
  const count = 8 + Math.floor(rand() * 6);
  for (let c = 0; c < count; c++) {
    const name = `col_${c}`;
    cols.push(`  ${name}: ${pick(d.columnKinds)(name)},`);
  }
  cols.push(`  status: ${d.status(t % enumCount)},`);
  if (t > 0) {
    const fks = 1 + Math.floor(rand() * 2);
    for (let f = 0; f < fks; f++) {
      const target = Math.floor(rand() * t);
      cols.push(`  ref_${f}: ${d.ref(f)}.references(() => table${target}.id, { onDelete: '${pick(['cascade', 'set null', 'no action'])}' }),`);
      extras.push(`  index('table_${t}_ref_${f}_idx').on(t.ref_${f}),`);
    }
  }
  extras.push(`  index('table_${t}_status_idx').on(t.status),`);
  if (rand() < 0.3) extras.push(`  uniqueIndex('table_${t}_col_0_uq').on(t.col_0),`);
  if (rand() < 0.3) extras.push(`  unique('table_${t}_pair_uq').on(t.col_0, t.col_1),`);
  if (rand() < 0.2) extras.push(`  check('table_${t}_${d.check ?? 'id'}_check', sql\`\${t.${d.check ?? 'id'}} ${d.check ? "<> ''" : '> 0'}\`),`);
  lines.push(`export const table${t} = ${d.table}('table_${t}', {\n${cols.join('\n')}\n}, (t) => [\n${extras.join('\n')}\n]);`);
}
process.stdout.write(lines.join('\n') + '\n');
