/**
 * `sleet push`: read the database, plan database → schema, decide data loss on the real rows, confirm,
 * apply statement by statement. The plan and the probes come from the core (`push`); this file does
 * the I/O around them.
 *
 * Confirmation rule (as drizzle-kit 1.0): on a terminal with text output, data loss is shown and one
 * question is asked (`--force` skips that question); anywhere else every data loss must be confirmed
 * by a `confirm_data_loss` hint, `--force` or not, and the unanswered ones end the run with exit 2.
 */
import readline from 'node:readline/promises';
import { call } from '../engine.js';
import { SleetError } from '../errors.js';
import { formatMissingHints, readHints } from '../hints.js';
import { PLAIN } from '../style.js';
import { describeSchema } from '../schema/index.js';
import { maskedError, openDatabase, readDatabase } from '../database.js';

/**
 * @param {{ flags: Record<string, any>, config: Record<string, any>, cwd: string, io: import('../cli.js').IO, json: boolean, interactive: boolean, confirm?: (question: string) => Promise<boolean> }} ctx
 * @returns {Promise<number>} exit code
 */
export async function pushCommand(ctx) {
  const { flags, config, cwd, io, json, interactive } = ctx;
  if (flags.strict) {
    throw new SleetError('ambiguous_params_error', "Deprecated: Do not use 'strict' flag. Use 'explain' instead");
  }
  const result = await runPush({
    config,
    cwd,
    hints: flags.hints,
    hintsFile: flags.hintsFile,
    explain: !!flags.explain,
    force: !!flags.force,
    verbose: !!flags.verbose,
    interactive,
    progress: json ? undefined : Object.assign((/** @type {string} */ line) => io.err(line), { stages: io.isTTY, tty: !!io.errTTY }),
    log: json ? () => {} : (line) => io.out(line),
    askRenames: interactive ? (await import('../prompt.js')).askRenames : undefined,
    confirm: ctx.confirm ?? (interactive ? askYesNo : undefined),
  });
  if (json) {
    io.out(JSON.stringify(envelope(result, !!flags.explain)));
  } else if (result.status === 'missing_hints') {
    io.err(formatMissingHints(result.unresolved, { command: 'push', given: await readHints(flags, cwd) }));
  } else {
    const style = io.style ?? { out: PLAIN, err: PLAIN };
    for (const w of result.warnings ?? []) io.err(`${style.err.yellow('Warning:')} ${w}`);
    if (result.status === 'no_changes') io.out('[i] No changes detected');
    else if (result.status === 'aborted') io.out('[x] All changes were aborted');
    else if (flags.explain) io.out(explainText(result));
    else io.out(`[${style.out.green(style.out.check)}] Changes applied (${result.applied} statement${result.applied === 1 ? '' : 's'})`);
  }
  return result.status === 'missing_hints' ? 2 : 0;
}

/**
 * @typedef {object} PushOptions
 * @property {Record<string, any>} config
 * @property {string} cwd
 * @property {string | unknown[]} [hints]
 * @property {string} [hintsFile]
 * @property {boolean} [explain] plan only, change nothing
 * @property {boolean} [force] skip the terminal question (never approves anything without a terminal)
 * @property {boolean} [verbose] print each statement as it runs
 * @property {boolean} [interactive] a person answers on a terminal
 * @property {(line: string) => void} [progress]
 * @property {(line: string) => void} [log]
 * @property {(unresolved: any[]) => Promise<any[]>} [askRenames]
 * @property {(question: string) => Promise<boolean>} [confirm]
 */

/**
 * The library form: never prints by itself (only through `progress`/`log`), never prompts without
 * `askRenames`/`confirm`.
 * @param {PushOptions} opts
 */
