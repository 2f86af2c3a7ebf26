#!/usr/bin/env node
// Benchmark (not a test): `generate` into an empty folder with the TypeScript transpile cache warm —
// sleet (Node, Bun) vs drizzle-kit 1.0.0-rc.5 — on synthetic schemas of N tables, alternating runs so
// all see the same machine load. Checks that every tool wrote the same SQL. Prints a markdown table
// per dialect. A tool that does not serve the dialect's generate is reported "n/a (refused)".
// Usage: node bench/generate.mjs [--dialect postgresql,sqlite,mysql] [--sizes 500,1000] [--runs 5]
//        [--tools sleet,sleet (Bun),rc.5]
import fs from 'node:fs';
import path from 'node:path';
import { load, options, project, refused, schemaConfig, schemaOf, seconds, summary, table, timeTool } from './lib.mjs';

const { sizes, runs, tools, dialects } = options();

function generate(tool, dir) {
  fs.rmSync(path.join(dir, 'drizzle'), { recursive: true, force: true });
  const r = timeTool(tool, ['generate', '--name', 'bench', '--output', 'json'], dir);
  if (refused(r)) return { ...r, refused: true, sql: null };
  const env = JSON.parse(r.stdout.trim().split('\n').pop() || '{}');
  if (r.status !== 0 || env.status !== 'ok') throw new Error(`${tool} generate in ${dir}: ${r.stdout.slice(-2000)} ${r.stderr.slice(-2000)}`);
  const [folder] = fs.readdirSync(path.join(dir, 'drizzle'));
  return { ...r, sql: fs.readFileSync(path.join(dir, 'drizzle', folder, 'migration.sql'), 'utf8') };
}

const out = [];
for (const dialect of dialects) {
  const rows = [];
  let identical = true;
  for (const n of sizes) {
    const dir = project(`generate-${dialect}-${n}`, { 'drizzle.config.ts': schemaConfig(dialect), 'schema.ts': schemaOf(n, dialect) });
    // Warm-up: fills both transpile caches; and the check that all wrote the same SQL.
    const warm = tools.map((t) => generate(t, dir).sql).filter((sql) => sql !== null);
    identical &&= warm.every((sql) => sql === warm[0]);
    const samples = Object.fromEntries(tools.map((t) => [t, []]));
    for (let i = 0; i < runs; i++) for (const t of i % 2 ? [...tools].reverse() : tools) samples[t].push(generate(t, dir));
    rows.push({ n, load: load(), ...Object.fromEntries(tools.map((t) => [t, summary(samples[t])])) });
    console.error(`${dialect} N=${n}: ${tools.map((t) => `${t} ${rows.at(-1)[t].refused ? 'refused' : seconds(rows.at(-1)[t].wall)}`).join(', ')}, same SQL: ${warm.every((sql) => sql === warm[0])}`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const heading = dialects.length > 1 ? `${dialect}:\n\n` : '';
  out.push(`${heading}${table(rows, tools)}\n\nIdentical SQL from every tool at every size: ${identical ? 'yes' : 'NO'}.`);
}
console.log(out.join('\n\n'));
