// The runtime migrator: `migrate(db, { migrationsFolder, ... })`. The core decides (folder reading,
// hashes, pending set, bookkeeping and lock SQL); this file reads files and talks to the driver.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { openSession } from './drivers/index.js';
import { occupied, readProblem } from './folder.js';
import { migrateEngine } from './engine.js';

/**
 * @typedef {object} MigrateOptions
 * @property {string} migrationsFolder
 * @property {string} [migrationsTable]   default `__drizzle_migrations`
 * @property {string} [migrationsSchema]  Postgres only, default `drizzle`
 * @property {string} [to]                apply pending migrations up to and including this one
 * @property {string} [markApplied]       record pending migrations up to this one without running them
 * @property {boolean} [allowEdited]      run although applied migrations were edited
 * @property {boolean} [resume]           continue a migration that stopped outside a transaction
 * @property {boolean} [dryRun]           decide and report, change nothing
 * @property {boolean} [status]           report states only
 * @property {boolean} [down]             revert the last applied migration (with `to`: every one after it) by its down.sql
 * @property {boolean} [force]            with `down`: run a down that deletes data, was edited, or reverts an edited migration
 * @property {(event: MigrateEvent) => void} [onProgress]
 * @property {ReturnType<typeof readMigrations>} [local] the folder, when the caller started reading it already
 *
 * @typedef {{ type: 'waiting' } | { type: 'start', name: string, statements: number, transactional: boolean }
 *   | { type: 'applied', name: string, ms: number, statements: number }
 *   | { type: 'skipped', name: string } | { type: 'marked', name: string, action: string }
 *   | { type: 'reverted', name: string, ms: number, statements: number }
 *   | { type: 'warning', message: string }} MigrateEvent
 */

export class MigrateError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   * @param {Record<string, unknown>} [details]
   */
  constructor(code, message, details = {}) {
    super(message);
    this.name = 'MigrateError';
    this.code = code;
    this.details = details;
  }
}

/**
 * Milliseconds on a monotonic clock. Not `performance.now()`: Node loads perf_hooks (~1 ms) on the
 * first use of the `performance` global, on `migrate`'s start-up path.
 */
const now = () => Number(process.hrtime.bigint()) / 1e6;

/** @param {unknown} err */
function asMigrateError(err) {
  if (err instanceof MigrateError) return err;
  const e = /** @type {any} */ (err);
  // Errors thrown by the core carry a stable `code`.
  return new MigrateError(typeof e?.code === 'string' ? e.code : 'migrate_failed', e?.message ?? String(err));
}

/**
 * @param {string} file
 * @returns {string | null} null when there is nothing at that path. Something there that cannot be
 * read (a dangling or looping symlink, a directory, no permission) is an error naming the path:
 * skipping it would report the run as complete with that migration never applied.
 */
function readIfPresent(file) {
  try {
    // What drizzle-orm hashes is `readFileSync(file).toString()`: decoding by the encoding argument
    // gives the same text (invalid bytes become U+FFFD alike, a BOM is kept) in about half the time,
    // Node decoding the file in the same native call that reads it.
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = /** @type {any} */ (err).code;
    if ((code === 'ENOENT' || code === 'ENOTDIR') && !occupied(file)) return null;
    throw new MigrateError('unreadable_migration', `${file} cannot be read (${readProblem(err)}); nothing was applied. Restore the file, or remove its folder`, { file });
  }
}

/**
 * Read a migrations folder (1.0 folders or the 0.31 journal) and identify its migrations. The CLI
 * starts this while the database connection is being opened: it first yields to the event loop so
 * the connection gets going, then reads synchronously (for a hundred small files several times
 * cheaper than promise-based reads).
 * @param {string} folder
 */
