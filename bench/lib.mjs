// Shared by the benchmarks: the tools under test, one timed whole process, medians, README tables.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const bun = path.join(root, 'node_modules/.bin/bun');

/** Each tool as the program and the arguments that start it. */
export const TOOLS = {
  sleet: [process.execPath, path.join(root, 'js/cli.js')],
  'sleet (Bun)': [bun, path.join(root, 'js/cli.js')],
  'rc.5': [process.execPath, path.join(root, 'node_modules/drizzle-kit/bin.cjs')],
  'rc.5 (Bun)': [bun, '--bun', path.join(root, 'node_modules/drizzle-kit/bin.cjs')],
  // SLEET_BENCH_NODE22=/path/to/node (≥ 22.6, e.g. from `npm i --no-save --prefix /tmp/node22 node@22`):
  // sleet under a newer Node, whose own type stripping and V8 differ from Node 20's.
  ...(process.env.SLEET_BENCH_NODE22 && { 'sleet (Node 22)': [process.env.SLEET_BENCH_NODE22, path.join(root, 'js/cli.js')] }),
};

/** The dialects the synthetic schema comes in (`bench/gen-schema.mjs N <dialect>`). */
export const DIALECTS = ['postgresql', 'sqlite', 'mysql'];

/** A config for a one-file schema in the project folder, with the database's URL if any. */
export function schemaConfig(dialect = 'postgresql', { out = './drizzle', url = '' } = {}) {
  return `export default ${JSON.stringify({ dialect, schema: './schema.ts', out, ...(url ? { dbCredentials: { url } } : {}) })};\n`;
}
export const SCHEMA_CONFIG = schemaConfig();

/** The options every comparing script takes. */
export function options(sizes = '500,1000', runs = '5') {
  const dialects = arg('dialect', 'postgresql').split(',');
  for (const d of dialects) if (!DIALECTS.includes(d)) throw new Error(`--dialect ${d}: one of ${DIALECTS.join(', ')}`);
  return {
    sizes: arg('sizes', sizes).split(',').map(Number),
    runs: Number(arg('runs', runs)),
    tools: arg('tools', `sleet,sleet (Bun),${process.env.SLEET_BENCH_NODE22 ? 'sleet (Node 22),' : ''}rc.5`).split(','),
    dialects,
  };
}

/**
 * A run the tool refused because it does not serve the command for the dialect yet (sleet's
 * dialect table answers "does not support"): the cell reads "n/a (refused)" and the bench goes on.
 */
export const refused = (/** @type {{ status: number | null, stdout: string, stderr: string }} */ r) => r.status !== 0 && /does not support/.test(`${r.stdout}\n${r.stderr}`);

/** @param {string} name @param {string} dflt */
export function arg(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
}

/**
 * One whole process under GNU time: wall seconds, CPU seconds (user + sys: less disturbed by other
 * load than wall time), peak RSS of the largest process (MiB).
 * @param {string} tool a key of TOOLS @param {string[]} args @param {string} cwd
 */
export function timeTool(tool, args, cwd, env = {}) {
  const [program, ...pre] = TOOLS[tool];
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', program, ...pre, ...args], {
    cwd, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, ...env },
  });
  const [wall, user, sys, kb] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { wall, cpu: user + sys, rssMiB: kb / 1024, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const median = (/** @type {number[]} */ xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The 1-minute load average, reported next to every table: the machine is shared. */
export const load = () => os.loadavg()[0].toFixed(2);

/** A project folder linking sleet's node_modules (so both tools resolve the same drizzle-orm). */
export function project(prefix, files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sleet-bench-${prefix}-`));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/** `bench/gen-schema.mjs n dialect` */
export function schemaOf(n, dialect = 'postgresql') {
  return spawnSync(process.execPath, [path.join(root, 'bench/gen-schema.mjs'), String(n), dialect], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout;
}

/** Medians of a tool's samples (wall, CPU), its largest RSS; a tool that refused is `{ refused: true }`. */
export function summary(samples) {
  if (samples.some((s) => s.refused)) return { refused: true };
  return { wall: median(samples.map((s) => s.wall)), cpu: median(samples.map((s) => s.cpu)), rss: Math.max(...samples.map((s) => s.rssMiB)) };
}

/** A database name for this checkout: the branch is in it, so parallel checkouts never share one. */
export function databaseName(label) {
  const r = spawnSync('git', ['rev-parse', '--abbrev-ref', 'HEAD'], { cwd: root, encoding: 'utf8' });
  const branch = (r.stdout || 'main').trim().toLowerCase().replace(/[^a-z0-9]+/g, '_');
  return `sleet_bench_${branch}_${label}`;
}

const NA = 'n/a (refused)';
export const seconds = (/** @type {number} */ s) => `${s.toFixed(2)} s`;
export const ratio = (/** @type {number} */ a, /** @type {number} */ b) => (Number.isFinite(a) && Number.isFinite(b) ? `${(a / b).toFixed(2)}×` : NA);

/**
 * The README table of a workload: per size, each tool's median wall and CPU time, each sleet variant's
 * ratio to rc.5 (wall), peak RSS and its ratio, the load; then the growth between the first and last size.
 * @param {Array<Record<string, any>>} rows { n, load, [tool]: { wall, cpu, rss } }
 * @param {string[]} tools
 * @param {string} [unit] what n counts
 */
export function table(rows, tools, unit = 'tables') {
  const base = tools.includes('rc.5') ? 'rc.5' : null;
  const others = tools.filter((t) => t !== base);
  const head = [unit, ...tools.map((t) => `${t} wall (CPU)`), ...(base ? others.map((t) => `${t} / rc.5`) : []), `peak RSS ${tools.join(' / ')}`, ...(base ? others.map((t) => `RSS ${t} / rc.5`) : []), 'load'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---|').join('')}`];
  for (const r of rows) {
    const cells = [String(r.n), ...tools.map((t) => (r[t].refused ? NA : `${seconds(r[t].wall)} (${seconds(r[t].cpu)})`))];
    if (base) cells.push(...others.map((t) => ratio(r[t].wall, r[base].wall)));
    cells.push(`${tools.map((t) => (r[t].refused ? 'n/a' : r[t].rss.toFixed(0))).join(' / ')} MiB`);
    if (base) cells.push(...others.map((t) => ratio(r[t].rss, r[base].rss)));
    cells.push(r.load);
    lines.push(`| ${cells.join(' | ')} |`);
  }
  if (rows.length > 1) {
    const [a, b] = [rows[0], rows[rows.length - 1]];
    lines.push('', `Growth from ${a.n} to ${b.n} ${unit} (×${(b.n / a.n).toFixed(0)} work), wall: ${tools.map((t) => `${t} ${a[t].refused || b[t].refused ? NA : `×${(b[t].wall / a[t].wall).toFixed(2)}`}`).join(', ')}.`);
  }
  return lines.join('\n');
}
