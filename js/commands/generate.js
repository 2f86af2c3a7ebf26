/**
 * `sleet generate`: text or JSON output around runGenerate.
 */
import { runGenerate } from '../generate.js';
import { formatMissingHints } from '../hints.js';

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
    ask,
  });
  if (json) {
    io.out(JSON.stringify(envelope(result, !!flags.explain)));
  } else if (result.status === 'missing_hints') {
    io.err(formatMissingHints(result.unresolved));
  } else {
    for (const w of result.warnings ?? []) io.err(`Warning: ${w}`);
    if (flags.explain) {
      io.out(result.statements.length ? `--- Generated migration statements ---\n${result.statements.join('\n')}` : 'No schema changes, nothing to migrate');
    } else if (result.status === 'no_changes') {
      io.out('No schema changes, nothing to migrate');
    } else {
      io.out(`[✓] Your SQL migration ➜ ${result.migrationPath}`);
    }
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
  if (result.warnings?.length) out.warnings = result.warnings;
  return out;
}
