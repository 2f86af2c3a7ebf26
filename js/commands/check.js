/**
 * `sleet check`: validates the whole migrations folder, reports conflicting branches, and (when the
 * config names a schema) whether the schema still needs a migration — drizzle-kit 1.0's envelope.
 */
import path from 'node:path';
import { call } from '../engine.js';
import { SleetError } from '../errors.js';
import { readSnapshots } from '../folder.js';
import { describeSchema } from '../schema/index.js';

/**
 * The check envelope without printing: `{ status: 'ok', dialect, warnings? }` or
 * `{ status: 'error', error: { code: 'check_error', kind, message, … } }`.
 * @param {{ config: Record<string, any>, cwd: string, ignoreConflicts?: boolean }} opts
 * @returns {Promise<Record<string, any>>}
 */
export async function runCheck({ config, cwd, ignoreConflicts }) {
  const outDir = path.resolve(cwd, config.out);
  let snapshots;
  try {
    snapshots = readSnapshots(outDir);
  } catch (err) {
    // A migration folder without its snapshot.json: the history has a hole.
    if (err instanceof SleetError && err.code === 'snapshot_error') {
      return { status: 'error', error: { code: 'check_error', kind: 'malformed', message: err.message } };
    }
    throw err;
  }
  /** @type {Record<string, any>} */
  const input = { dialect: config.dialect, out: path.join(config.out), snapshots, ignoreConflicts: !!ignoreConflicts };
  let notCompared;
  if (config.schema) {
    try {
      input.schema = (await describeSchema(config, cwd, 'check')).schema;
    } catch (err) {
      notCompared = {
        kind: 'not_compared',
        message: `The schema was not compared with the migrations, because the schema could not be loaded: ${/** @type {Error} */ (err).message}`,
      };
    }
  }
  const envelope = await call('check', input);
  if (notCompared && envelope.status === 'ok') envelope.warnings = [...(envelope.warnings ?? []), notCompared];
  return envelope;
}

/**
 * @param {{ flags: Record<string, any>, config: Record<string, any>, cwd: string, io: import('../cli.js').IO, json: boolean }} ctx
 * @returns {Promise<number>} exit code: 0 ok, 1 error
 */
export async function checkCommand({ flags, config, cwd, io, json }) {
  const envelope = await runCheck({ config, cwd, ignoreConflicts: flags.ignoreConflicts });
  if (json) {
    io.out(JSON.stringify(envelope));
  } else if (envelope.status === 'error') {
    io.err(`Error: ${envelope.error.message}`);
  } else if (envelope.warnings?.length) {
    io.out(envelope.warnings.map((w) => `Warning: ${w.message}`).join('\n'));
  } else {
    io.out("Everything's fine: the migrations folder is whole and its branches do not conflict");
  }
  return envelope.status === 'ok' ? 0 : 1;
}
