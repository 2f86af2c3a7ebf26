#!/usr/bin/env node
// Benchmark (not a test): `sleet generate` vs `drizzle-kit generate` (1.0.0-rc.5) on synthetic schemas of
// N tables, alternating runs in one process so both see the same machine load. Whole-process wall time
// and peak RSS come from GNU time. Usage: node bench/generate.mjs [--sizes 10,100,1000] [--runs 5]
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const sizes = arg('sizes', '10,100,1000').split(',').map(Number);
const runs = Number(arg('runs', '5'));
const tools = {
  sleet: path.join(root, 'js/cli.js'),
  'drizzle-kit': path.join(root, 'node_modules/drizzle-kit/bin.cjs'),
};

function project(n) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sleet-bench-${n}-`));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, 'drizzle.config.ts'), "export default { dialect: 'postgresql', schema: './schema.ts', out: './drizzle' };\n");
  fs.writeFileSync(path.join(dir, 'schema.ts'), execFileSync(process.execPath, [path.join(root, 'bench/gen-schema.mjs'), String(n)]));
  return dir;
}

function timeOnce(cli, dir) {
  fs.rmSync(path.join(dir, 'drizzle'), { recursive: true, force: true });
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, cli, 'generate', '--name', 'bench', '--output', 'json'], { cwd: dir, encoding: 'utf8' });
  const [wall, kb] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  const status = JSON.parse(r.stdout.trim().split('\n').pop()).status;
  if (status !== 'ok') throw new Error(`${cli} in ${dir}: ${r.stdout} ${r.stderr}`);
  return { wall, rssMiB: kb / 1024, sql: fs.readFileSync(path.join(dir, 'drizzle', fs.readdirSync(path.join(dir, 'drizzle'))[0], 'migration.sql'), 'utf8') };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
for (const n of sizes) {
  const dir = project(n);
  // Warm-up (fills jiti's transpile cache for both), and a check that both wrote the same SQL.
  const warm = Object.fromEntries(Object.entries(tools).map(([name, cli]) => [name, timeOnce(cli, dir)]));
  const sameSql = warm.sleet.sql === warm['drizzle-kit'].sql;
  const samples = { sleet: [], 'drizzle-kit': [] };
  for (let i = 0; i < runs; i++) {
    for (const [name, cli] of i % 2 ? Object.entries(tools).reverse() : Object.entries(tools)) samples[name].push(timeOnce(cli, dir));
  }
  const s = { wall: median(samples.sleet.map((x) => x.wall)), rss: Math.max(...samples.sleet.map((x) => x.rssMiB)) };
  const d = { wall: median(samples['drizzle-kit'].map((x) => x.wall)), rss: Math.max(...samples['drizzle-kit'].map((x) => x.rssMiB)) };
  rows.push({ n, sleet: s, drizzleKit: d, speedup: d.wall / s.wall, sameSql });
  fs.rmSync(dir, { recursive: true, force: true });
  console.error(`N=${n}: sleet ${s.wall.toFixed(2)} s / ${s.rss.toFixed(0)} MiB, drizzle-kit ${d.wall.toFixed(2)} s / ${d.rss.toFixed(0)} MiB, ×${(d.wall / s.wall).toFixed(1)}, same SQL: ${sameSql}`);
}
console.log('| tables | sleet wall (median) | sleet peak RSS | drizzle-kit wall (median) | drizzle-kit peak RSS | speed-up | identical SQL |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.n} | ${r.sleet.wall.toFixed(2)} s | ${r.sleet.rss.toFixed(0)} MiB | ${r.drizzleKit.wall.toFixed(2)} s | ${r.drizzleKit.rss.toFixed(0)} MiB | ×${r.speedup.toFixed(1)} | ${r.sameSql ? 'yes' : 'no'} |`);
}
