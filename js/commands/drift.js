/**
 * `sleet drift`: the CI gate for hand-made changes. Reads the live database as push does (same scope)
 * and compares it with the migrations folder's last snapshot, or with `--schema` with the schema;
 * prints the SQL that would bring the database back and exits 1 on any difference. The comparison is
 * the core's (`drift`); this file does the I/O around it and changes nothing in the database.
 */
import fs from 'node:fs';
import path from 'node:path';
import { call } from '../engine.js';
import { SleetError } from '../errors.js';
import { readSnapshots } from '../folder.js';
import { formatHazards } from '../hazards.js';
import { readHints } from '../hints.js';
import { describeSchema } from '../schema/index.js';
import { openDatabase, readDatabase } from '../database.js';
import { PLAIN, plural } from '../style.js';

/**
 * @typedef {object} DriftResult
 * @property {'no_drift' | 'drift'} status
 * @property {string} dialect
 * @property {'migrations' | 'schema'} against
 * @property {string[]} migrations leaf folders the comparison stands on, newest first
 * @property {string[]} statements the SQL that brings the database to the compared state
 * @property {unknown[]} jsonStatements
 * @property {any[]} possibleRenames
 * @property {import('../hazards.js').Hazard[]} hazards
 * @property {string[]} warnings
 */

/**
 * The library form: never prints, never changes the database.
 * @param {{ config: Record<string, any>, cwd: string, schema?: boolean, hints?: string | unknown[], hintsFile?: string, progress?: (line: string) => void }} opts
 * @returns {Promise<DriftResult>}
 */
export async function runDrift({ config, cwd, schema, hints, hintsFile, progress }) {
  const given = await readHints({ hints, hintsFile }, cwd);
  /** @type {Record<string, any>} */
  const input = { dialect: config.dialect, out: path.join(config.out ?? 'drizzle'), hints: given };
  // Everything local is read (and refused) before a connection is opened.
  if (schema) {
    input.schema = (await describeSchema(config, cwd, 'drift')).schema;
  } else {
    const outDir = path.resolve(cwd, config.out ?? 'drizzle');
    if (!fs.existsSync(outDir)) {
      throw new SleetError('drift_input_error', `${outDir} does not exist, so there are no migrations to compare the database with: set "out" in the config to your migrations folder, run \`sleet generate\` first, or compare with the schema: \`sleet drift --schema\``);
    }
    input.snapshots = readSnapshots(outDir);
    if (input.snapshots.length === 0) {
      throw new SleetError('drift_input_error', `${outDir} has no migrations, so there is nothing to compare the database with: run \`sleet generate\` first, or compare with the schema: \`sleet drift --schema\``);
    }
  }
  const db = await openDatabase(config, cwd, 'drift');
  try {
    progress?.(`Reading the database (${db.description})…`);
    const catalog = await readDatabase(db, config, progress);
    const result = await call('drift', { ...input, rows: catalog.rows, options: catalog.options });
    return { ...result, dialect: config.dialect };
  } finally {
    await db.close();
  }
}

/**
 * @param {{ flags: Record<string, any>, config: Record<string, any>, cwd: string, io: import('../cli.js').IO, json: boolean }} ctx
 * @returns {Promise<number>} exit code: 0 no drift, 1 drift (or an error)
 */
export async function driftCommand({ flags, config, cwd, io, json }) {
  const result = await runDrift({
    config,
    cwd,
    schema: !!flags.schema,
    hints: flags.hints,
    hintsFile: flags.hintsFile,
    // Progress only where a person watches; piped, stderr carries the verdict alone.
    progress: json || !io.errTTY ? undefined : Object.assign((/** @type {string} */ line) => io.err(line), { stages: true }),
  });
  if (json) {
    io.out(JSON.stringify(envelope(result)));
    return result.status === 'drift' ? 1 : 0;
  }
  const style = io.style ?? { out: PLAIN, err: PLAIN };
  for (const w of result.warnings) io.err(`${style.err.yellow('Warning:')} ${w}`);
  const what = result.against === 'schema' ? 'the schema' : `the migrations (newest: ${result.migrations.join(', ')})`;
  if (result.status === 'no_drift') {
    io.out(`[${style.out.green(style.out.check)}] No drift: the database matches ${what}`);
    return 0;
  }
  // The SQL alone goes to stdout, so `sleet drift > fix.sql` is a file a database runs; the verdict and
  // its explanation go to stderr.
  io.err(`${style.err.red('[x]')} Drift: the database differs from ${what}. ${count(result.statements.length)} ${result.statements.length === 1 ? 'brings' : 'bring'} it back:`);
  for (const sql of result.statements) io.out(sql);
  for (const r of result.possibleRenames) {
    const from = r.candidates?.length ? ` (perhaps renamed from ${r.candidates.map((/** @type {string[]} */ c) => c.join('.')).join(' or ')})` : '';
    io.err(`  ${r.kind} ${r.entity.join('.')} is created${from}: a rename hint (--hints) keeps its data instead`);
  }
  if (result.hazards.length) {
    io.err(`--- Hazards (${result.hazards.length}) of running these statements ---`);
    for (const line of formatHazards(result.hazards)) io.err(line);
  }
  return 1;
}

/** @param {number} n */
const count = (/** @type {number} */ n) => plural(n, 'statement');

/**
 * The one-line envelope, in the field names the other commands use (`statements` as JSON, `sql` as text).
 * @param {DriftResult} result
 */
function envelope(result) {
  /** @type {Record<string, any>} */
  const out = { status: result.status, dialect: result.dialect, against: result.against };
  if (result.against === 'migrations') out.migrations = result.migrations;
  out.statements = result.jsonStatements;
  out.sql = result.statements;
  if (result.possibleRenames.length) out.possibleRenames = result.possibleRenames;
  if (result.hazards.length) out.hazards = result.hazards;
  if (result.warnings.length) out.warnings = result.warnings;
  return out;
}
