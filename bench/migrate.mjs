// Benchmark: `migrate` with nothing pending on histories of 10, 100 and 500 migrations, sleet vs
// drizzle-kit 1.0.0-rc.5 `migrate`, same machine, same run, runs alternating. Prints medians,
// the ratio, and sleet's time above a bare `node` process start.
//   node bench/migrate.mjs [--dialect postgresql|sqlite] [--runs 7] [--sizes 10,100,500] [--as bin|node]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const dialects = arg('dialect', 'postgresql,sqlite').split(',');
const runs = Number(arg('runs', '7'));
const sizes = arg('sizes', '10,100,500').split(',').map(Number);
const cli = join(ROOT, 'js', 'cli.js');
const runner = join(ROOT, 'tests', 'js', 'support', 'migrate-run.mjs');
const drizzleKit = join(ROOT, 'node_modules', 'drizzle-kit', 'bin.cjs');
// `sleet migrate` as the installed bin runs it: node with the flags of cli.js's shebang
// (`--no-concurrent-recompilation`, which also spares the CLI its wait at exit); `--as node` runs
// `node js/cli.js` without them.
const binFlags = existsSync(cli) && arg('as', 'bin') === 'bin' ? readFileSync(cli, 'utf8').split('\n', 1)[0].replace(/^#!.*?\bnode\b/, '').trim().split(/\s+/).filter(Boolean) : [];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function timed(cmd, args, cwd) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return ms;
}

async function pgDatabase(name) {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ host: '127.0.0.1', user: 'postgres', database: 'postgres' });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await c.query(`CREATE DATABASE "${name}"`);
  await c.end();
  return { url: `postgres://postgres@127.0.0.1:5432/${name}`, drop: async () => {
    const d = new pg.Client({ host: '127.0.0.1', user: 'postgres', database: 'postgres' });
    await d.connect();
    await d.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await d.end();
  } };
}

const work = mkdtempSync(join(tmpdir(), 'sleet-bench-migrate-'));
symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'));
// A bare `node` start is timed in the same alternation, so a burst of load on a shared machine
// shifts both numbers instead of only one.
console.log('| dialect | migrations | `node -e \'\'` | sleet | rc.5 | sleet / rc.5 | sleet above node start |\n|---|---|---|---|---|---|---|');
try {
  for (const dialect of dialects) {
    for (const size of sizes) {
      const dir = join(work, `${dialect}-${size}`);
      const out = join(dir, 'drizzle');
      mkdirSync(out, { recursive: true });
      for (let i = 0; i < size; i++) {
        const stamp = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString().replace(/\D/g, '').slice(0, 14);
        mkdirSync(join(out, `${stamp}_m${i}`));
        const q = dialect === 'postgresql' ? '"' : '`';
        writeFileSync(join(out, `${stamp}_m${i}`, 'migration.sql'), `CREATE TABLE ${q}t${i}${q} (\n\t${q}id${q} integer PRIMARY KEY,\n\t${q}name${q} text\n);\n`);
      }
      let db;
      let credentials;
      if (dialect === 'postgresql') {
        db = await pgDatabase(`sleet_bench_migrate_${size}`);
        credentials = { url: db.url };
      } else {
        credentials = { url: join(dir, 'bench.sqlite') };
      }
      writeFileSync(join(dir, 'drizzle.config.ts'), `export default ${JSON.stringify({ dialect, dbCredentials: credentials, out: './drizzle' })};\n`);
      const config = { dialect, dbCredentials: credentials, out: './drizzle' };
      const sleetArgs = existsSync(cli) ? [...binFlags, cli, 'migrate', '--config', join(dir, 'drizzle.config.ts')] : [runner, JSON.stringify({ config, flags: {}, cwd: dir })];
      // First run applies everything; every timed run has nothing pending.
      timed(process.execPath, sleetArgs, dir);
      const sleet = [];
      const kit = [];
      const bare = [];
      for (let r = 0; r < runs; r++) {
        bare.push(timed(process.execPath, ['-e', ''], dir));
        sleet.push(timed(process.execPath, sleetArgs, dir));
        kit.push(timed(process.execPath, [drizzleKit, 'migrate', '--config', 'drizzle.config.ts'], dir));
      }
      const s = median(sleet);
      const k = median(kit);
      const b = median(bare);
      console.log(`| ${dialect} | ${size} | ${b.toFixed(0)} ms | ${s.toFixed(0)} ms | ${k.toFixed(0)} ms | ${(s / k).toFixed(2)}× | ${(s - b).toFixed(0)} ms |`);
      await db?.drop();
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
