// Types of `defineConfig` (from 'sleet' and 'sleet/config'): drizzle-kit 1.0's config shape, one
// variant per dialect and driver, plus sleet's own `sleet` key.

export type Dialect = 'postgresql' | 'mysql' | 'sqlite' | 'turso' | 'singlestore' | 'mssql' | 'cockroach' | 'duckdb';

/** TLS settings as `tls.connect` takes them, or a mode name. */
export type SslOption = boolean | 'require' | 'allow' | 'prefer' | 'verify-full' | { [option: string]: unknown };

export interface UrlCredentials {
  url: string;
}

export interface HostCredentials {
  host: string;
  port?: number;
  user?: string;
  password?: string;
  database: string;
  ssl?: SslOption | string;
}

/**
 * sleet-only settings; drizzle-kit ignores them. Open for settings that later sleet versions read.
 */
export interface SleetOptions {
  /** `'guarded'`: role statements that can run on every database of one cluster (docs/roles.md). */
  roles?: 'plain' | 'guarded';
  /** `sleet lint` fails on an unacknowledged hazard at or above `level` (default `'warning'`). */
  lint?: { level?: 'error' | 'warning' | 'info' };
  /** `false`: generate writes no down.sql. */
  down?: boolean;
  [setting: string]: unknown;
}

/** The keys every dialect shares. */
export interface CommonConfig {
  /** Schema file, directory, glob, or a list of them. */
  schema?: string | string[];
  /** Migrations folder (default `drizzle`). */
  out?: string;
  /** `--> statement-breakpoint` between statements (default true). */
  breakpoints?: boolean;
  tablesFilter?: string | string[];
  schemaFilter?: string | string[];
  extensionsFilters?: 'postgis'[];
  verbose?: boolean;
  strict?: boolean;
  casing?: 'camelCase' | 'snake_case';
  /** The bookkeeping table (default `__drizzle_migrations`, in schema `drizzle` on Postgres). */
  migrations?: { table?: string; schema?: string; prefix?: 'index' | 'timestamp' | 'supabase' | 'unix' | 'none' };
  introspect?: { casing: 'camel' | 'preserve' };
  entities?: {
    roles?: boolean | { provider?: 'supabase' | 'neon' | (string & {}); include?: string[]; exclude?: string[] };
  };
  sleet?: SleetOptions;
}

type Variant<D extends Dialect, Driver, Credentials> = CommonConfig & { dialect: D } & Driver & Credentials;
type NoDriver = { driver?: undefined };

export type PostgresConfig =
  | Variant<'postgresql', NoDriver, { dbCredentials?: UrlCredentials | HostCredentials }>
  /** Embedded PGlite: `url` is its data directory (none: in memory), or pass a `client`. */
  | Variant<'postgresql', { driver: 'pglite' }, { dbCredentials?: { url?: string } } | { client: unknown }>
  | Variant<'postgresql', { driver: 'aws-data-api' }, { dbCredentials: { database: string; secretArn: string; resourceArn: string } }>
  | Variant<'postgresql', { driver: 'dsql' }, { dbCredentials: { host: string; user?: string; database?: string; port?: number; region?: string } }>;

export type SqliteConfig =
  | Variant<'sqlite', NoDriver, { dbCredentials?: UrlCredentials }>
  | Variant<'sqlite', { driver: 'd1-http' }, { dbCredentials: { accountId: string; databaseId: string; token: string } }>
  | Variant<'sqlite', { driver: 'expo' | 'durable-sqlite' }, {}>
  | Variant<'sqlite', { driver: 'sqlite-cloud' }, { dbCredentials: UrlCredentials }>;

export type SleetConfig =
  | PostgresConfig
  | SqliteConfig
  | Variant<'turso', NoDriver, { dbCredentials?: UrlCredentials & { authToken?: string } }>
  | Variant<'mysql' | 'singlestore' | 'cockroach', NoDriver, { dbCredentials?: UrlCredentials | HostCredentials }>
  | Variant<'mssql', NoDriver, { dbCredentials?: UrlCredentials | { server: string; port?: number; user: string; password: string; database?: string; options?: { encrypt?: boolean; trustServerCertificate?: boolean } } }>
  | Variant<'duckdb', NoDriver, { dbCredentials?: UrlCredentials }>;

/**
 * Gives a drizzle.config.ts its type (a misspelt key or a driver without its credentials is a type
 * error); returns the config unchanged.
 */
export function defineConfig(config: SleetConfig): SleetConfig;
