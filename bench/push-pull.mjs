#!/usr/bin/env node
// Benchmark (not a test): `push --explain` and `pull`, sleet vs drizzle-kit 1.0.0-rc.5, on PostgreSQL
// databases of N tables (127.0.0.1:5432, user postgres). Each database is built the way a user would:
// `node bench/gen-schema.mjs N` → `sleet generate` → `sleet migrate`. The schema file then differs from
// the database by one added column per 10 tables, so push has a real plan to compute. Runs alternate
// between the tools so both see the same machine load; whole-process wall time and peak RSS come from
// GNU time. Usage: node bench/push-pull.mjs [--sizes 100,1000] [--runs 5]
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const sizes = arg('sizes', '100,1000').split(',').map(Number);
const runs = Number(arg('runs', '5'));
const tools = {
  sleet: path.join(root, 'js/cli.js'),
  'drizzle-kit': path.join(root, 'node_modules/drizzle-kit/bin.cjs'),
};

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
  const schema = execFileSync(process.execPath, [path.join(root, 'bench/gen-schema.mjs'), String(n)], { encoding: 'utf8' });
  fs.writeFileSync(path.join(dir, 'schema.ts'), schema);
  for (const cmd of [['generate', '--name', 'init'], ['migrate']]) {
    const r = spawnSync(process.execPath, [tools.sleet, ...cmd], { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd[0]} failed: ${r.stdout}${r.stderr}`);
  }
  // One new column per 10 tables: push has a plan to compute, not just "no changes".
  let k = 0;
  fs.writeFileSync(path.join(dir, 'schema.ts'), schema.replace(/pgTable\('([^']+)', \{\n/g, (m) => (k++ % 10 === 0 ? `${m}  benchNote: text('bench_note'),\n` : m)));
  // pull writes into its own out folder so the migrations folder stays as it is.
  fs.writeFileSync(path.join(dir, 'pull.config.ts'), config('./pulled'));
  return { db, dir };
}

function timeOnce(cli, dir, command) {
  const args = command === 'push'
    ? [cli, 'push', '--explain', '--config', 'drizzle.config.ts']
    : [cli, 'pull', '--config', 'pull.config.ts'];
  if (command === 'pull') fs.rmSync(path.join(dir, 'pulled'), { recursive: true, force: true });
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
  const [wall, kb] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  if (r.status !== 0) throw new Error(`${cli} ${command} in ${dir} exited ${r.status}: ${r.stdout.slice(-2000)} ${r.stderr.slice(-2000)}`);
  const statements = command === 'push' ? (r.stdout.match(/ADD COLUMN "bench_note"/g) ?? []).length : null;
  return { wall, rssMiB: kb / 1024, statements };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
for (const n of sizes) {
  const { db, dir } = await build(n);
  try {
    for (const command of ['push', 'pull']) {
      const samples = { sleet: [], 'drizzle-kit': [] };
      // Warm-up (jiti's transpile cache, the server's catalog cache) for both.
      for (const cli of Object.values(tools)) timeOnce(cli, dir, command);
      for (let i = 0; i < runs; i++) {
        for (const [name, cli] of i % 2 ? Object.entries(tools).reverse() : Object.entries(tools)) samples[name].push(timeOnce(cli, dir, command));
      }
      const sum = (name) => ({ wall: median(samples[name].map((x) => x.wall)), rss: Math.max(...samples[name].map((x) => x.rssMiB)), statements: samples[name][0].statements });
      const s = sum('sleet');
      const d = sum('drizzle-kit');
      rows.push({ n, command, sleet: s, drizzleKit: d, speedup: d.wall / s.wall });
      console.error(`N=${n} ${command}: sleet ${s.wall.toFixed(2)} s / ${s.rss.toFixed(0)} MiB, drizzle-kit ${d.wall.toFixed(2)} s / ${d.rss.toFixed(0)} MiB, ×${(d.wall / s.wall).toFixed(1)}${command === 'push' ? `, planned ADD COLUMNs: ${s.statements} vs ${d.statements}` : ''}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await admin(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  }
}
console.log('| tables | command | sleet wall (median) | sleet peak RSS | drizzle-kit wall (median) | drizzle-kit peak RSS | speed-up |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.n} | ${r.command === 'push' ? 'push --explain' : 'pull'} | ${r.sleet.wall.toFixed(2)} s | ${r.sleet.rss.toFixed(0)} MiB | ${r.drizzleKit.wall.toFixed(2)} s | ${r.drizzleKit.rss.toFixed(0)} MiB | ×${r.speedup.toFixed(1)} |`);
}
