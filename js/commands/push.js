/**
 * `sleet push`: read the database, plan database → schema, decide data loss on the real rows, confirm,
 * apply in one transaction (Postgres; SQLite through its catalog module's `applyPush`; MySQL statement by
 * statement through its own `applyPush`, DDL not being transactional there). The plan and the probes come from the core (`push`); this file does
 * the I/O around them.
 *
 * Confirmation rule (as drizzle-kit 1.0): on a terminal with text output, data loss is shown and one
 * question is asked (`--force` skips that question); anywhere else every data loss must be confirmed
 * by a `confirm_data_loss` hint, `--force` or not, and the unanswered ones end the run with exit 2.
 */
import readline from 'node:readline/promises';
import { call, preloadEngine } from '../engine.js';
import { SleetError } from '../errors.js';
import { formatMissingHints, readHints } from '../hints.js';
import { describePlanHazards } from '../hazards.js';
import { PLAIN, plural } from '../style.js';
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
    else io.out(`[${style.out.green(style.out.check)}] Changes applied (${plural(result.applied, 'statement')})`);
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
 * @property {any} [client] push into this driver client (libSQL, better-sqlite3, bun:sqlite, pg, …) instead of connecting from the config
 */

/**
 * The library form: never prints by itself (only through `progress`/`log`), never prompts without
 * `askRenames`/`confirm`.
 * @param {PushOptions} opts
 */
export async function runPush(opts) {
  const { config, cwd } = opts;
  let hints = await readHints({ hints: opts.hints, hintsFile: opts.hintsFile }, cwd);
  // The schema is evaluated on its own thread while this one reads the database. A schema that cannot
  // be read is still the error reported first, whatever the database does meanwhile.
  const describing = describeSchema(config, cwd, 'push');
  describing.then(() => preloadEngine(), () => {});
  const schemaFirst = async (/** @type {unknown} */ err) => {
    await describing;
    throw err;
  };
  const db = await openDatabase(config, cwd, 'push', opts.client).catch(schemaFirst);
  try {
    opts.progress?.(`Reading the database (${db.description})…`);
    const catalog = await readDatabase(db, config, opts.progress).catch(schemaFirst);
    const described = await describing;
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
    const planned = { ...base, statements: plan.statements, jsonStatements: plan.jsonStatements, dataLoss: losses, failing, hazards: plan.hazards };
    if (opts.explain) return { status: 'ok', ...planned };
    if (failing.length > 0) {
      throw new SleetError('unsupported_schema_change', `push stopped before changing anything: ${failing.length === 1 ? 'a statement' : `${failing.length} statements`} would fail on the rows in the database:\n${failing.map((p) => `  · ${p.message}`).join('\n')}`, { details: { failing: failing.map(({ kind, entity, reason }) => ({ kind, entity, reason })) } });
    }
    if (losses.length > 0 && !opts.force) {
      opts.log?.(`Warning: found data-loss statements:\n${losses.map((p) => `  · ${p.message}`).join('\n')}\nTHIS ACTION WILL CAUSE DATA LOSS AND CANNOT BE REVERTED`);
      const yes = opts.confirm ? await opts.confirm('Do you still want to push changes? Yes, I want to execute all statements (y/N) ') : false;
      if (!yes) return { status: 'aborted', ...planned };
    }
    const warnings = [...(plan.warnings ?? [])];
    // A wing with its own apply procedure (SQLite: foreign keys off around one transaction) brings it.
    const applied = db.catalog.applyPush
      ? await db.catalog.applyPush(db, plan.statements, opts).catch((/** @type {any} */ err) => { throw maskedError(err, db.secrets); })
      : await applyStatements(db, plan.statements, opts, (w) => warnings.push(w));
    return { status: 'ok', ...planned, warnings, applied };
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
 * Postgres statements that cannot share push's transaction, and why. Matched on the statement's start,
 * which the core prints in a fixed shape.
 */
const AFTER_COMMIT = /^\s*(?:CREATE\s+(?:UNIQUE\s+)?INDEX|DROP\s+INDEX|REINDEX)\s+CONCURRENTLY\b/i;
const ADD_ENUM_VALUE = /^\s*ALTER\s+TYPE\s+(.+?)\s+ADD\s+VALUE\s+('(?:[^']|'')*')/is;

/**
 * Split push's statements into the three phases it runs: enum values that a later statement uses
 * (Postgres refuses a value in the transaction that added it: "unsafe use of new value"), committed
 * first; everything else in one transaction; `... CONCURRENTLY` (which cannot run in a transaction
 * block) after it commits. An added value whose type an earlier statement touches (created or
 * renamed in this run) stays in the transaction, in order.
 * @param {string[]} statements
 */
export function transactionPhases(statements) {
  /** @type {string[]} */ const before = [];
  /** @type {string[]} */ const inside = [];
  /** @type {string[]} */ const after = [];
  statements.forEach((sql, i) => {
    if (AFTER_COMMIT.test(sql)) return after.push(sql);
    const added = ADD_ENUM_VALUE.exec(sql);
    if (added) {
      const [, type, value] = added;
      // Renamed or moved earlier in the run (ALTER TYPE … RENAME / SET SCHEMA, ALTER SCHEMA … RENAME):
      // such statements name the type's or its schema's identifiers, each on its own.
      const parts = type.match(/"(?:[^"]|"")*"|[^."\s]+/g) ?? [type];
      const usedLater = statements.slice(i + 1).some((s) => s.includes(value) && !ADD_ENUM_VALUE.test(s));
      const typeTouchedEarlier = statements.slice(0, i).some((s) => /^\s*ALTER\s+(?:TYPE|SCHEMA)\b/i.test(s) && !ADD_ENUM_VALUE.test(s) && parts.some((p) => s.includes(p)));
      if (usedLater && !typeTouchedEarlier) return before.push(sql);
    }
    inside.push(sql);
  });
  return { before, inside, after };
}

