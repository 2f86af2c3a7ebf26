// What the differential `generate` tests share, whatever the dialect: scenario folders of numbered
// schema modules (`01.ts`, `02.ts`, … with optional `<step>.hints.json`), throwaway projects that
// run either CLI, and reading what a run wrote.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const sleetCli = path.join(root, 'js/cli.js');
export const rc5Cli = path.join(root, 'node_modules/drizzle-kit/bin.cjs');

/** @returns {{ name: string, dir: string, steps: { file: string, step: string, hints: object[] }[] }[]} */
export function listScenarios(dialect) {
  const base = path.join(root, 'tests', 'scenarios', dialect);
  return fs
    .readdirSync(base, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const dir = path.join(base, name);
      const steps = fs
        .readdirSync(dir)
        .filter((f) => /^\d+\.ts$/.test(f))
        .sort()
        .map((file) => {
          const step = file.replace(/\.ts$/, '');
          const hintsFile = path.join(dir, `${step}.hints.json`);
          const hints = fs.existsSync(hintsFile) ? JSON.parse(fs.readFileSync(hintsFile, 'utf8')) : [];
          return { file: path.join(dir, file), step, hints };
        });
      return { name, dir, steps };
    });
}

/** A throwaway project with the repository's node_modules and the given config text. */
export function makeProject(label, config) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sleet-${label}-`));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, 'drizzle.config.ts'), config);
  return dir;
}

/** Runs a CLI in `dir`; `envelope` is the last stdout line parsed as JSON. */
export function run(cli, dir, args) {
  const r = spawnSync(cli, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  let envelope;
  try {
    envelope = JSON.parse(last);
  } catch {
    envelope = { status: 'unparsable', stdout: r.stdout, stderr: r.stderr };
  }
  return { code: r.status, envelope, stdout: r.stdout, stderr: r.stderr };
}

export function folders(dir) {
  const out = path.join(dir, 'drizzle');
  if (!fs.existsSync(out)) return [];
  return fs.readdirSync(out).filter((f) => fs.existsSync(path.join(out, f, 'migration.sql'))).sort();
}

export function newestFile(dir, name) {
  const list = folders(dir);
  return fs.readFileSync(path.join(dir, 'drizzle', list[list.length - 1], name), 'utf8');
}

export const splitStatements = (sql) => sql.split('--> statement-breakpoint').map((s) => s.trim()).filter(Boolean);
