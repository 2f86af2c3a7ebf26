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
  | ({ status: 'ok'; dialect: string; migrationPath?: string; statements: string[]; jsonStatements?: unknown[]; warnings: string[] } & FixOutcome)
  | ({ status: 'no_changes'; dialect: string; statements?: string[]; warnings: string[] } & FixOutcome)
  | { status: 'missing_hints'; dialect: string; unresolved: Unresolved[]; warnings: string[] };

export function generate(options?: GenerateOptions): Promise<GenerateResult>;
export function exportSql(options?: ExportOptions): Promise<{ status: 'ok'; dialect: string; statements: string[]; warnings: string[] }>;

export class SleetError extends Error {
  code: string;
  exitCode: number;
  details?: unknown;
}