export async function readMigrations(folder) {
  const core = await migrateEngine();
  await new Promise((done) => setImmediate(done));
  const abs = resolve(folder);
  /** @type {import('node:fs').Dirent[]} */
  let entries;
  try {
    entries = readdirSync(abs, { withFileTypes: true });
  } catch (err) {
    throw new MigrateError('malformed_migrations', `migrations folder ${folder} cannot be read (${/** @type {any} */ (err).code ?? err}); check \`out\` in the config or --migrations-folder`);
  }
  const journal = readIfPresent(join(abs, 'meta', '_journal.json'));
  /** @type {Map<string, string>} */
  const texts = new Map();
  // drizzle-orm orders folders with localeCompare; the core keeps the order it is given.
  // Hidden entries are not migrations: a generate killed mid-write leaves `.<folder>.tmp-<pid>-<ms>`.
  const names = localeOrder(entries.filter((e) => (e.isDirectory() || e.isSymbolicLink()) && !e.name.startsWith('.')).map((e) => e.name));
  const dirs = [];
  for (const name of names) {
    if (name === 'meta' && journal !== null) continue;
    const sql = readIfPresent(join(abs, name, 'migration.sql'));
    if (sql !== null) texts.set(`${name}/migration.sql`, sql);
    dirs.push({ name, sql, hasSnapshot: sql === null && existsSync(join(abs, name, 'snapshot.json')) });
  }
  const rootFiles = [];
  for (const e of entries) {
    if (!e.isFile() || !e.name.endsWith('.sql') || e.name.startsWith('.')) continue;
    const sql = journal === null ? null : readIfPresent(join(abs, e.name));
    if (sql !== null) texts.set(e.name, sql);
    rootFiles.push({ name: e.name, sql });
  }
  // And again before hashing: a connection being opened meanwhile gets its next round trip going.
  await new Promise((done) => setImmediate(done));
  try {
    const out = core.migrationsRead({ folder, journal, dirs, rootFiles });
    return { ...out, texts };
  } catch (err) {
    throw asMigrateError(err);
  }
}

/**
 * `names` sorted as `localeCompare` sorts them. Its first use costs ~6 ms of ICU start-up, paid only when
 * needed: when every name starts with its own 14-digit timestamp, the collation and plain comparison of
 * those equal-length digit runs agree, and the first differing digit decides.
 * @param {string[]} names
 */
function localeOrder(names) {
  const stamps = new Set();
  for (const n of names) {
    if (!/^\d{14}(?:_|$)/.test(n)) break;
    stamps.add(n.slice(0, 14));
  }
  if (stamps.size === names.length) return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return names.sort((a, b) => a.localeCompare(b));
}

/** @param {unknown} v */
function text(v) {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : String(v);
}

/** @param {unknown} v */
function int(v) {
  if (v === null || v === undefined) return null;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : null;
}

/**
 * Rows with lower-cased keys (MySQL may return upper-case names). Every row of a result has the
 * query's columns: the first row tells whether any needs renaming, and rows already lower-case (every
 * driver's, for these queries) are not copied, which on a long history was most of reading them.
 * @param {Record<string, unknown>[]} rows
 */
function lowerKeys(rows) {
  if (rows.length === 0 || Object.keys(rows[0]).every((k) => k === k.toLowerCase())) return rows;
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k.toLowerCase(), v])));
}

/**
 * The migrations table's rows from `selectRowsJson`: one value, the JSON text of `[id, hash, created_at, name]`
 * arrays (null for no rows on Postgres).
 * @param {import('./drivers/session.js').Session | import('./drivers/session.js').Transaction} ex
 * @param {string} query
 */
async function rowsAsJson(ex, query) {
  const [row] = await ex.query(query);
  const json = row ? Object.values(row)[0] : null;
  const list = json === null || json === undefined ? [] : JSON.parse(String(json));
  return list.map((/** @type {unknown[]} */ r) => recorded(r[0], r[1], r[2], r[3]));
}

/**
 * A row of the migrations table as the core reads it, from whichever query read it.
 * @param {unknown} id @param {unknown} hash @param {unknown} createdAt @param {unknown} name
 */
function recorded(id, hash, createdAt, name) {
  return { id: int(id), hash: text(hash), createdAt: text(createdAt), name: text(name) };
}

/**
 * Read the bookkeeping state and ask the core for the plan.
 * @param {any} core the loaded engine
 * @param {import('./drivers/session.js').Session | import('./drivers/session.js').Transaction} ex
 * @param {any} sql
 * @param {any} target
 * @param {any} local
 * @param {MigrateOptions} opts
 */
