/**
 * Programmatic API (Node and Bun): `import { generate, exportSql, migrate, lint, drift } from 'sleet'`.
 * These functions never prompt and never print; they resolve to drizzle-kit 1.0-style envelopes.
 */
import path from 'node:path';
import { normaliseConfig, resolveConfig } from './config.js';
import { runExport, runGenerate } from './generate.js';

/**
 * @param {{ config?: string | Record<string, any>, cwd?: string }} opts
 * @param {string} command
 */
async function configFor(opts, command) {
  const cwd = path.resolve(opts.cwd ?? process.cwd());
  if (opts.config && typeof opts.config === 'object') return { cwd, config: await normaliseConfig(opts.config, '(config object)') };
  const flags = typeof opts.config === 'string' ? { config: opts.config } : {};
  const { config } = await resolveConfig({ command, flags, cwd });
  return { cwd, config };
}

/**
 * Write the next migration folder (or report what is missing).
 * @param {import('./index.d.ts').GenerateOptions} [opts]
 */
export async function generate(opts = {}) {
  const { cwd, config } = await configFor(opts, 'generate');
  return runGenerate({ config, cwd, name: opts.name, custom: opts.custom, explain: opts.explain, hints: opts.hints, hintsFile: opts.hintsFile, fixConflicts: opts.fixConflicts });
}

/**
 * The SQL that creates the whole schema.
 * @param {import('./index.d.ts').ExportOptions} [opts]
 */
export async function exportSql(opts = {}) {
  const { cwd, config } = await configFor(opts, 'export');
  return runExport({ config, cwd });
}

/**
 * The hazards of existing migrations (a CI gate: `status: 'failed'`).
 * @param {import('./index.d.ts').LintOptions} [opts]
 */
export async function lint(opts = {}) {
  const { cwd, config } = await configFor(opts, 'lint');
  const { runLint } = await import('./commands/lint.js');
  return runLint({ config, cwd, targets: opts.targets, level: opts.level });
}

/**
 * The live database against the migrations' newest snapshots (or the schema): `status: 'drift'` with
 * the SQL that reconciles them, or `'no_drift'`. Changes nothing.
 * @param {import('./index.d.ts').DriftOptions} [opts]
 */
export async function drift(opts = {}) {
  const { cwd, config } = await configFor(opts, 'drift');
  const { runDrift } = await import('./commands/drift.js');
  return runDrift({ config, cwd, schema: opts.schema, hints: opts.hints, hintsFile: opts.hintsFile });
}

export { defineConfig } from './define-config.js';
export { SleetError } from './errors.js';
export { migrate, MigrateError } from './migrate.js';
