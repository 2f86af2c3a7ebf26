/**
 * generate and export as library functions: they never prompt and never print. The CLI wraps them.
 */
import { randomUUID, randomInt } from 'node:crypto';
import path from 'node:path';
import { call, callOn } from './engine.js';
import { readSnapshots, removeMigrationFolders, writeMigrationFolder, writeMigrationsJs } from './folder.js';
import { readHints } from './hints.js';
import { describeSchema } from './schema/index.js';
import { SleetError } from './errors.js';
import { plural } from './style.js';

/**
 * @typedef {object} GenerateOptions
 * @property {Record<string, any>} config normalised config (see config.js)
 * @property {string} cwd
 * @property {string} [name]
 * @property {boolean} [custom]
 * @property {boolean} [explain] plan only, write nothing
 * @property {string | unknown[]} [hints]
 * @property {string} [hintsFile]
 * @property {boolean} [ignoreConflicts] rejected for postgresql, as rc.5 does
 * @property {boolean} [fixConflicts] delete conflicting branches (after writing the new migration)
 * @property {boolean} [safe] lock-free forms where they exist (may write a second, no-transaction migration)
 * @property {(unresolved: any[]) => Promise<any[]>} [ask] answers questions interactively (CLI on a TTY)
 * @property {(line: string) => void} [progress] phase lines (the CLI passes one only when stderr is a terminal)
 */

/**
 * @param {GenerateOptions} opts
 * @returns {Promise<Record<string, any>>} rc.5-style envelope (status ok | no_changes | missing_hints)
 */