async function readPlan(core, ex, sql, target, local, opts) {
  const columns = lowerKeys(await ex.query(sql.inspect)).map((c) => ({ tableName: text(c.table_name), columnName: text(c.column_name) }));
  const tableCols = new Set(columns.filter((c) => c.tableName === sql.tableName).map((c) => c.columnName));
  const rows = tableCols.size === 0 ? [] : tableCols.has('name') && sql.selectRowsJson ? await rowsAsJson(ex, sql.selectRowsJson)
    : lowerKeys(await ex.query(tableCols.has('name') ? sql.selectRows : sql.selectLegacyRows))
      .map((r) => recorded(r.id, r.hash, r.created_at, r.name));
  const progress = !columns.some((c) => c.tableName === sql.progressTableName) ? [] : lowerKeys(await ex.query(sql.selectProgress))
    .map((r) => ({
      name: text(r.name), hash: text(r.hash), statementsTotal: int(r.statements_total), statementsDone: int(r.statements_done),
      doneHash: text(r.done_hash), error: text(r.error),
    }));
  try {
    return core.migrationsPlan({
      target, local: local.migrations, columns, rows, progress,
      to: opts.to ?? null, markApplied: opts.markApplied ?? null, allowEdited: !!opts.allowEdited, resume: !!opts.resume,
    });
  } catch (err) {
    throw asMigrateError(err);
  }
}

/** @param {unknown} err */
function messageOf(err) {
  const e = /** @type {any} */ (err);
  return (e?.message ?? String(err)).trim();
}

/** @param {string} sql */
function excerpt(sql) {
  const s = sql.trim().replace(/\s+/g, ' ');
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}

/**
 * Apply migrations through a session. Used by `migrate()` and the CLI.
 * @param {import('./drivers/session.js').Session} session
 * @param {MigrateOptions} opts
 */
export async function runMigrations(session, opts) {
  if (!opts || typeof opts.migrationsFolder !== 'string') {
    throw new MigrateError('invalid_input', 'migrate: options.migrationsFolder is required (the folder drizzle-kit generate writes, `out` in the config)');
  }
  if (opts.to && opts.markApplied) throw new MigrateError('invalid_input', '--to and --mark-applied cannot be combined');
  const emit = opts.onProgress ?? (() => {});
  const [core, local] = await Promise.all([migrateEngine(), opts.local ?? readMigrations(opts.migrationsFolder)]);
  for (const w of local.warnings) emit({ type: 'warning', message: w });
  const target = { dialect: session.dialect, table: opts.migrationsTable ?? null, schema: opts.migrationsSchema ?? null };
  const sql = core.migrationsRunSql(target);
  const readOnly = !!(opts.status || opts.dryRun);
  const started = now();
  for (const s of sql.sessionSetup) await session.exec(s);

  let locked = false;
  try {
    if (!readOnly && sql.tryLock) {
      const [row] = await session.query(sql.tryLock);
      if (!Number(Object.values(row ?? {})[0])) {
        emit({ type: 'waiting' });
        await session.query(sql.lock);
      }
      locked = true;
    }

    if (opts.down) return await runDown(core, session, sql, target, local, opts, emit, readOnly, started);

    // SQLite's lock is a write transaction: read the state and set up under it.
    const stateTx = !readOnly && sql.lockIsTransaction ? await session.begin(sql.begin) : null;
    /** @type {any} */
    let plan;
    try {
      plan = await readPlan(core, stateTx ?? session, sql, target, local, opts);
      for (const w of plan.warnings) emit({ type: 'warning', message: w });
      if (readOnly) return report(core, session, sql, plan, local, target, opts, [], [], started);
      if (plan.blocked) throw new MigrateError(plan.blocked.code, plan.blocked.message, { plan });
      if (plan.setup.length > 0) {
        if (stateTx) {
          for (const s of plan.setup) await stateTx.exec(s);
        } else if (sql.transactionalSetup) {
          const tx = await session.begin(sql.begin);
          try {
            for (const s of plan.setup) await tx.exec(s);
            await tx.commit();
          } catch (err) {
            await tx.rollback().catch(() => {});
            throw err;
          }
        } else {
          for (const s of plan.setup) await session.exec(s);
        }
      }
      if (stateTx) await stateTx.commit();
    } catch (err) {
      if (stateTx) await stateTx.rollback().catch(() => {});
      throw err;
    }

    const marked = [];
    for (const m of plan.mark) {
      if (m.statements.length > 0) {
        const tx = await session.begin(sql.begin);
        try {
          for (const s of m.statements) await tx.exec(s);
          await tx.commit();
        } catch (err) {
          await tx.rollback().catch(() => {});
          throw err;
        }
      }
      marked.push({ name: m.name, action: m.action });
      emit({ type: 'marked', name: m.name, action: m.action });
    }

    const byName = new Map(plan.migrations.map((/** @type {any} */ e) => [e.name, e]));
    const localByName = new Map(local.migrations.map((/** @type {any} */ m) => [m.name, m]));
    const applied = [];
    let progressReady = plan.progressExists;
    for (const name of plan.run) {
      const migration = localByName.get(name);
      const entry = byName.get(name);
      const steps = core.migrationSteps({
        target, migration, sql: local.texts.get(migration.file),
        resume: opts.resume && entry?.progress ? entry.progress : null,
      });
      if (!steps.transactional && !progressReady) {
        await session.exec(sql.createProgress);
        progressReady = true;
      }
      const t0 = now();
      emit({ type: 'start', name, statements: steps.total, transactional: steps.transactional });
      const done = steps.transactional
        ? await applyInTransaction(session, sql, steps, migration)
        : await applyOutsideTransaction(core, session, sql, steps, migration, target);
      if (!done) {
        emit({ type: 'skipped', name });
        continue;
      }
      const ms = Math.round(now() - t0);
      applied.push({ name, ms, statements: steps.statements.length });
      emit({ type: 'applied', name, ms, statements: steps.statements.length });
    }
    return report(core, session, sql, plan, local, target, opts, applied, marked, started);
  } catch (err) {
    throw asMigrateError(err);
  } finally {
    if (locked && sql.unlock) await session.query(sql.unlock).catch(() => {});
  }
}

