#!/usr/bin/env node
// Benchmark (not a test): the path users take — edit a one-file schema of N tables, then `generate` —
// sleet (Node and Bun) vs drizzle-kit 1.0.0-rc.5, alternating. Every run adds a different column to
// one table, so the TypeScript transpile cache is cold for the edited file in both tools (rc.5: jiti,
// keyed by content), on a history holding the first migration. Prints a markdown table.
// Usage: node bench/edit.mjs [--sizes 500,1000] [--runs 5] [--tools sleet,sleet (Bun),rc.5]
// With SLEET_BENCH_NODE22=/path/to/node (Node ≥ 22.6) the tools include `sleet (Node 22)`.
import fs from 'node:fs';
import path from 'node:path';
import { load, median, options, project, SCHEMA_CONFIG, schemaOf, seconds, table, timeTool } from './lib.mjs';

const { sizes, runs, tools } = options();

function generate(tool, dir) {
  const r = timeTool(tool, ['generate', '--name', 'edit', '--output', 'json'], dir);
  const env = JSON.parse(r.stdout.trim().split('\n').pop() || '{}');
  if (r.status !== 0 || env.status !== 'ok') throw new Error(`${tool} generate in ${dir}: ${r.stdout.slice(-2000)} ${r.stderr.slice(-2000)}`);
  for (const f of fs.readdirSync(path.join(dir, 'drizzle'))) if (f.endsWith('_edit')) fs.rmSync(path.join(dir, 'drizzle', f), { recursive: true });
  return r;
}

const rows = [];
for (const n of sizes) {
  const base = schemaOf(n);
  const dir = project(`edit-${n}`, { 'drizzle.config.ts': SCHEMA_CONFIG, 'schema.ts': base });
  // The history: rc.5's own first migration, so neither tool reads a folder the other wrote alone.
  const init = timeTool('rc.5', ['generate', '--name', 'init'], dir);
  if (init.status !== 0) throw new Error(init.stderr);
  let edit = 0;
  const editSchema = () => {
    const k = (edit * 37) % n;
    const tag = `${process.pid}_${edit++}`;
    fs.writeFileSync(path.join(dir, 'schema.ts'), base.replace(`pgTable('table_${k}', {\n`, (m) => `${m}  edit_${tag}: text('edit_${tag}'),\n`));
  };
  const samples = Object.fromEntries(tools.map((t) => [t, []]));
  for (const t of tools) { editSchema(); generate(t, dir); } // warm-up: the OS file cache, node_modules
  for (let i = 0; i < runs; i++) {
    for (const t of i % 2 ? [...tools].reverse() : tools) {
      editSchema();
      samples[t].push(generate(t, dir));
    }
  }
  const sum = (t) => ({ wall: median(samples[t].map((s) => s.wall)), cpu: median(samples[t].map((s) => s.cpu)), rss: Math.max(...samples[t].map((s) => s.rssMiB)) });
  const row = { n, load: load(), ...Object.fromEntries(tools.map((t) => [t, sum(t)])) };
  rows.push(row);
  console.error(`N=${n} (load ${row.load}): ${tools.map((t) => `${t} ${seconds(row[t].wall)} (CPU ${seconds(row[t].cpu)}) / ${row[t].rss.toFixed(0)} MiB`).join(', ')}`);
  fs.rmSync(dir, { recursive: true, force: true });
}
console.log(table(rows, tools));
