/**
 * `sleet pull`: database → `<out>/schema.ts`, `<out>/relations.ts` and, in a folder without migrations,
 * the migration that recreates the database (commented out, as drizzle-kit 1.0 writes it).
 * `--init` writes that migration runnable and records it as applied without running it: the baseline
 * of an existing database. It refuses, before writing anything, when the folder already has migrations
 * or the database already has migration rows.
 */
import { randomInt, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { call } from '../engine.js';
import { SleetError } from '../errors.js';
import { readSnapshots, writeFileAtomically, writeMigrationFolder } from '../folder.js';
import { maskedError, openDatabase, readDatabase } from '../database.js';
import { plural } from '../style.js';

/**
 * @param {{ flags: Record<string, any>, config: Record<string, any>, cwd: string, io: import('../cli.js').IO, json: boolean }} ctx
 * @returns {Promise<number>}
 */
export async function pullCommand({ flags, config, cwd, io, json }) {
  const result = await runPull({ config, cwd, init: !!flags.init, progress: json ? undefined : Object.assign((/** @type {string} */ line) => io.err(line), { stages: io.isTTY }) });
  if (json) {
    const { status, dialect, schemaPath, relationsPath, snapshotPath, migrationPath } = result;
    io.out(JSON.stringify({ status, dialect, schemaPath, relationsPath, snapshotPath, ...(migrationPath ? { migrationPath } : {}) }));
  } else {
    if (!result.migrationPath) io.out('[i] No SQL generated, you already have migrations in project');
    else io.out(`[✓] Your SQL migration ➜ ${result.migrationPath}${result.init ? ' (recorded as applied)' : ''}`);
    io.out(`[✓] Your schema file is ready ➜ ${result.schemaPath}`);
    io.out(`[✓] Your relations file is ready ➜ ${result.relationsPath}`);
  }
  return 0;
}

/**
 * The library form; `client` is an open database client (better-sqlite3, a pg Pool, …) used in place
 * of the config's credentials, as push takes one.
 * @param {{ config: Record<string, any>, cwd: string, init?: boolean, progress?: (line: string) => void, client?: unknown }} opts
 */
export async function runPull({ config, cwd, init = false, progress, client }) {
  const outDir = path.resolve(cwd, config.out);
  const local = readSnapshots(outDir);
  if (init && local.length > 0) {
    throw new SleetError('command_output_error', `--init can't be used with existing migrations: ${outDir} already has ${plural(local.length, 'migration')}. Pull into an empty folder, or drop --init.`);
  }
  const db = await openDatabase(config, cwd, 'pull', client);
  try {
    const target = { dialect: db.dialect, table: config.migrations?.table ?? null, schema: config.migrations?.schema ?? null };
    if (init) await refuseRecordedMigrations(db, target);
    progress?.(`Reading the database (${db.description})…`);
    const catalog = await readDatabase(db, config, progress);
    const result = await call('pull', {
      dialect: config.dialect,
      rows: catalog.rows,
      options: catalog.options,
      casing: config.introspect?.casing,
      breakpoints: config.breakpoints !== false,
      init,
      hasMigrations: local.length > 0,
      nowMs: Date.now(),
      newId: randomUUID(),
      seed: randomInt(2 ** 31),
    }, 'bytes');
    fs.mkdirSync(outDir, { recursive: true });
    const schemaFile = path.join(outDir, 'schema.ts');
    const relationsFile = path.join(outDir, 'relations.ts');
    writeFileAtomically(schemaFile, result.schemaTs);
    writeFileAtomically(relationsFile, result.relationsTs);
    const rel = (/** @type {string} */ p) => path.relative(cwd, p) || p;
    /** @type {Record<string, any>} */
    const out = { status: 'ok', dialect: config.dialect, schemaPath: rel(schemaFile), relationsPath: rel(relationsFile), counts: result.counts, init };
    if (result.folder) {
      const dir = writeMigrationFolder(outDir, result.folder, { 'migration.sql': result.migrationSql, 'snapshot.json': result.snapshotJson });
      out.migrationPath = rel(path.join(dir, 'migration.sql'));
      out.snapshotPath = rel(path.join(dir, 'snapshot.json'));
      out.folder = result.folder;
      if (init) {
        const { runMigrations } = await import('../migrate.js');
        progress?.('Applying migration metadata to the database');
        await runMigrations(db.session, {
          migrationsFolder: outDir,
          migrationsTable: config.migrations?.table,
          migrationsSchema: config.migrations?.schema,
          markApplied: result.folder,
        });
      }
    } else if (local.length > 0) {
      out.snapshotPath = rel(path.join(outDir, local[local.length - 1].folder, 'snapshot.json'));
    }
    return out;
  } finally {
    await db.close();
  }
}

/**
 * rc.5's second refusal: a database that already records migrations has a history to keep.
 * @param {import('../database.js').Database} db
 * @param {{ dialect: string, table: string | null, schema: string | null }} target
 */
async function refuseRecordedMigrations(db, target) {
  const sql = await call('migrationsRunSql', target);
  try {
    const columns = await db.session.query(sql.inspect);
    const hasTable = columns.some((c) => String(c.table_name) === sql.tableName);
    if (!hasTable) return;
    const rows = await db.session.query(sql.selectRows.replace(/ ORDER BY id$/, ' LIMIT 1'));
    if (rows.length > 0) {
      throw new SleetError('command_output_error', `--init can't be used when database already has migrations set: ${sql.table} has rows. Use \`sleet pull\` without --init, or \`sleet migrate --status\` to see them.`);
    }
  } catch (err) {
    if (err instanceof SleetError) throw err;
    throw maskedError(db.catalog.describeDriverError(err, db.description, 'reading the migrations table'), db.secrets);
  }
}
