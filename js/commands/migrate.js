// `sleet migrate`: connect from the drizzle config, run the migrator, print progress or JSON.
import { resolve } from 'node:path';

import { connectFromConfig, maskSecrets } from '../drivers/index.js';
import { readMigrations, runMigrations } from '../migrate.js';
import { plural } from '../style.js';

/**
 * @typedef {object} MigrateFlags
 * @property {boolean} [status]      print applied / pending / edited / missing / failed, change nothing
 * @property {boolean} [dryRun]      print what would run, change nothing
 * @property {string} [to]           apply pending migrations up to and including this folder name
 * @property {string} [markApplied]  record pending migrations up to this one as applied without running them
 * @property {boolean} [allowEdited] run although applied migrations were edited
 * @property {boolean} [resume]      continue a migration that stopped outside a transaction
 * @property {boolean} [down]        revert the last applied migration (with --to: every one after it)
 * @property {boolean} [force]       with --down: run a down that deletes data or was edited
 * @property {'text'|'json'} [output]
 */

/** @param {number} n @param {string} word */

const STATE_NOTES = {
  edited: 'file changed after it was applied',
  missing: 'recorded as applied, no local migration',
  failed: 'stopped part-way outside a transaction',
};

/**
 * @param {{ flags: MigrateFlags, config: any, cwd: string, io: { out(text: string): void, err(text: string): void, isTTY?: boolean } }} ctx
 * @returns {Promise<number>} exit code
 */
export async function migrateCommand({ flags = {}, config = {}, cwd = process.cwd(), io }) {
  const json = flags.output === 'json';
  /** @param {string} line */
  const progress = (line) => (json ? io.err(line) : io.out(line));
  /** @type {string[]} */
  let secrets = [];
  /** @param {unknown} err */
  const fail = (err) => {
    const e = /** @type {any} */ (err);
    const message = maskSecrets(e?.message ?? String(err), secrets);
    if (json) {
      const { plan, ...details } = e?.details ?? {};
      io.out(JSON.stringify({ status: 'error', error: { code: e?.code ?? 'migrate_failed', message, ...details } }));
    } else {
      io.err(`Error: ${message}`);
    }
    return 1;
  };

  const bad = flagProblem(flags);
  if (bad) return fail(Object.assign(new Error(bad), { code: 'invalid_flags' }));

  const migrationsFolder = resolve(cwd, config.out ?? 'drizzle');
  // The folder is read and hashed while the connection's round trips are under way (its driver loaded,
  // the connection asked for): work the main thread would otherwise wait through. Its errors surface
  // from the run.
  /** @type {ReturnType<typeof readMigrations> | undefined} */
  let local;
  const readFolder = () => {
    local = readMigrations(migrationsFolder);
    local.catch(() => {});
  };
  let connection;
  try {
    connection = await connectFromConfig(config, cwd, readFolder);
  } catch (err) {
    return fail(err);
  }
  secrets = connection.secrets;
  const session = await connection.session();
  try {
    const result = await runMigrations(session, {
      migrationsFolder,
      local,
      migrationsTable: config.migrations?.table,
      migrationsSchema: config.migrations?.schema,
      to: flags.to,
      markApplied: flags.markApplied,
      allowEdited: !!flags.allowEdited,
      resume: !!flags.resume,
      dryRun: !!flags.dryRun,
      status: !!flags.status,
      down: !!flags.down,
      force: !!flags.force,
      onProgress: (event) => {
        if (event.type === 'waiting') progress('Waiting for another migrate run to release the lock…');
        else if (event.type === 'start' && io.isTTY && !json) io.out(`  … ${event.name}`);
        else if (event.type === 'applied') progress(`  ✓ ${event.name}  ${plural(event.statements, 'statement')}  ${event.ms} ms`);
        else if (event.type === 'reverted') progress(`  ↶ ${event.name}  reverted, ${plural(event.statements, 'statement')}  ${event.ms} ms`);
        else if (event.type === 'skipped') progress(`  - ${event.name}  applied meanwhile by another run`);
        else if (event.type === 'marked') progress(`  ✓ ${event.name}  ${event.action === 'rehashed' ? 'recorded with the file\'s current hash' : event.action === 'already' ? 'already applied' : 'marked as applied (not run)'}`);
        else if (event.type === 'warning') io.err(`Warning: ${maskSecrets(event.message, secrets)}`);
      },
    });
    if (json) {
      io.out(JSON.stringify({ status: result.blocked && !flags.status ? 'blocked' : 'ok', target: connection.description, ...result }));
    } else {
      io.out(textSummary(result, flags, connection.description));
    }
    return 0;
  } catch (err) {
    return fail(err);
  } finally {
    await session.release().catch(() => {});
    await Promise.resolve(connection.close()).catch(() => {});
  }
}