export async function runGenerate(opts) {
  const { config, cwd } = opts;
  if (opts.custom && opts.explain) {
    throw new SleetError('ambiguous_params_error', '--explain cannot be combined with --custom: a custom migration has no plan to explain');
  }
  const outDir = path.resolve(cwd, config.out);
  // The schema is evaluated on its own thread while this one reads the folder and the hints.
  const describing = opts.custom ? Promise.resolve({ schema: {}, files: [] }) : describeSchema(config, cwd, 'generate');
  describing.catch(() => {});
  const snapshots = readSnapshots(outDir, { bytes: true });
  opts.progress?.(`  read ${plural(snapshots.length, 'migration snapshot')} from ${config.out}`);
  const hints = await readHints(opts, cwd);
  const input = {
    dialect: config.dialect,
    // The texts go to the engine beside the JSON input, not escaped into it (see `generate` in
    // src/schema_surface.rs): megabytes for a large base snapshot.
    snapshots: snapshots.map(({ folder }) => ({ folder })),
    name: opts.name,
    custom: !!opts.custom,
    breakpoints: config.breakpoints !== false,
    nowMs: Date.now(),
    newId: randomUUID(),
    seed: randomInt(2 ** 31),
    explain: !!opts.explain,
    roleStatements: roleStatements(config),
    out: path.join(config.out),
    ignoreConflicts: !!opts.ignoreConflicts,
    fixConflicts: !!opts.fixConflicts,
    driver: config.driver ?? null,
    safe: !!opts.safe,
    safeId: randomUUID(),
    down: config.sleet?.down !== false,
  };
  // The engine reads the history now, while the schema is still being described on its thread (at
  // 1,000 tables the history's snapshot is a fifth of the engine's work). A folder that cannot be read
  // is reported after the schema, as when both were read in one call. With no history there is nothing
  // to read: the engine is compiled once the thread has ended, so that its memory does not stand on
  // top of the thread's, the command's highest point (about 10 MiB at 500 tables).
  const prepare = () =>
    call('generatePrepare', input, snapshots.map(({ text }) => text)).then(
      (prepared) => ({ prepared, error: undefined }),
      (error) => ({ prepared: undefined, error }),
    );
  const preparing = snapshots.length > 0 || opts.custom ? prepare() : describing.then(prepare, () => ({ prepared: undefined, error: undefined }));
  const described = await describing.catch(async (err) => {
    (await preparing).prepared?.free();
    throw err;
  });
  if (!opts.custom) opts.progress?.(`  loaded ${plural(described.files.length, 'schema file')}`);
  const { prepared, error } = await preparing;
  if (error) throw error;
  let result;
  try {
    const started = Date.now();
    let given = hints;
    result = callOn(prepared, 'finish', { schema: described.schema, hints: given }, 'bytes');
    opts.progress?.(`  compared with the history in ${Date.now() - started} ms: ${result.status === 'missing_hints' ? plural(result.unresolved.length, 'open question') : plural(result.statements.length, 'statement')}`);
    while (result.status === 'missing_hints' && opts.ask) {
      const answers = await opts.ask(result.unresolved);
      if (answers.length === 0) break;
      given = [...given, ...answers];
      result = callOn(prepared, 'finish', { schema: described.schema, hints: given }, 'bytes');
    }
  } finally {
    prepared.free();
  }
  const base = { dialect: config.dialect, warnings: result.warnings };
  if (result.status === 'missing_hints') return { status: 'missing_hints', ...base, unresolved: result.unresolved };
  const fix = result.fix ? { migrations: result.fix.migrations, customMigrations: result.fix.customMigrations } : undefined;
  if (opts.explain) {
    return { status: result.status, ...base, statements: result.statements, safeStatements: result.safeStatements, jsonStatements: result.jsonStatements, hazards: result.hazards, ...(fix && { fix }) };
  }
  let migrationPath;
  let safeMigrationPath;
  if (result.status !== 'no_changes') {
    const dir = writeMigrationFolder(outDir, result.folder, {
      'migration.sql': result.migrationSql,
      'snapshot.json': result.snapshotJson,
      ...(result.downSql !== undefined && { 'down.sql': result.downSql }),
    });
    if (result.migrationsJs !== undefined) writeMigrationsJs(outDir, result.migrationsJs);
    migrationPath = path.relative(cwd, path.join(dir, 'migration.sql')) || path.join(dir, 'migration.sql');
    if (result.safeMigration) {
      const safe = result.safeMigration;
      const safeDir = writeMigrationFolder(outDir, safe.folder, {
        'migration.sql': safe.migrationSql,
        'snapshot.json': safe.snapshotJson,
        ...(safe.downSql !== undefined && { 'down.sql': safe.downSql }),
      });
      safeMigrationPath = path.relative(cwd, path.join(safeDir, 'migration.sql'));
    }
  }
  // As rc.5: the conflicting branches go only after the new migration is in place.
  let deleted = {};
  if (fix) {
    removeMigrationFolders(outDir, result.fix.folders, '--fix-conflicts wrote the new migration');
    deleted = { deletedMigrations: fix.migrations, ...(fix.customMigrations.length > 0 && { deletedCustomMigrations: fix.customMigrations }) };
  }
  if (result.status === 'no_changes') return { status: 'no_changes', ...base, ...deleted };
  return { status: 'ok', ...base, migrationPath, ...(safeMigrationPath && { safeMigrationPath }), statements: result.statements, safeStatements: result.safeStatements, hazards: result.hazards, ...deleted };
}

/**
 * @param {{ config: Record<string, any>, cwd: string }} opts
 * @returns {Promise<{ status: 'ok', dialect: string, statements: string[], warnings: string[] }>}
 */
export async function runExport(opts) {
  const described = await describeSchema(opts.config, opts.cwd, 'export');
  const result = await call('exportSql', { dialect: described.dialect, schema: described.schema, roleStatements: roleStatements(opts.config) });
  return { status: 'ok', dialect: described.dialect, statements: result.statements, warnings: result.warnings };
}

/**
 * sleet's own config key `sleet.roles`: `'plain'` (default, drizzle-kit's SQL) or `'guarded'`
 * (role statements that can run once per database of a cluster; see docs/roles.md).
 * @param {Record<string, any>} config
 * @returns {'plain' | 'guarded'}
 */
export function roleStatements(config) {
  const value = config.sleet?.roles ?? 'plain';
  if (value !== 'plain' && value !== 'guarded') {
    throw new SleetError('config_validation_error', `sleet.roles must be 'plain' or 'guarded', got ${JSON.stringify(value)}`);
  }
  return value;
}