/**
 * `--down`: under the caller's lock, revert migrations newest first, each by its down.sql in one
 * transaction with the removal of its bookkeeping row. The core decides what may be reverted.
 * @param {any} core @param {any} session @param {any} sql @param {any} target @param {any} local
 * @param {MigrateOptions} opts @param {(e: MigrateEvent) => void} emit @param {boolean} readOnly @param {number} started
 */
async function runDown(core, session, sql, target, local, opts, emit, readOnly, started) {
  const plan = await readPlan(core, session, sql, target, local, { ...opts, to: undefined, markApplied: undefined });
  const recorded = plan.migrations.filter((/** @type {any} */ m) => m.state !== 'pending');
  if (plan.setup.length > 0 && recorded.length > 0) {
    throw new MigrateError('down_refused', `${sql.table} predates drizzle-orm 1.0's layout: run \`sleet migrate\` once to upgrade it before reverting`);
  }
  const folder = resolve(opts.migrationsFolder);
  const downs = recorded.map((/** @type {any} */ m) => ({ name: m.name, text: readIfPresent(join(folder, m.name, 'down.sql')) }));
  let down;
  try {
    down = core.migrationsDown({
      target, migrations: plan.migrations.map((/** @type {any} */ m) => ({ name: m.name, state: m.state })), downs, to: opts.to ?? null, force: !!opts.force,
    });
  } catch (err) {
    throw asMigrateError(err);
  }
  for (const w of down.warnings) emit({ type: 'warning', message: w });
  const reverted = [];
  if (!readOnly) {
    for (const step of down.steps) {
      const t0 = now();
      const tx = await session.begin(sql.begin);
      try {
        for (const [i, st] of step.statements.entries()) {
          try {
            await tx.exec(st);
          } catch (err) {
            const others = reverted.length ? `; ${reverted.map((r) => r.name).join(', ')} were reverted` : '';
            // MySQL commits each DDL statement: what ran before the failure stays, and the row stays too.
            const state = step.transactional
              ? ` and was rolled back: it stays applied${others}`
              : `; DDL is not transactional here, so ${i === 0 ? 'no statement of the down ran' : i === 1 ? 'statement 1 of the down ran and is committed' : `statements 1-${i} of the down ran and are committed`}, while ${step.name} stays recorded as applied${others}. Fix the cause, run the rest of down.sql from statement ${i + 1} by hand, then delete its row from the migrations table (or re-apply what the first statements undid)`;
            throw new MigrateError('down_failed', `reverting ${step.name} failed at statement ${i + 1} of ${step.statements.length}${state}.\n  file: ${step.name}/down.sql\n  statement: ${excerpt(st)}\n  error: ${messageOf(err)}`, { migration: step.name, statement: i + 1, transactional: step.transactional });
          }
        }
        await tx.exec(step.unrecord);
        await tx.commit();
      } catch (err) {
        await tx.rollback().catch(() => {});
        throw err;
      }
      const ms = Math.round(now() - t0);
      reverted.push({ name: step.name, ms, statements: step.statements.length });
      emit({ type: 'reverted', name: step.name, ms, statements: step.statements.length });
    }
  }
  const result = report(core, session, sql, { ...plan, run: [], mark: [] }, local, target, { ...opts, dryRun: false }, [], [], started);
  const gone = new Set(reverted.map((r) => r.name));
  for (const m of result.migrations) if (gone.has(m.name)) m.state = 'pending';
  result.pending = result.migrations.filter((/** @type {any} */ m) => m.state === 'pending' || m.state === 'failed').map((/** @type {any} */ m) => m.name);
  result.reverted = reverted;
  if (opts.dryRun) result.wouldRevert = down.steps.map((/** @type {any} */ s) => ({ name: s.name, statements: s.statements, dataLoss: s.dataLoss }));
  return result;
}