/** @param {MigrateFlags} flags */
function flagProblem(flags) {
  if (flags.to !== undefined && (typeof flags.to !== 'string' || flags.to === '')) return '--to needs a migration name (its folder name)';
  if (flags.markApplied !== undefined && (typeof flags.markApplied !== 'string' || flags.markApplied === '')) return '--mark-applied needs a migration name (its folder name)';
  if (flags.to && flags.markApplied) return '--to and --mark-applied cannot be combined';
  if (flags.status && (flags.markApplied || flags.resume)) return '--status only reports; drop --mark-applied / --resume';
  if (flags.down && (flags.markApplied || flags.resume)) return '--down cannot be combined with --mark-applied or --resume';
  if (flags.force && !flags.down) return '--force is for --down (to run a down that deletes data or was edited)';
  if (flags.output !== undefined && flags.output !== 'text' && flags.output !== 'json') return `--output must be text or json, not ${JSON.stringify(flags.output)}`;
  return null;
}

/**
 * @param {any} result
 * @param {MigrateFlags} flags
 * @param {string} target
 */
function textSummary(result, flags, target) {
  const lines = [];
  const count = (/** @type {string} */ s) => result.migrations.filter((/** @type {any} */ m) => m.state === s).length;
  if (flags.status) {
    lines.push(`${result.table} (${target})`);
    for (const m of result.migrations) {
      const note = /** @type {any} */ (STATE_NOTES)[m.state];
      const extra = m.progress ? `: ${m.progress.done} of ${m.progress.total} statements ran${m.progress.error ? `, then: ${m.progress.error}` : ''}` : '';
      lines.push(`  ${m.state.padEnd(8)} ${m.name}${note ? `  (${note}${extra})` : ''}`);
    }
    const parts = ['applied', 'pending', 'edited', 'missing', 'failed'].map((s) => [s, count(s)]).filter(([, n]) => n).map(([s, n]) => `${n} ${s}`);
    lines.push(parts.length ? parts.join(', ') : 'No migrations.');
    if (result.blocked) lines.push('', `A run would stop: ${result.blocked.message}`);
    return lines.join('\n');
  }
  if (flags.down) {
    if (flags.dryRun) {
      for (const m of result.wouldRevert ?? []) {
        lines.push(`-- revert ${m.name}${m.dataLoss.length ? ' (deletes data)' : ''}`);
        for (const s of m.statements) lines.push(s.trim());
      }
      lines.push(`Dry run: would revert ${plural(result.wouldRevert?.length ?? 0, 'migration')}; nothing was changed.`);
    } else if (result.reverted.length) {
      lines.push(`Reverted ${plural(result.reverted.length, 'migration')} in ${result.table} (${target}): ${result.reverted.map((/** @type {any} */ r) => r.name).join(', ')}.`);
    } else lines.push(`Nothing to revert: no migration is applied (${result.table}, ${target}).`);
    return lines.join('\n');
  }
  if (flags.dryRun) {
    for (const s of result.setup ?? []) lines.push(`-- set-up of ${result.table}`, `${s};`);
    for (const m of result.wouldMark ?? []) lines.push(`-- would mark ${m.name} as applied (${m.action})`);
    for (const m of result.wouldApply ?? []) {
      lines.push(`-- ${m.name} (${m.transactional ? 'in a transaction' : 'outside a transaction'})`);
      for (const s of m.statements) lines.push(s.trim());
    }
    if (result.blocked) lines.push(`-- a run would stop: ${result.blocked.message}`);
    lines.push(result.wouldApply?.length ? `Dry run: would apply ${plural(result.wouldApply.length, 'migration')} to ${result.table}; nothing was changed.` : `Dry run: nothing to apply; ${plural(count('applied'), 'migration')} applied.`);
    return lines.join('\n');
  }
  if (result.marked.length) {
    lines.push(`Marked ${plural(result.marked.filter((/** @type {any} */ m) => m.action !== 'already').length, 'migration')} as applied in ${result.table}.`);
  } else if (result.applied.length) {
    const total = result.applied.reduce((/** @type {number} */ s, /** @type {any} */ a) => s + a.ms, 0);
    lines.push(`Applied ${plural(result.applied.length, 'migration')} to ${result.table} in ${total} ms (${target}).`);
  } else {
    lines.push(`Nothing to apply: ${plural(count('applied'), 'migration')} applied (${result.table}, ${target}).`);
  }
  if (result.pending.length && !flags.markApplied) lines.push(`${plural(result.pending.length, 'migration')} still pending${flags.to ? ` after --to ${flags.to}` : ''}.`);
  return lines.join('\n');
}