export async function runPush(opts) {
  const { config, cwd } = opts;
  let hints = await readHints({ hints: opts.hints, hintsFile: opts.hintsFile }, cwd);
  const described = await describeSchema(config, cwd, 'push');
  const db = await openDatabase(config, cwd, 'push');
  try {
    opts.progress?.(`Reading the database (${db.description})…`);
    const catalog = await readDatabase(db, config, opts.progress);
    const input = { dialect: config.dialect, schema: described.schema, rows: catalog.rows, options: catalog.options, hints };
    const tty = /** @type {any} */ (opts.progress)?.tty ? opts.progress : undefined;
    let plan = await call('push', input);
    tty?.(`  planned ${plan.status === 'missing_hints' ? `${plan.unresolved.length} open question(s)` : `${plan.statements?.length ?? 0} statement(s)`}`);
    while (plan.status === 'missing_hints' && opts.askRenames) {
      const answers = await opts.askRenames(plan.unresolved);
      if (answers.length === 0) break;
      hints = [...hints, ...answers];
      plan = await call('push', { ...input, hints });
    }
    const base = { dialect: config.dialect, warnings: plan.warnings };
    if (plan.status === 'missing_hints') return { status: 'missing_hints', ...base, unresolved: plan.unresolved };
    if (plan.status === 'no_changes') return { status: 'no_changes', ...base };

    const found = await runProbes(db, plan.probes);
    if (plan.probes.length > 0) tty?.(`  checked the rows for ${plan.probes.length} possible data loss(es): ${found.length} found`);
    const failing = found.filter((p) => p.effect === 'fails');
    const losses = found.filter((p) => p.effect === 'confirm');
    const useHints = !opts.interactive;
    if (useHints && losses.length > 0) {
      return {
        status: 'missing_hints',
        ...base,
        unresolved: losses.map((p) => ({ type: 'confirm_data_loss', kind: p.kind, entity: p.entity, reason: p.reason, ...(p.reasonDetails ? { reason_details: p.reasonDetails } : {}) })),
      };
    }
    const planned = { ...base, statements: plan.statements, jsonStatements: plan.jsonStatements, dataLoss: losses, failing };
    if (opts.explain) return { status: 'ok', ...planned };
    if (failing.length > 0) {
      throw new SleetError('unsupported_schema_change', `push stopped before changing anything: ${failing.length === 1 ? 'a statement' : `${failing.length} statements`} would fail on the rows in the database:\n${failing.map((p) => `  · ${p.message}`).join('\n')}`, { details: { failing: failing.map(({ kind, entity, reason }) => ({ kind, entity, reason })) } });
    }
    if (losses.length > 0 && !opts.force) {
      opts.log?.(`Warning: found data-loss statements:\n${losses.map((p) => `  · ${p.message}`).join('\n')}\nTHIS ACTION WILL CAUSE DATA LOSS AND CANNOT BE REVERTED`);
      const yes = opts.confirm ? await opts.confirm('Do you still want to push changes? Yes, I want to execute all statements (y/N) ') : false;
      if (!yes) return { status: 'aborted', ...planned };
    }
    const applied = await applyStatements(db, plan.statements, opts);
    return { status: 'ok', ...planned, applied };
  } finally {
    await db.close();
  }
}

/**
 * Run each probe; keep those that found rows.
 * @param {import('../database.js').Database} db
 * @param {any[]} probes
 */
async function runProbes(db, probes) {
  const found = [];
  for (const probe of probes) {
    let rows;
    try {
      rows = await db.session.query(probe.sql);
    } catch (err) {
      throw maskedError(db.catalog.describeDriverError(err, db.description, `checking the data before "${probe.message}"`), db.secrets);
    }
    if (rows.length > 0) found.push(probe);
  }
  return found;
}

/**
 * One statement at a time, outside a transaction (as drizzle-kit push): a failure names the statement
 * and says what already ran.
 * @param {import('../database.js').Database} db
 * @param {string[]} statements
 * @param {PushOptions} opts
 */
async function applyStatements(db, statements, opts) {
  let done = 0;
  for (const sql of statements) {
    if (opts.verbose) opts.log?.(sql);
    try {
      await db.session.exec(sql);
    } catch (err) {
      const cause = db.catalog.describeDriverError(err, db.description, `statement ${done + 1} of ${statements.length}`);
      throw maskedError(new SleetError(cause.code, `${cause.message}\nStatement: ${sql}\n${done === 0 ? 'Nothing was changed.' : `Statements 1-${done} were applied and stay applied (push runs without a transaction); run push again after fixing the cause.`}`, { cause: err, details: { applied: done, failedStatement: sql } }), db.secrets);
    }
    done += 1;
    // On a terminal every tenth of the way and at the end; piped, every 50 statements.
    const tty = /** @type {any} */ (opts.progress)?.tty;
    const every = tty ? Math.ceil(statements.length / 10) : 50;
    if ((tty || statements.length >= 50) && (done % every === 0 || (tty && done === statements.length))) {
      opts.progress?.(`  applied ${done}/${statements.length} statements`);
    }
  }
  return done;
}

/** @param {any} result */
function explainText(result) {
  const lines = ['--- Generated migration statements ---', ...result.statements];
  if (result.dataLoss?.length) {
    lines.push('', '--- Data loss (confirm on a terminal, or with confirm_data_loss hints) ---');
    for (const p of result.dataLoss) lines.push(`  · ${p.message}`);
  }
  if (result.failing?.length) {
    lines.push('', '--- Would fail on the current rows ---');
    for (const p of result.failing) lines.push(`  · ${p.message}`);
  }
  return lines.join('\n');
}

/** rc.5's envelope field names. */
function envelope(result, explain) {
  // rc.5 names no dialect in its missing_hints envelope.
  const out = result.status === 'missing_hints' ? { status: result.status } : { status: result.status, dialect: result.dialect };
  if (result.status === 'missing_hints') out.unresolved = result.unresolved;
  else if (explain && result.status === 'ok') {
    out.statements = result.jsonStatements;
    out.sql = result.statements;
    out.hints = [];
    if (result.failing?.length) out.failing = result.failing.map(({ kind, entity, reason, message }) => ({ kind, entity, reason, message }));
  }
  if (result.warnings?.length) out.warnings = result.warnings;
  return out;
}

/** @param {string} question */
async function askYesNo(question) {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(question);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
