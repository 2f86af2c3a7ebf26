#!/usr/bin/env node
// Benchmark (not a test): `push --explain` and `pull`, sleet vs drizzle-kit 1.0.0-rc.5, on databases of
// N tables: PostgreSQL (127.0.0.1:5432, user postgres), SQLite (a file) or MySQL/MariaDB (127.0.0.1:3306,
// root). Each database is built the way a user would: `node bench/gen-schema.mjs N <dialect>` →
// `sleet generate` → `sleet migrate`. The schema file then differs from the database by one added column
// per 10 tables, so push has a real plan to compute. Runs alternate between the tools so all see the
// same machine load; whole-process wall time and peak RSS come from GNU time. A tool that does not serve
// the command for the dialect yet is reported "n/a (refused)"; the others still run.
// Usage: node bench/push-pull.mjs [--dialect postgresql,sqlite,mysql] [--sizes 500,1000] [--runs 5]
//        [--tools sleet,sleet (Bun),rc.5]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { databaseName, load, options, refused, root, schemaConfig, schemaOf, seconds, summary, table, timeTool, TOOLS } from './lib.mjs';

const { sizes, runs, tools, dialects } = options();

/** Each server dialect's admin connection (a database to create and drop); SQLite's is a file. */
const SERVERS = {
  postgresql: {
    url: (db) => `postgres://postgres@127.0.0.1:5432/${db}`,
    async admin(sql) {
      const { default: pg } = await import('pg');
      const c = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
      await c.connect();
      try {
        await c.query(sql);
      } finally {
        await c.end();
      }
    },
    create: (db) => [`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`, `CREATE DATABASE "${db}"`],
    drop: (db) => `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`,
  },
  mysql: {
    url: (db) => `mysql://root@127.0.0.1:3306/${db}`,
    async admin(sql) {
      const { default: mysql } = await import('mysql2/promise');
      const c = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
      try {
        await c.query(sql);
      } finally {
        await c.end();
      }
    },
    create: (db) => [`DROP DATABASE IF EXISTS \`${db}\``, `CREATE DATABASE \`${db}\``],
    drop: (db) => `DROP DATABASE IF EXISTS \`${db}\``,
  },
};

async function build(dialect, n) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sleet-bench-pp-${dialect}-${n}-`));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  const server = SERVERS[dialect];
  const db = databaseName(`pp_${dialect}_${n}`);
  if (server) for (const sql of server.create(db)) await server.admin(sql);
  const url = server ? server.url(db) : path.join(dir, 'bench.sqlite');
  const config = (out) => schemaConfig(dialect, { out, url });
  fs.writeFileSync(path.join(dir, 'drizzle.config.ts'), config('./migrations'));
  const schema = schemaOf(n, dialect);
  fs.writeFileSync(path.join(dir, 'schema.ts'), schema);
  const drop = async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (server) await server.admin(server.drop(db));
  };
  for (const cmd of [['generate', '--name', 'init'], ['migrate']]) {
    const r = spawnSync(process.execPath, [TOOLS.sleet[1], ...cmd], { cwd: dir, encoding: 'utf8', timeout: 600_000 });
    if (r.status !== 0) {
      await drop();
      throw new Error(`${dialect}: ${cmd[0]} failed: ${r.stdout}${r.stderr}`);
    }
  }
  // One new column per 10 tables: push has a plan to compute, not just "no changes".
  let k = 0;
  fs.writeFileSync(path.join(dir, 'schema.ts'), schema.replace(/(?:pg|sqlite|mysql)Table\('([^']+)', \{\n/g, (m) => (k++ % 10 === 0 ? `${m}  benchNote: text('bench_note'),\n` : m)));
  // pull writes into its own out folder so the migrations folder stays as it is.
  fs.writeFileSync(path.join(dir, 'pull.config.ts'), config('./pulled'));
  return { dir, drop };
}

function timeOnce(tool, dir, command) {
  const args = command === 'push' ? ['push', '--explain', '--config', 'drizzle.config.ts'] : ['pull', '--config', 'pull.config.ts'];
  if (command === 'pull') fs.rmSync(path.join(dir, 'pulled'), { recursive: true, force: true });
  const r = timeTool(tool, args, dir);
  if (refused(r)) return { ...r, refused: true };
  // Exit 2 is a plan with questions (rc.5 on MariaDB reads `int(11)` against `int` as a type change
  // of every column and asks to confirm data loss): the plan was computed, so the run counts.
  const asked = command === 'push' && r.status === 2 && /confirm_data_loss/.test(r.stdout + r.stderr);
  if (r.status !== 0 && !asked) throw new Error(`${tool} ${command} in ${dir} exited ${r.status}: ${r.stdout.slice(-2000)} ${r.stderr.slice(-2000)}`);
  const statements = command === 'push' ? (asked ? 'questions' : (r.stdout.match(/ADD (?:COLUMN )?["`]bench_note["`]/g) ?? []).length) : null;
  return { ...r, statements };
}

const sections = [];
for (const dialect of dialects) {
  const out = { push: [], pull: [] };
  for (const n of sizes) {
    const { dir, drop } = await build(dialect, n);
    try {
      for (const command of ['push', 'pull']) {
        const samples = Object.fromEntries(tools.map((t) => [t, []]));
        // Warm-up (the transpile caches, the server's catalog cache) for each; a refusal is final.
        for (const t of tools) samples[t].push(...(timeOnce(t, dir, command).refused ? [{ refused: true }] : []));
        const live = tools.filter((t) => !samples[t].length);
        for (let i = 0; i < runs; i++) for (const t of i % 2 ? [...live].reverse() : live) samples[t].push(timeOnce(t, dir, command));
        const row = { n, load: load(), ...Object.fromEntries(tools.map((t) => [t, { ...summary(samples[t]), statements: samples[t][0].statements }])) };
        out[command].push(row);
        console.error(`${dialect} N=${n} ${command}: ${tools.map((t) => `${t} ${row[t].refused ? 'refused' : seconds(row[t].wall)}${command === 'push' && !row[t].refused ? ` (${row[t].statements === 'questions' ? 'asked to confirm data loss' : `${row[t].statements} ADD COLUMNs`})` : ''}`).join(', ')}`);
      }
    } finally {
      await drop();
    }
  }
  const heading = dialects.length > 1 ? `### ${dialect}\n\n` : '';
  sections.push(`${heading}\`push --explain\`:\n\n${table(out.push, tools)}\n\n\`pull\`:\n\n${table(out.pull, tools)}`);
}
console.log(sections.join('\n\n'));
