/**
 * `sleet generate`: text or JSON output around runGenerate.
 */
import { runGenerate } from '../generate.js';
import { formatMissingHints, readHints } from '../hints.js';
import { describePlanHazards } from '../hazards.js';
import { PLAIN } from '../style.js';

/**
 * @param {{ flags: Record<string, any>, config: Record<string, any>, cwd: string, io: import('../cli.js').IO, json: boolean, interactive: boolean }} ctx
 * @returns {Promise<number>} exit code
 */
export async function generateCommand({ flags, config, cwd, io, json, interactive }) {
  const ask = interactive ? (await import('../prompt.js')).askRenames : undefined;
  const result = await runGenerate({
    config,
    cwd,
    name: flags.name,
    custom: flags.custom,
    explain: flags.explain,
    hints: flags.hints,
    hintsFile: flags.hintsFile,
    ignoreConflicts: flags.ignoreConflicts,
    fixConflicts: flags.fixConflicts,
    safe: flags.safe,
    ask,
    // Progress only for a person watching: never in JSON, never when stderr is piped.
    progress: !json && io.errTTY ? (line) => io.err(line) : undefined,
  });
  if (json) {
    io.out(JSON.stringify(envelope(result, !!flags.explain)));
  } else if (result.status === 'missing_hints') {
    io.err(formatMissingHints(result.unresolved, { command: 'generate', given: await readHints(flags, cwd) }));
  } else {
    const style = io.style ?? { out: PLAIN, err: PLAIN };
    for (const w of result.warnings ?? []) io.err(`${style.err.yellow('Warning:')} ${w}`);
    if (flags.explain) {
      io.out(result.statements.length ? `--- Generated migration statements ---\n${result.statements.join('\n')}` : 'No schema changes, nothing to migrate');
      if (result.safeStatements?.length) io.out(`--- Second migration (-- sleet:no-transaction) ---\n${result.safeStatements.join('\n')}`);
      if (result.fix) io.out(describeFixPlan(result.fix, result.statements.length > 0));
    } else if (result.status === 'no_changes') {
      io.out('No schema changes, nothing to migrate');
    } else {
      io.out(`[${style.out.green(style.out.check)}] Your SQL migration ${style.out.arrow} ${result.migrationPath}`);
      if (result.safeMigrationPath) io.out(`[${style.out.green(style.out.check)}] Its concurrent part, run without a transaction ${style.out.arrow} ${result.safeMigrationPath}`);
    }
    for (const line of describePlanHazards(result.hazards)) io.out(line);
    if (result.deletedMigrations) io.out(describeDeleted(result));
  }
  return result.status === 'missing_hints' ? 2 : 0;
}

/** The one-line JSON envelope, in rc.5's field names. */
function envelope(result, explain) {
  const out = { status: result.status, dialect: result.dialect };
  if (result.status === 'missing_hints') out.unresolved = result.unresolved;
  else if (explain) {
    out.statements = result.jsonStatements;
    out.sql = result.statements;
    out.hints = [];
  } else if (result.migrationPath) out.migration_path = result.migrationPath;
  if (explain && result.safeStatements?.length) out.safe_sql = result.safeStatements;
  if (result.safeMigrationPath) out.safe_migration_path = result.safeMigrationPath;
  if (explain && result.fix) out.fix = result.fix;
  if (result.deletedMigrations) out.deleted_migrations = result.deletedMigrations;
  if (result.deletedCustomMigrations) out.deleted_custom_migrations = result.deletedCustomMigrations;
  if (result.warnings?.length) out.warnings = result.warnings;
  // sleet's own field, absent when empty so envelopes without hazards stay rc.5's.
  if (result.hazards?.length) out.hazards = result.hazards;
  return out;
}

const list = (/** @type {string[]} */ paths) => paths.map((p) => `  ${p}`);
const count = (/** @type {number} */ n) => `${n} migration${n === 1 ? '' : 's'}`;

/** `--explain --fix-conflicts`: what the fix would delete (rc.5's wording). */
function describeFixPlan(/** @type {{ migrations: string[], customMigrations: string[] }} */ fix, /** @type {boolean} */ hasChanges) {
  return [
    '',
    `To fix the conflicts, sleet can delete the conflicting migration branches, which is ${count(fix.migrations.length)} in total${
      hasChanges ? ', and generate one new migration from your schema.' : '. The remaining migrations already match your schema, so the fix writes no new migration.'} It deletes these folders:`,
    ...list(fix.migrations),
    ...(fix.customMigrations.length > 0
      ? ['These migrations are custom migrations. Their SQL does not come from the schema, so the fix loses it. Copy the SQL that you still need before you run the fix:', ...list(fix.customMigrations)]
      : []),
    'Every database that already ran a deleted migration must be reset.',
    'To apply this fix, run:',
    '  sleet generate --fix-conflicts',
  ].join('\n');
}

function describeDeleted(/** @type {{ deletedMigrations: string[], deletedCustomMigrations?: string[] }} */ result) {
  return [
    `Deleted ${count(result.deletedMigrations.length)}:`,
    ...list(result.deletedMigrations),
    ...(result.deletedCustomMigrations
      ? ['These deleted migrations were custom migrations. Add their SQL again by hand if you still need it:', ...list(result.deletedCustomMigrations)]
      : []),
  ].join('\n');
}
