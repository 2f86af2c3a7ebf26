// Identifier quoting on SQLite and MySQL (issue 11 §1; Postgres: quoting.pg.test.js). Every name
// below holds a backtick, a double quote and a statement of its own. `sleet generate` writes two
// migrations (everything created; then a column renamed by a hint and a change that SQLite makes by
// rebuilding the table, its view dropped there), `sleet migrate` applies them to a real SQLite file and to MariaDB, and the
// catalog must hold exactly those names while the table `victim` and its row survive. rc.5 wraps
// SQLite and MySQL names in backticks without doubling an embedded one (docs/differences.md).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';

import { throwawayMysql } from './support/migrate.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'js/cli.js');
const H = 'q`"; DROP TABLE victim; --';
const RENAMED = `${H}2`;

/** Two schema steps for one dialect's drizzle-orm core. */
function schemas(dialect) {
  const core = dialect === 'sqlite'
    ? { module: 'sqlite-core', table: 'sqliteTable', view: 'sqliteView', int: 'integer', text: "text('note')" }
    : { module: 'mysql-core', table: 'mysqlTable', view: 'mysqlView', int: 'int', text: "varchar('note', { length: 20 })" };
  const step = (column, noteNotNull, view) => `
import { sql } from 'drizzle-orm';
import { ${core.table}, ${core.view}, ${core.int}, ${dialect === 'sqlite' ? 'text' : 'varchar'}, check, foreignKey, index, unique } from 'drizzle-orm/${core.module}';
const H = ${JSON.stringify(H)};
export const victim = ${core.table}('victim', { id: ${core.int}('id').primaryKey() });
export const hostile = ${core.table}(H, {
  id: ${core.int}('id').primaryKey(),
  c: ${core.int}(${JSON.stringify(column)}).notNull(),
  ref: ${core.int}('ref'),
  note: ${core.text}${noteNotNull ? ".notNull().default('x')" : ''},
}, (t) => [
  unique(H + ' uq').on(t.ref),
  check(H + ' ck', sql\`\${t.ref} > 0\`),
  index(H + ' ix').on(t.c),
  foreignKey({ name: H + ' fk', columns: [t.ref], foreignColumns: [victim.id] }),
]);
${view ? "export const seen = " + core.view + "(H + ' v').as((qb) => qb.select({ c: hostile.c }).from(hostile));" : ''}
`;
  // On SQLite the view is dropped a step before the rebuild: a table rebuild under a view fails there
  // (renaming \`__new_…\` re-reads the view while its table is gone), with rc.5's SQL as with sleet's.
  if (dialect === 'sqlite') return [step(H, false, true), step(RENAMED, false, false), step(RENAMED, true, false)];
  return [step(H, false, true), step(RENAMED, true, true)];
}

