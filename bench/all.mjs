#!/usr/bin/env node
// `npm run bench`: every workload of the speed section, each script alternating sleet (Node, Bun) and
// drizzle-kit 1.0.0-rc.5, then the README's tables replaced by the new ones (between the
// `<!-- bench:NAME -->` markers). Run on demand, on as quiet a machine as you have; never in CI.
// Needs PostgreSQL on 127.0.0.1:5432 (user postgres) for push, pull and migrate, and MySQL/MariaDB on
// 127.0.0.1:3306 (root) for push-pull-mysql.
// Usage: node bench/all.mjs [--runs 5] [--only startup,edit,generate,push-pull,generate-sqlite,
//        push-pull-sqlite,generate-mysql,push-pull-mysql,migrate]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { arg, bun, root } from './lib.mjs';

const runs = arg('runs', '5');
const WORKLOADS = {
  startup: ['bench/startup.mjs', '--runs', String(Number(runs) * 2 - 1)],
  edit: ['bench/edit.mjs', '--sizes', '500,1000', '--runs', runs],
  generate: ['bench/generate.mjs', '--sizes', '500,1000', '--runs', runs],
  'push-pull': ['bench/push-pull.mjs', '--sizes', '500,1000', '--runs', runs],
  'generate-sqlite': ['bench/generate.mjs', '--dialect', 'sqlite', '--sizes', '500,1000', '--runs', runs],
  'push-pull-sqlite': ['bench/push-pull.mjs', '--dialect', 'sqlite', '--sizes', '500,1000', '--runs', runs],
  'generate-mysql': ['bench/generate.mjs', '--dialect', 'mysql', '--sizes', '500,1000', '--runs', runs],
  'push-pull-mysql': ['bench/push-pull.mjs', '--dialect', 'mysql', '--sizes', '500,1000', '--runs', runs],
  migrate: ['bench/migrate.mjs', '--dialect', 'postgresql,sqlite', '--sizes', '100,500', '--runs', String(Number(runs) * 3)],
};
const only = arg('only', Object.keys(WORKLOADS).join(',')).split(',');

const readmePath = path.join(root, 'README.md');
let readme = fs.readFileSync(readmePath, 'utf8');
const bunVersion = spawnSync(bun, ['--version'], { encoding: 'utf8' }).stdout.trim();
for (const name of only) {
  const before = os.loadavg()[0].toFixed(2);
  console.error(`# ${name} (load ${before})`);
  const r = spawnSync(process.execPath, WORKLOADS[name], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${name} failed (exit ${r.status})`);
  const stamp = `${new Date().toISOString().slice(0, 10)}, Node ${process.version}, Bun ${bunVersion}, ${os.cpus().length} cores, load ${before} → ${os.loadavg()[0].toFixed(2)}; \`node ${WORKLOADS[name].join(' ')}\``;
  const block = `<!-- bench:${name} -->\n${r.stdout.trim()}\n\n<sub>${stamp}</sub>\n<!-- /bench:${name} -->`;
  const re = new RegExp(`<!-- bench:${name} -->[\\s\\S]*?<!-- /bench:${name} -->`);
  if (!re.test(readme)) throw new Error(`README.md has no <!-- bench:${name} --> block`);
  readme = readme.replace(re, block);
  fs.writeFileSync(readmePath, readme);
  console.log(block + '\n');
}
