import type { SleetConfig } from './define-config.js';

export type { CommonConfig, Dialect, SleetConfig, SleetOptions } from './define-config.js';
export { defineConfig } from './define-config.js';

export type Hint =
  | { type: 'rename'; kind: string; from: string[]; to: string[] }
  | { type: 'create'; kind: string; entity: string[] }
  | { type: 'confirm_data_loss'; kind: string; entity: string[] };

export interface Unresolved {
  type: 'rename_or_create' | 'confirm_data_loss';
  kind: string;
  entity: string[];
  candidates?: string[][];
  reason?: string;
}

interface CommonOptions {
  /** Path of a config file, or the config itself. Default: drizzle.config.* in `cwd`. */
  config?: string | SleetConfig;
  cwd?: string;
}

export interface GenerateOptions extends CommonOptions {
  name?: string;
  custom?: boolean;
  /** Plan only; write nothing. */
  explain?: boolean;
  hints?: Hint[] | string;
  hintsFile?: string;
  /** Conflicting branches: delete them (after writing the new migration) and generate from what remains. */
  fixConflicts?: boolean;
}

/** What `fixConflicts` deletes (with `explain`: would delete), as paths under `out`. */
export interface ConflictFix {
  migrations: string[];
  customMigrations: string[];
}

interface FixOutcome {
  /** With `explain` and `fixConflicts`: the plan, nothing deleted. */
  fix?: ConflictFix;
  deletedMigrations?: string[];
  deletedCustomMigrations?: string[];
}

export type ExportOptions = CommonOptions;

export type GenerateResult =
  | ({ status: 'ok'; dialect: string; migrationPath?: string; statements: string[]; jsonStatements?: unknown[]; warnings: string[]; hazards: Hazard[] } & FixOutcome)
  | ({ status: 'no_changes'; dialect: string; statements?: string[]; warnings: string[] } & FixOutcome)
  | { status: 'missing_hints'; dialect: string; unresolved: Unresolved[]; warnings: string[] };

export function generate(options?: GenerateOptions): Promise<GenerateResult>;
export function exportSql(options?: ExportOptions): Promise<{ status: 'ok'; dialect: string; statements: string[]; warnings: string[] }>;

/** What a statement risks on a running database (see README "Hazards"). */
export interface Hazard {
  code: string;
  severity: 'error' | 'warning' | 'info';
  class: 'data-loss' | 'rewrite' | 'lock' | 'failure' | 'compatibility';
  /** Index of the statement in the plan or file. */
  statement: number;
  sql: string;
  entity: string;
  why: string;
  safer: string;
  /** First line of the statement in its file (lint). */
  line?: number;
  /** Reason of the `-- sleet:allow` line that acknowledged it (lint). */
  allowed?: string;
}

export interface LintOptions extends CommonOptions {
  /** Migrations folder, migration folders or .sql files; default: the config's `out`. */
  targets?: string[];
  level?: 'error' | 'warning' | 'info';
}

export interface LintResult {
  status: 'ok' | 'failed';
  level: 'error' | 'warning' | 'info';
  files: { path: string; hazards: Hazard[]; unusedAllows: { code: string; reason: string; line: number }[] }[];
  warnings: string[];
}

/** The hazards of existing migrations; `status: 'failed'` when one at or above the level is not acknowledged. */
export function lint(options?: LintOptions): Promise<LintResult>;

export interface DriftOptions extends CommonOptions {
  /** Compare with the schema files instead of the migrations folder's newest snapshots. */
  schema?: boolean;
  /** Rename hints (push's format) for objects renamed by hand. */
  hints?: string | unknown[];
  hintsFile?: string;
}

export interface DriftResult {
  status: 'no_drift' | 'drift';
  dialect: string;
  against: 'migrations' | 'schema';
  /** The newest migration folders the comparison stands on (empty with `schema`). */
  migrations: string[];
  /** The SQL that brings the database to the compared state. */
  statements: string[];
  jsonStatements: unknown[];
  /** Created objects that may be renamed ones (reconciled as drop + create unless hinted). */
  possibleRenames: { type: 'rename_or_create'; kind: string; entity: string[]; candidates?: string[][] }[];
  hazards: Hazard[];
  warnings: string[];
}

/** The live database against the migrations (or the schema); changes nothing. */
export function drift(options?: DriftOptions): Promise<DriftResult>;

export class SleetError extends Error {
  code: string;
  exitCode: number;
  details?: unknown;
}

export interface MigrateOptions {
  migrationsFolder: string;
  /** Default `__drizzle_migrations`. */
  migrationsTable?: string;
  /** Postgres only; default `drizzle`. */
  migrationsSchema?: string;
  /** Apply pending migrations up to and including this one. */
  to?: string;
  /** Record pending migrations up to this one as applied without running them. */
  markApplied?: string;
  /** Run although applied migrations were edited. */
  allowEdited?: boolean;
  /** Continue a migration that stopped outside a transaction. */
  resume?: boolean;
  /** Decide and report; change nothing. */
  dryRun?: boolean;
  /** Report each migration's state only. */
  status?: boolean;
  onProgress?: (event: MigrateEvent) => void;
}

export type MigrateEvent =
  | { type: 'waiting' }
  | { type: 'start'; name: string; statements: number; transactional: boolean }
  | { type: 'applied'; name: string; ms: number; statements: number }
  | { type: 'skipped'; name: string }
  | { type: 'marked'; name: string; action: string }
  | { type: 'warning'; message: string };

export interface MigrateResult {
  dialect: string;
  driver: string;
  table: unknown;
  layout: string;
  migrations: Array<{ name: string; state: 'applied' | 'pending' | 'edited' | 'missing' | 'failed'; file?: string; hash?: string; recordedHash?: string }>;
  applied: Array<{ name: string; [key: string]: unknown }>;
  marked: Array<{ name: string; action: string }>;
  pending: string[];
  warnings: string[];
  ms: number;
  blocked?: unknown;
  wouldApply?: Array<{ name: string; transactional: boolean; statements: string[] }>;
}

/**
 * Apply pending migrations to a drizzle database (or a raw client of PGlite, pg, postgres, mysql2,
 * @libsql/client, bun:sqlite or better-sqlite3), holding a lock so concurrent runs apply each once.
 */
export function migrate(db: unknown, options: MigrateOptions): Promise<MigrateResult>;

export class MigrateError extends Error {
  code: string;
  details: Record<string, unknown>;
}