/**
 * @param {any} steps
 * @param {any} migration
 * @param {any} statement
 * @param {unknown} cause
 * @param {boolean} transactional
 */
function statementFailure(steps, migration, statement, cause, transactional) {
  const where = `${migration.name} failed at statement ${statement.number} of ${steps.total}`;
  const tail = `\n  file: ${migration.file}\n  statement: ${excerpt(statement.sql)}\n  error: ${messageOf(cause)}`;
  const message = transactional
    ? `${where} and was rolled back: nothing of it is applied; earlier migrations stay applied.${tail}`
    : `${where}. It runs outside a transaction, so ${statement.number - 1 === 0 ? 'no statement of it' : `statements 1-${statement.number - 1}`} ran and ${statement.number - 1 === 1 ? 'is' : 'are'} committed; it is not recorded as applied, and the next run stops until you fix the cause and use --resume (continue from statement ${statement.number}) or finish it by hand and use --mark-applied ${migration.name}.${tail}`;
  return new MigrateError('migration_failed', message, {
    migration: migration.name, file: migration.file, statement: statement.number, statements: steps.total,
    sql: statement.sql, transactional, cause: messageOf(cause),
  });
}

/**
 * One migration, its statements and its row in one transaction. SQLite: foreign keys switched off
 * before the transaction when the migration asks for it, and checked before commit.
 * @returns {Promise<boolean>} false when another run recorded it first
 */
async function applyInTransaction(/** @type {any} */ session, /** @type {any} */ sql, /** @type {any} */ steps, /** @type {any} */ migration) {
  /** @type {number | null} */
  let foreignKeysBefore = null;
  if (steps.foreignKeysOff) {
    const [row] = await session.query('PRAGMA foreign_keys');
    foreignKeysBefore = Number(Object.values(row ?? {})[0] ?? 0);
    await session.exec(sql.foreignKeysOff);
  }
  try {
    const tx = await session.begin(sql.begin);
    try {
      // Without a lock of its own (SQLite), another run may have recorded it since the plan was read.
      if (sql.lockIsTransaction && (await tx.query(steps.isRecorded)).length > 0) {
        await tx.rollback();
        return false;
      }
      if (steps.foreignKeysOff) {
        const [row] = await tx.query('PRAGMA foreign_keys');
        if (Number(Object.values(row ?? {})[0]) !== 0) {
          throw new MigrateError('foreign_keys_still_on', `${migration.name}: foreign keys could not be switched off on the transaction's connection (another user of this client holds connections?); run migrate with no other queries on the client`);
        }
      }
      for (const st of steps.statements) {
        try {
          await tx.exec(st.sql);
        } catch (err) {
          throw statementFailure(steps, migration, st, err, true);
        }
      }
      // The SQLite rebuild procedure: with enforcement off, check every key before committing.
      if (steps.foreignKeysOff && foreignKeysBefore) {
        const violations = await tx.query(sql.foreignKeyCheck);
        if (violations.length > 0) {
          const list = violations.slice(0, 5).map((v) => `${v.table} row ${v.rowid} → ${v.parent}`).join(', ');
          throw new MigrateError('foreign_key_violation', `${migration.name} was rolled back: it leaves ${violations.length} row(s) whose foreign key has no parent (${list}${violations.length > 5 ? ', …' : ''}); fix the migration's data copy`, { migration: migration.name });
        }
      }
      for (const r of steps.record) await tx.exec(r);
      await tx.commit();
      return true;
    } catch (err) {
      await tx.rollback().catch(() => {});
      throw err;
    }
  } finally {
    if (foreignKeysBefore !== null) await session.exec(foreignKeysBefore ? sql.foreignKeysOn : sql.foreignKeysOff);
  }
}