/**
 * Postgres: one transaction, so a failure part-way leaves nothing of it applied; the statements that
 * cannot be in it run before or after and are said so (see `transactionPhases`). drizzle-kit push runs
 * statement by statement, so a failure there leaves the statements before it applied.
 * @param {import('../database.js').Database} db
 * @param {string[]} statements
 * @param {PushOptions} opts
 * @param {(warning: string) => void} warn
 */
async function applyStatements(db, statements, opts, warn) {
  const { before, inside, after } = transactionPhases(statements);
  if (before.length) warn(`${count(before.length)} ran and committed before push's transaction, because a later statement uses the enum value it adds (Postgres refuses a new enum value in the transaction that adds it):\n${before.map((s) => `  ${s}`).join('\n')}`);
  if (after.length) warn(`${count(after.length)} ran after push's transaction committed, because CONCURRENTLY cannot run inside a transaction:\n${after.map((s) => `  ${s}`).join('\n')}`);
  let done = 0;
  const total = statements.length;
  /** @param {string} sql @param {unknown} err @param {string} state @param {number} applied statements that stay applied */
  const failure = (sql, err, state, applied = done) => {
    const cause = db.catalog.describeDriverError(err, db.description, `running statement ${done + 1} of ${total}`);
    return maskedError(new SleetError(cause.code, `${cause.message}\nStatement: ${sql}\n${state} Run push again after fixing the cause.`, { cause: err, details: { applied, failedStatement: sql } }), db.secrets);
  };
  /** @param {string} sql */
  const run = async (sql, /** @type {any} */ ex) => {
    if (opts.verbose) opts.log?.(sql);
    await ex.exec(sql);
    done += 1;
    // On a terminal every tenth of the way and at the end; piped, every 50 statements.
    const tty = /** @type {any} */ (opts.progress)?.tty;
    const every = tty ? Math.ceil(total / 10) : 50;
    if ((tty || total >= 50) && (done % every === 0 || (tty && done === total))) {
      opts.progress?.(`  applied ${done}/${total} statements`);
    }
  };
  const addedValues = (/** @type {number} */ n) => (n === 0 ? '' : ` The ${n} enum value${n === 1 ? '' : 's'} added before the transaction stay${n === 1 ? 's' : ''} (harmless to keep).`);

  for (const [i, sql] of before.entries()) {
    try {
      await run(sql, db.session);
    } catch (err) {
      throw failure(sql, err, i === 0 ? 'Nothing was changed.' : `${addedValues(i).trim()} Nothing else was changed.`);
    }
  }
  if (inside.length) {
    let tx;
    try {
      tx = await db.session.begin('BEGIN');
    } catch (err) {
      throw failure(inside[0], err, `Nothing of the transaction was applied.${addedValues(before.length)}`);
    }
    let current = inside[0];
    try {
      for (const sql of inside) {
        current = sql;
        await run(sql, tx);
      }
      current = 'COMMIT';
      await tx.commit();
    } catch (err) {
      await tx.rollback().catch(() => {});
      throw failure(current, err, `The transaction was rolled back: none of its ${count(inside.length)} is applied.${before.length ? addedValues(before.length) : ' Nothing was changed.'}`, before.length);
    }
  }
  for (const [i, sql] of after.entries()) {
    try {
      await run(sql, db.session);
    } catch (err) {
      throw failure(sql, err, `Everything before it is applied and committed${i > 0 ? `, as are ${i} earlier CONCURRENTLY statement${i === 1 ? '' : 's'}` : ''}; a failed CREATE INDEX CONCURRENTLY can leave an INVALID index: drop it before pushing again.`);
    }
  }
  return done;
}

/** @param {number} n */
const count = (/** @type {number} */ n) => plural(n, 'statement');

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
  lines.push(...describePlanHazards(result.hazards));
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
    if (result.hazards?.length) out.hazards = result.hazards;
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
