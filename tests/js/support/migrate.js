// Shared by the migrate tests: scratch folders, throwaway databases, the CLI runner as a process.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const FIXTURES = join(ROOT, 'tests', 'fixtures', 'migrations');
export const RUNNER = join(ROOT, 'tests', 'js', 'support', 'migrate-run.mjs');

/** A scratch directory removed by the returned cleanup. */
export function scratch(prefix = 'sleet-migrate-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Copy a fixture folder into `dir/name` and return its path. */
export function copyFixture(fixture, dir, name = 'drizzle') {
  const dest = join(dir, name);
  cpSync(join(FIXTURES, fixture), dest, { recursive: true });
  return dest;
}

/** Write `<folder>/<name>/migration.sql`. */
export function addMigration(folder, name, sql) {
  mkdirSync(join(folder, name), { recursive: true });
  writeFileSync(join(folder, name, 'migration.sql'), sql);
}

const suffix = () => `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;

/** A fresh Postgres database on the local server; `drop()` removes it. */
export async function throwawayPostgres() {
  const { default: pg } = await import('pg');
  const name = `sleet_migrate_${suffix()}`;
  const admin = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return {
    name,
    url: `postgres://postgres@127.0.0.1:5432/${name}`,
    drop: async () => {
      const c = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A fresh MariaDB database on the local server; `drop()` removes it. */
export async function throwawayMysql() {
  const mysql = await import('mysql2/promise');
  const name = `sleet_migrate_${suffix()}`;
  const admin = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
  await admin.query(`CREATE DATABASE \`${name}\``);
  await admin.end();
  return {
    name,
    url: `mysql://root@127.0.0.1:3306/${name}`,
    drop: async () => {
      const c = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}

/**
 * Run the CLI command in a child process: `{ config, flags }` → `{ code, stdout, stderr }`.
 * @param {{ config: any, flags?: any, cwd?: string, runtime?: string, onStdout?: (chunk: string, child: import('node:child_process').ChildProcess) => void }} opts
 */
export function runCli({ config, flags = {}, cwd = ROOT, runtime = process.execPath, onStdout }) {
  return new Promise((resolve, reject) => {
    const child = spawn(runtime, [RUNNER, JSON.stringify({ config, flags, cwd })], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; onStdout?.(stdout, child); });
    child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