/**
 * Statements one by one, each committed on its own, progress recorded after each, so a failure
 * says what ran and nothing is re-run silently.
 * @returns {Promise<boolean>}
 */
async function applyOutsideTransaction(/** @type {any} */ core, /** @type {any} */ session, /** @type {any} */ sql, /** @type {any} */ steps, /** @type {any} */ migration, /** @type {any} */ target) {
  if (steps.progressStart) await session.exec(steps.progressStart);
  for (const st of steps.statements) {
    try {
      await session.exec(st.sql);
    } catch (err) {
      const failed = core.migrationFailedSql({ target, name: migration.name, error: `${messageOf(err)}` });
      await session.exec(failed).catch(() => {});
      throw statementFailure(steps, migration, st, err, false);
    }
    await session.exec(st.progress);
  }
  const tx = await session.begin(sql.begin);
  try {
    for (const r of steps.record) await tx.exec(r);
    await tx.commit();
  } catch (err) {
    await tx.rollback().catch(() => {});
    throw err;
  }
  return true;
}

/**
 * The result of a run (also of --status and --dry-run).
 * @param {any} core @param {any} session @param {any} sql @param {any} plan @param {any} local @param {any} target
 * @param {MigrateOptions} opts @param {any[]} applied @param {any[]} marked @param {number} started
 */
function report(core, session, sql, plan, local, target, opts, applied, marked, started) {
  const appliedNow = new Set(applied.map((a) => a.name));
  const markedNow = new Set(marked.filter((m) => m.action === 'recorded' || m.action === 'rehashed').map((m) => m.name));
  const migrations = plan.migrations.map((/** @type {any} */ e) => ({
    name: e.name,
    state: appliedNow.has(e.name) || markedNow.has(e.name) ? 'applied' : e.state,
    ...(e.file ? { file: e.file } : {}),
    ...(e.hash ? { hash: e.hash } : {}),
    ...(e.recordedHash ? { recordedHash: e.recordedHash } : {}),
    ...(e.progress ? { progress: { done: e.progress.statementsDone, total: e.progress.statementsTotal, error: e.progress.error } } : {}),
  }));
  /** @type {any} */
  const result = {
    dialect: session.dialect,
    driver: session.driver,
    table: sql.table,
    layout: local.layout,
    migrations,
    applied,
    marked,
    pending: migrations.filter((/** @type {any} */ m) => m.state === 'pending' || m.state === 'failed').map((/** @type {any} */ m) => m.name),
    warnings: [...local.warnings, ...plan.warnings],
    ms: Math.round(now() - started),
  };
  if (plan.blocked) result.blocked = plan.blocked;
  if (opts.dryRun && !opts.status) {
    const localByName = new Map(local.migrations.map((/** @type {any} */ m) => [m.name, m]));
    result.setup = plan.setup;
    result.wouldApply = plan.run.map((/** @type {string} */ name) => {
      const migration = localByName.get(name);
      const entry = plan.migrations.find((/** @type {any} */ e) => e.name === name);
      const steps = core.migrationSteps({ target, migration, sql: local.texts.get(migration.file), resume: opts.resume && entry?.progress ? entry.progress : null });
      return { name, transactional: steps.transactional, statements: steps.statements.map((/** @type {any} */ s) => s.sql) };
    });
    result.wouldMark = plan.mark.map((/** @type {any} */ m) => ({ name: m.name, action: m.action }));
  }
  return result;
}

/**
 * Apply pending migrations to a drizzle database or a raw driver client, like drizzle-orm's
 * `migrate(db, config)`, holding a lock so concurrent runs apply each migration once.
 * @param {any} db
 * @param {MigrateOptions} options
 */
export async function migrate(db, options) {
  const session = await openSession(db);
  try {
    return await runMigrations(session, options);
  } finally {
    await session.release();
  }
}