function sleet(cwd, ...args) {
  const r = spawnSync(cli, args, { cwd, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A project that generates every step; returns its folder and the migrations' SQL. */
function generateBoth(dialect, dbCredentials) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sleet-quoting-${dialect}-`));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, 'drizzle.config.json'), JSON.stringify({ dialect, schema: './schema.ts', out: './drizzle', dbCredentials }));
  const steps = schemas(dialect);
  for (const [i, text] of steps.entries()) {
    fs.writeFileSync(path.join(dir, 'schema.ts'), text);
    // The second step renames the column: the hint answers rename-or-create.
    const hints = i === 1 ? ['--hints', JSON.stringify([{ type: 'rename', kind: 'column', from: ['public', H, H], to: ['public', H, RENAMED] }])] : [];
    const r = sleet(dir, 'generate', '--name', `step${i + 1}`, ...hints);
    assert.equal(r.code, 0, r.out + r.err);
  }
  const folders = fs.readdirSync(path.join(dir, 'drizzle')).filter((f) => !f.startsWith('.')).sort();
  assert.equal(folders.length, steps.length, folders.join(', '));
  const sql = folders.map((f) => fs.readFileSync(path.join(dir, 'drizzle', f, 'migration.sql'), 'utf8'));
  return { dir, sql };
}

/** Outside every backtick- or double-quoted identifier and string literal, no part of the name is left. */
function assertNothingOutsideQuotes(sql) {
  const outside = sql.replace(/`(?:[^`]|``)*`|"(?:[^"]|"")*"|'(?:[^']|'')*'/g, '');
  assert.equal(/DROP TABLE victim|--/.test(outside.replace(/--> statement-breakpoint/g, '')), false, outside);
}

test('SQLite: hostile names are one identifier each, through a rename and a table rebuild', async () => {
  const { dir, sql } = generateBoth('sqlite', { url: 'file:./q.db' });
  try {
    for (const text of sql) assertNothingOutsideQuotes(text);
    assert.ok(sql[0].includes('CREATE TABLE `q``"; DROP TABLE victim; --` ('), sql[0]);
    assert.match(sql[1], /RENAME COLUMN/);
    assert.ok(sql[1].includes('DROP VIEW `q``"; DROP TABLE victim; -- v`;'), sql[1]);
    assert.match(sql[2], /__new_/, 'the NOT NULL change rebuilds the table');

    // Apply the steps before the rebuild, put rows in, then the rebuild: it carries them over.
    const db = path.join(dir, 'q.db');
    const last = fs.readdirSync(path.join(dir, 'drizzle')).filter((f) => !f.startsWith('.')).sort().at(-1);
    const aside = path.join(dir, 'aside');
    fs.renameSync(path.join(dir, 'drizzle', last), aside);
    let r = sleet(dir, 'migrate');
    assert.equal(r.code, 0, r.out + r.err);
    let conn = new Database(db);
    const table = `"${H.replaceAll('"', '""')}"`;
    conn.exec('INSERT INTO victim (id) VALUES (1)');
    conn.prepare(`INSERT INTO ${table} (id, "${RENAMED.replaceAll('"', '""')}", ref) VALUES (1, 5, 1)`).run();
    conn.close();
    fs.renameSync(aside, path.join(dir, 'drizzle', last));
    r = sleet(dir, 'migrate');
    assert.equal(r.code, 0, r.out + r.err);

    conn = new Database(db, { readonly: true });
    try {
      const objects = conn.prepare("SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY type, name").all();
      assert.deepEqual(objects.map((o) => `${o.type} ${o.name}`).sort(), [`index ${H} ix`, 'table victim', `table ${H}`].sort());
      const columns = conn.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').all(H).map((c) => c.name);
      assert.deepEqual(columns, ['id', RENAMED, 'ref', 'note']);
      assert.deepEqual(conn.prepare(`SELECT * FROM ${table}`).all(), [{ id: 1, [RENAMED]: 5, ref: 1, note: 'x' }]);
      assert.deepEqual(conn.prepare('SELECT id FROM victim').all(), [{ id: 1 }]);
      const fks = conn.prepare('SELECT "table", "from", "to" FROM pragma_foreign_key_list(?)').all(H);
      assert.deepEqual(fks, [{ table: 'victim', from: 'ref', to: 'id' }]);
      const create = conn.prepare('SELECT sql FROM sqlite_schema WHERE name = ?').get(H).sql;
      assert.ok(create.includes('"q`""; DROP TABLE victim; -- ck" CHECK'), create);
      assert.ok(create.includes('`q``"; DROP TABLE victim; --2` integer NOT NULL'), create);
    } finally {
      conn.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('MySQL (MariaDB): hostile names are one identifier each, through a rename and a MODIFY', async () => {
  const server = await throwawayMysql();
  const { dir, sql } = generateBoth('mysql', { url: server.url });
  try {
    for (const text of sql) assertNothingOutsideQuotes(text);
    assert.ok(sql[0].includes('CREATE TABLE `q``"; DROP TABLE victim; --` ('), sql[0]);
    assert.match(sql[1], /RENAME COLUMN/);
    const r = sleet(dir, 'migrate');
    assert.equal(r.code, 0, r.out + r.err);

    const conn = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', database: server.name });
    try {
      const [tables] = await conn.query('SELECT TABLE_NAME AS name, TABLE_TYPE AS type FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME NOT LIKE ? ORDER BY TABLE_NAME', [server.name, '\\_\\_drizzle%']);
      assert.deepEqual(tables.map((t) => `${t.type} ${t.name}`).sort(), ['BASE TABLE victim', `BASE TABLE ${H}`, `VIEW ${H} v`].sort());
      const [columns] = await conn.query('SELECT COLUMN_NAME AS name, IS_NULLABLE AS nullable FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION', [server.name, H]);
      assert.deepEqual(columns.map((c) => c.name), ['id', RENAMED, 'ref', 'note']);
      assert.equal(columns[3].nullable, 'NO');
      const [constraints] = await conn.query('SELECT CONSTRAINT_NAME AS name, CONSTRAINT_TYPE AS type FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY CONSTRAINT_NAME', [server.name, H]);
      assert.deepEqual(constraints.map((c) => `${c.type} ${c.name}`).sort(), ['CHECK ' + H + ' ck', 'FOREIGN KEY ' + H + ' fk', 'PRIMARY KEY PRIMARY', 'UNIQUE ' + H + ' uq'].sort());
      const [indexes] = await conn.query('SELECT DISTINCT INDEX_NAME AS name FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY INDEX_NAME', [server.name, H]);
      assert.ok(indexes.some((i) => i.name === `${H} ix`), JSON.stringify(indexes));
      const [victims] = await conn.query('SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [server.name, 'victim']);
      assert.equal(Number(victims[0].n), 1);
    } finally {
      await conn.end();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await server.drop();
  }
});
