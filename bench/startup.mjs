#!/usr/bin/env node
// Benchmark (not a test): start-up — `--version` and `--help` — sleet (Node, Bun) vs drizzle-kit
// 1.0.0-rc.5, with a bare `node -e 0` in the same alternation as the floor. Prints a markdown table.
// Usage: node bench/startup.mjs [--runs 9]
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { arg, load, median, seconds, table, timeTool } from './lib.mjs';

const runs = Number(arg('runs', '9'));
const tools = ['sleet', 'sleet (Bun)', 'rc.5'];
const cwd = os.tmpdir();
const rows = [];
for (const flag of ['--version', '--help']) {
  const samples = Object.fromEntries(tools.map((t) => [t, []]));
  const floor = [];
  for (let i = 0; i < runs + 1; i++) {
    for (const t of i % 2 ? [...tools].reverse() : tools) {
      const r = timeTool(t, [flag], cwd);
      if (r.status !== 0) throw new Error(`${t} ${flag}: ${r.stderr}`);
      if (i > 0) samples[t].push(r);
    }
    const t0 = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    if (i > 0) floor.push((performance.now() - t0) / 1000);
  }
  const sum = (t) => ({ wall: median(samples[t].map((s) => s.wall)), cpu: median(samples[t].map((s) => s.cpu)), rss: Math.max(...samples[t].map((s) => s.rssMiB)) });
  rows.push({ n: `\`${flag}\``, load: load(), ...Object.fromEntries(tools.map((t) => [t, sum(t)])) });
  console.error(`${flag}: ${tools.map((t) => `${t} ${seconds(rows.at(-1)[t].wall)}`).join(', ')}, node -e 0 ${seconds(median(floor))}`);
  rows.at(-1).floor = median(floor);
}
console.log(table(rows, tools, 'command').split('\n\nGrowth')[0]);
console.log(`\n\`node -e 0\` in the same alternation: ${rows.map((r) => `${seconds(r.floor)} (${r.n})`).join(', ')}.`);
