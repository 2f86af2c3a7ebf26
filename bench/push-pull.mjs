#!/usr/bin/env node
// Benchmark (not a test): `push --explain` and `pull`, sleet vs drizzle-kit 1.0.0-rc.5, on PostgreSQL
// databases of N tables (127.0.0.1:5432, user postgres). Each database is built the way a user would:
// `node bench/gen-schema.mjs N` → `sleet generate` → `sleet migrate`. The schema file then differs from
// the database by one added column per 10 tables, so push has a real plan to compute. Runs alternate
// between the tools so both see the same machine load; whole-process wall time and peak RSS come from
// GNU time. Usage: node bench/push-pull.mjs [--sizes 500,1000] [--runs 5] [--tools sleet,sleet (Bun),rc.5]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { load, median, options, root, schemaOf, seconds, table, timeTool, TOOLS } from './lib.mjs';

const { sizes, runs, tools } = options();

async function admin(sql) {
  const c = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function build(n) {
  const db = `sleet_bench_pp_${n}_${process.pid}`;
  await admin(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  await admin(`CREATE DATABASE "${db}"`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sleet-bench-pp-${n}-`));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  const config = (out) => `export default { dialect: 'postgresql', schema: './schema.ts', out: '${out}', dbCredentials: { url: 'postgres://postgres@127.0.0.1:5432/${db}' } };\n`;
  fs.writeFileSync(path.join(dir, 'drizzle.config.ts'), config('./migrations'));
  const schema = schemaOf(n);
  fs.writeFileSync(path.join(dir, 'schema.ts'), schema);
  for (const cmd of [['generate', '--name', 'init'], ['migrate']]) {
    const r = spawnSync(process.execPath, [TOOLS.sleet[1], ...cmd], { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd[0]} failed: ${r.stdout}${r.stderr}`);
  }
  // One new column per 10 tables: push has a plan to compute, not just "no changes".
  let k = 0;
  fs.writeFileSync(path.join(dir, 'schema.ts'), schema.replace(/pgTable\('([^']+)', \{\n/g, (m) => (k++ % 10 === 0 ? `${m}  benchNote: text('bench_note'),\n` : m)));
  // pull writes into its own out folder so the migrations folder stays as it is.
  fs.writeFileSync(path.join(dir, 'pull.config.ts'), config('./pulled'));
  return { db, dir };
}

function timeOnce(tool, dir, command) {
  const args = command === 'push' ? ['push', '--explain', '--config', 'drizzle.config.ts'] : ['pull', '--config', 'pull.config.ts'];
  if (command === 'pull') fs.rmSync(path.join(dir, 'pulled'), { recursive: true, force: true });
  const r = timeTool(tool, args, dir);
  if (r.status !== 0) throw new Error(`${tool} ${command} in ${dir} exited ${r.status}: ${r.stdout.slice(-2000)} ${r.stderr.slice(-2000)}`);
  const statements = command === 'push' ? (r.stdout.match(/ADD COLUMN "bench_note"/g) ?? []).length : null;
  return { ...r, statements };
}

const out = { push: [], pull: [] };
for (const n of sizes) {
  const { db, dir } = await build(n);
  try {
    for (const command of ['push', 'pull']) {
      const samples = Object.fromEntries(tools.map((t) => [t, []]));
      // Warm-up (the transpile caches, the server's catalog cache) for each.
      for (const t of tools) timeOnce(t, dir, command);
      for (let i = 0; i < runs; i++) for (const t of i % 2 ? [...tools].reverse() : tools) samples[t].push(timeOnce(t, dir, command));
      const sum = (t) => ({ wall: median(samples[t].map((x) => x.wall)), cpu: median(samples[t].map((x) => x.cpu)), rss: Math.max(...samples[t].map((x) => x.rssMiB)), statements: samples[t][0].statements });
      const row = { n, load: load(), ...Object.fromEntries(tools.map((t) => [t, sum(t)])) };
      out[command].push(row);
      console.error(`N=${n} ${command}: ${tools.map((t) => `${t} ${seconds(row[t].wall)}${command === 'push' ? ` (${row[t].statements} ADD COLUMNs)` : ''}`).join(', ')}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await admin(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  }
}
console.log(`\`push --explain\`:\n\n${table(out.push, tools)}\n\n\`pull\`:\n\n${table(out.pull, tools)}`);
