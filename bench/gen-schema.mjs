#!/usr/bin/env node
// Writes a synthetic, realistic drizzle-orm Postgres schema of N tables to stdout (deterministic: seed 42).
// Usage: node bench/gen-schema.mjs 1000 > schema.ts
const n = Number(process.argv[2] ?? 100);

let seed = 42;
function rand() {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
}
const pick = (xs) => xs[Math.floor(rand() * xs.length)];

const enumCount = Math.max(1, Math.round(n / 25));
const lines = [
  "import { sql } from 'drizzle-orm';",
  "import { pgTable, pgEnum, integer, bigint, text, varchar, boolean, timestamp, numeric, jsonb, uuid, serial, index, uniqueIndex, unique, check } from 'drizzle-orm/pg-core';",
  '',
];
for (let e = 0; e < enumCount; e++) {
  lines.push(`export const status${e} = pgEnum('status_${e}', ['new', 'active', 'suspended', 'closed']);`);
}
const columnKinds = [
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
];
for (let t = 0; t < n; t++) {
  const cols = [`  id: serial('id').primaryKey(),`];
  const extras = [];
  const colNames = [];
  const count = 8 + Math.floor(rand() * 6);
  for (let c = 0; c < count; c++) {
    const name = `col_${c}`;
    colNames.push(name);
    cols.push(`  ${name}: ${pick(columnKinds)(name)},`);
  }
  cols.push(`  status: status${t % enumCount}('status').notNull().default('new'),`);
  if (t > 0) {
    const fks = 1 + Math.floor(rand() * 2);
    for (let f = 0; f < fks; f++) {
      const target = Math.floor(rand() * t);
      cols.push(`  ref_${f}: integer('ref_${f}_id').references(() => table${target}.id, { onDelete: '${pick(['cascade', 'set null', 'no action'])}' }),`);
      extras.push(`  index('table_${t}_ref_${f}_idx').on(t.ref_${f}),`);
    }
  }
  extras.push(`  index('table_${t}_status_idx').on(t.status),`);
  if (rand() < 0.3) extras.push(`  uniqueIndex('table_${t}_col_0_uq').on(t.col_0),`);
  if (rand() < 0.3) extras.push(`  unique('table_${t}_pair_uq').on(t.col_0, t.col_1),`);
  if (rand() < 0.2) extras.push(`  check('table_${t}_id_check', sql\`\${t.id} > 0\`),`);
  lines.push(`export const table${t} = pgTable('table_${t}', {\n${cols.join('\n')}\n}, (t) => [\n${extras.join('\n')}\n]);`);
}
process.stdout.write(lines.join('\n') + '\n');
