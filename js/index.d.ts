/** A config object in drizzle-kit 1.0's `defineConfig` shape (unknown keys are kept). */
export interface SleetConfig {
  dialect: 'postgresql' | 'mysql' | 'sqlite' | 'turso' | 'singlestore' | 'mssql' | 'cockroach' | 'duckdb';
  schema?: string | string[];
  out?: string;
  breakpoints?: boolean;
  driver?: string;
  dbCredentials?: Record<string, unknown>;
  migrations?: { table?: string; schema?: string };
  schemaFilter?: string | string[];
  tablesFilter?: string | string[];
  entities?: { roles?: boolean | { provider?: string; include?: string[]; exclude?: string[] } };
  /** sleet-only settings (drizzle-kit ignores them). */
  sleet?: {
    /** `'guarded'`: role statements that can run on every database of one cluster (docs/roles.md). */
    roles?: 'plain' | 'guarded';
    /** `sleet lint` fails on an unacknowledged hazard at or above `level` (default `'warning'`). */
    lint?: { level?: 'error' | 'warning' | 'info' };
    /** `false`: generate writes no down.sql. */
    down?: boolean;
  };
  [key: string]: unknown;
}

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

export class SleetError extends Error {
  code: string;
  exitCode: number;
  details?: unknown;
}
