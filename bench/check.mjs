#!/usr/bin/env node
// Benchmark (not a test): `sleet check` vs `drizzle-kit check` (1.0.0-rc.5) on one Postgres history of
// N migrations full of merge diamonds (every fourth step forks two branches that the next step merges)
// and two open branches at the end. Both tools check the same folder and compare it with the same
// schema, alternating runs in one process; whole-process wall time and peak RSS come from GNU time.
// Usage: node bench/check.mjs [--migrations 200] [--runs 5]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runGenerate } from '../js/generate.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const target = Number(arg('migrations', '200'));
const runs = Number(arg('runs', '5'));
const tools = {
  sleet: path.join(root, 'js/cli.js'),
  'drizzle-kit': path.join(root, 'node_modules/drizzle-kit/bin.cjs'),
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sleet-bench-check-'));
fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
fs.writeFileSync(path.join(dir, 'drizzle.config.ts'), "export default { dialect: 'postgresql', schema: './schema.ts', out: './drizzle' };\n");
const out = path.join(dir, 'drizzle');
const config = { dialect: 'postgresql', schema: './schema.ts', out: './drizzle', breakpoints: true };

function writeSchema(tables) {
  const lines = [`import { pgTable, integer, text, varchar, timestamp } from 'drizzle-orm/pg-core';`];
  for (const t of tables) {
    lines.push(
      `export const ${t} = pgTable('${t}', { id: integer('id').primaryKey(), name: text('name').notNull(), code: varchar('code', { length: 32 }).unique(), createdAt: timestamp('created_at').defaultNow(), ownerId: integer('owner_id') });`,
    );
  }
  fs.writeFileSync(path.join(dir, 'schema.ts'), lines.join('\n') + '\n');
}

async function step(tables, name) {
  writeSchema(tables);
  const r = await runGenerate({ config, cwd: dir, name });
  if (r.status !== 'ok') throw new Error(`${name}: ${JSON.stringify(r)}`);
  return fs.readdirSync(out).sort().pop();
}

/** Generates branch B beside branch A: A's folder is moved aside while B is written from A's parent. */
async function fork(tables, a, b, n) {
  const folderA = await step([...tables, a], `a${n}`);
  fs.renameSync(path.join(out, folderA), path.join(dir, folderA));
  await step([...tables, b], `b${n}`);
  fs.renameSync(path.join(dir, folderA), path.join(out, folderA));
}

console.error(`building a ${target}-migration history in ${dir} …`);
const tables = ['t0'];
await step(tables, 'init');
let count = 1;
while (count < target - 2) {
  if (count % 4 === 1 && count + 3 <= target - 2) {
    await fork(tables, `a${count}`, `b${count}`, count);
    tables.push(`a${count}`, `b${count}`, `m${count}`);
    await step(tables, `merge${count}`);
    count += 3;
  } else {
    tables.push(`t${count}`);
    await step(tables, `s${count}`);
    count += 1;
  }
}
await fork(tables, 'open_a', 'open_b', count);
tables.push('open_a', 'open_b');
writeSchema(tables);
count += 2;
const merges = fs.readdirSync(out).filter((f) => JSON.parse(fs.readFileSync(path.join(out, f, 'snapshot.json'), 'utf8')).prevIds.length > 1).length;
console.error(`${count} migrations, ${merges} merges, 2 open leaves, ${tables.length} tables`);

function timeOnce(cli) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, cli, 'check', '--output', 'json'], { cwd: dir, encoding: 'utf8' });
  const [wall, kb] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  const envelope = JSON.parse(r.stdout.trim().split('\n').pop());
  return { wall, rssMiB: kb / 1024, verdict: envelope.status === 'error' ? envelope.error.kind : `${envelope.status}${envelope.warnings ? ` (${envelope.warnings.map((w) => w.kind)})` : ''}` };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const warm = Object.fromEntries(Object.entries(tools).map(([name, cli]) => [name, timeOnce(cli)]));
const samples = { sleet: [], 'drizzle-kit': [] };
for (let i = 0; i < runs; i++) {
  for (const [name, cli] of i % 2 ? Object.entries(tools).reverse() : Object.entries(tools)) samples[name].push(timeOnce(cli));
}
const summary = (name) => ({ wall: median(samples[name].map((x) => x.wall)), rss: Math.max(...samples[name].map((x) => x.rssMiB)) });
const s = summary('sleet');
const d = summary('drizzle-kit');
console.log(`| migrations | merges | sleet wall (median) | sleet peak RSS | drizzle-kit wall (median) | drizzle-kit peak RSS | speed-up | verdicts (sleet / rc.5) |`);
console.log('|---|---|---|---|---|---|---|---|');
console.log(
  `| ${count} | ${merges} | ${s.wall.toFixed(2)} s | ${s.rss.toFixed(0)} MiB | ${d.wall.toFixed(2)} s | ${d.rss.toFixed(0)} MiB | ×${(d.wall / s.wall).toFixed(1)} | ${warm.sleet.verdict} / ${warm['drizzle-kit'].verdict} |`,
);
fs.rmSync(dir, { recursive: true, force: true });
