/**
 * drizzle.config.{ts,js,json} loading, `.env`, and drizzle-kit 1.0's config-vs-flags rule.
 */
import fs from 'node:fs';
import path from 'node:path';
import { dialectFor, dialects } from './dialect.js';
import { SleetError } from './errors.js';
import { readText } from './folder.js';
import { importConfigModule } from './load.js';

export const DEFAULT_CONFIG_NAMES = [
  'drizzle.config.ts',
  'drizzle.config.mts',
  'drizzle.config.js',
  'drizzle.config.mjs',
  'drizzle.config.cjs',
  'drizzle.config.json',
];

/**
 * Flags that may be combined with a config file, per command (drizzle-kit 1.0's rule). Any other flag
 * switches the command to "flags only" mode, where the config file is not read at all; both at once
 * is ambiguous.
 * @type {Record<string, string[]>}
 */
export const CONFIG_COMPATIBLE_FLAGS = {
  generate: ['name', 'custom', 'ignoreConflicts', 'fixConflicts', 'explain', 'output', 'hints', 'hintsFile', 'safe'],
  export: ['sql', 'output'],
  migrate: ['ignoreConflicts', 'status', 'dryRun', 'to', 'output', 'markApplied', 'allowEdited', 'resume', 'down', 'force'],
  push: ['force', 'verbose', 'strict', 'explain', 'output', 'hints', 'hintsFile'],
  pull: ['init', 'output'],
  check: ['output', 'ignoreConflicts'],
  up: ['output'],
  lint: ['output', 'level'],
  drift: ['output', 'schema', 'hints', 'hintsFile'],
};


/**
 * Load `.env` from `dir` into process.env without overriding variables that are already set.
 * @param {string} dir
 */
export function loadDotEnv(dir) {
  const file = path.join(dir, '.env');
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return;
  }
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || line.trimStart().startsWith('#')) continue;
    let value = m[2];
    const quoted = /^(['"`])([\s\S]*)\1$/.exec(value);
    if (quoted) {
      value = quoted[1] === '"' ? quoted[2].replace(/\\n/g, '\n') : quoted[2];
    } else {
      value = value.replace(/\s+#.*$/, '');
    }
    if (process.env[m[1]] === undefined) process.env[m[1]] = value;
  }
}

/**
 * Resolve the config for a command from `--config` / default file names / flags.
 * @param {{ command: string, flags: Record<string, any>, cwd: string }} opts
 * @returns {Promise<{ config: Record<string, any>, configPath: string | null }>}
 */
export async function resolveConfig({ command, flags, cwd }) {
  loadDotEnv(cwd);
  const compatible = new Set([...(CONFIG_COMPATIBLE_FLAGS[command] ?? []), 'config']);
  const projectFlags = Object.keys(flags).filter((f) => !compatible.has(f));
  if (projectFlags.length > 0) {
    if (flags.config) {
      throw new SleetError(
        'ambiguous_params_error',
        `--config cannot be combined with ${projectFlags.map(toFlag).join(', ')}: put these settings in the config file, or drop --config and pass every setting as a flag`,
      );
    }
    return { config: await normaliseConfig(configFromFlags(flags), '(command-line flags)'), configPath: null };
  }
  const configPath = findConfigFile(flags.config, cwd);
  const config = await readConfigFile(configPath);
  return { config: await normaliseConfig(config, configPath), configPath };
}

/** @param {string} name */
function toFlag(name) {
  return '--' + name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}

/**
 * @param {string | undefined} explicit
 * @param {string} cwd
 */
export function findConfigFile(explicit, cwd) {
  if (explicit) {
    const p = path.resolve(cwd, explicit);
    if (!fs.existsSync(p)) {
      throw new SleetError('config_file_not_found_error', `config file ${p} does not exist (from --config ${explicit})`);
    }
    return p;
  }
  for (const name of DEFAULT_CONFIG_NAMES) {
    const p = path.join(cwd, name);
    // lstat: a dangling symlink is a config that cannot be read (said so when it is read), not none.
    if (fs.existsSync(p) || isSymlink(p)) return p;
  }
  throw new SleetError(
    'config_file_not_found_error',
    `no drizzle.config.ts, .js or .json in ${cwd}: create one (export default defineConfig({ dialect, schema })) or pass --config <path>`,
  );
}

/** @param {string} p */
function isSymlink(p) {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/** @param {string} file */
async function readConfigFile(file) {
  if (file.endsWith('.json')) {
    const text = readText(file, 'config_validation_error');
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new SleetError('config_validation_error', `config file ${file} is not valid JSON: ${/** @type {Error} */ (err).message}`);
    }
  }
  const mod = await importConfigModule(file);
  let config = /** @type {any} */ (mod).default ?? mod;
  if (config && typeof config === 'object' && 'default' in config && Object.keys(config).length === 1) config = config.default;
  if (!config || typeof config !== 'object') {
    throw new SleetError('config_validation_error', `config file ${file} must export a config object as default (export default defineConfig({...}))`);
  }
  return config;
}

/** @param {Record<string, any>} flags */
function configFromFlags(flags) {
  /** @type {Record<string, any>} */
  const config = {};
  for (const key of ['dialect', 'schema', 'out', 'driver', 'tablesFilter', 'schemaFilter', 'extensionsFilters', 'casing']) {
    if (flags[key] !== undefined) config[key] = flags[key];
  }
  if (flags.breakpoints !== undefined) config.breakpoints = flags.breakpoints !== false && flags.breakpoints !== 'false';
  const creds = {};
  for (const key of ['url', 'host', 'port', 'user', 'password', 'database', 'ssl', 'authToken']) {
    if (flags[key] !== undefined) creds[key] = key === 'port' ? Number(flags[key]) : flags[key];
  }
  if (Object.keys(creds).length) config.dbCredentials = creds;
  if (flags.introspectCasing !== undefined) config.introspect = { casing: flags.introspectCasing };
  if (flags.migrationsTable || flags.migrationsSchema) {
    config.migrations = { table: flags.migrationsTable, schema: flags.migrationsSchema };
  }
  return config;
}

/**
 * Validate and fill defaults. Unknown keys are kept (drizzle-kit tolerates them too).
 * @param {Record<string, any>} raw
 * @param {string} source
 */
export async function normaliseConfig(raw, source) {
  const config = { ...raw };
  const { configNames, migrationsTable } = await dialects();
  if (!config.dialect) {
    throw new SleetError('config_validation_error', `${source}: "dialect" is required (one of ${configNames.join(', ')})`);
  }
  if (!configNames.includes(config.dialect)) {
    throw new SleetError('config_validation_error', `${source}: dialect ${JSON.stringify(config.dialect)} is not one of ${configNames.join(', ')}`);
  }
  checkFieldTypes(config, source);
  // A name drizzle-kit accepts but sleet has no wing for: the command says so when it runs.
  const wing = await dialectFor(config.dialect).catch(() => null);
  config.out ??= 'drizzle';
  config.breakpoints ??= true;
  config.migrations = { ...(config.migrations ?? {}) };
  config.migrations.table ??= migrationsTable;
  if (wing?.migrationsSchema) config.migrations.schema ??= wing.migrationsSchema;
  if (typeof config.schema === 'string') config.schema = [config.schema];
  if (config.schema !== undefined && !(Array.isArray(config.schema) && config.schema.every((s) => typeof s === 'string'))) {
    throw new SleetError('config_validation_error', `${source}: "schema" must be a path, glob or list of them`);
  }
  config.source = source;
  return config;
}


/** @param {unknown} v */
const isString = (v) => typeof v === 'string';
/** @param {unknown} v */
const isStringList = (v) => typeof v === 'string' || (Array.isArray(v) && v.every(isString));
/** @param {unknown} v */
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** @param {unknown} v */
const describeValue = (v) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v) ?? String(v)}`);

/**
 * Field → [check, what it must be]. Only fields present are checked; unknown fields are kept.
 * @type {Record<string, [(v: unknown) => boolean, string]>}
 */
const FIELD_TYPES = {
  schema: [isStringList, 'a path, glob or list of them'],
  out: [(v) => isString(v) && v !== '', 'a folder path (a non-empty string)'],
  breakpoints: [(v) => typeof v === 'boolean', 'true or false'],
  driver: [isString, 'a driver name (a string)'],
  tablesFilter: [isStringList, 'a glob or list of globs'],
  schemaFilter: [isStringList, 'a schema name or list of them'],
  extensionsFilters: [(v) => Array.isArray(v) && v.every(isString), 'a list of extension names'],
  casing: [(v) => v === 'camelCase' || v === 'snake_case', '"camelCase" or "snake_case"'],
  strict: [(v) => typeof v === 'boolean', 'true or false'],
  verbose: [(v) => typeof v === 'boolean', 'true or false'],
  dbCredentials: [isObject, 'an object (url, or host/port/user/password/database)'],
  migrations: [isObject, 'an object ({ table, schema, prefix })'],
  introspect: [isObject, 'an object ({ casing })'],
  entities: [isObject, 'an object ({ roles })'],
  'migrations.table': [(v) => isString(v) && v !== '', 'a table name (a non-empty string)'],
  'migrations.schema': [(v) => isString(v) && v !== '', 'a schema name (a non-empty string)'],
  'migrations.prefix': [(v) => ['index', 'timestamp', 'supabase', 'unix', 'none'].includes(/** @type {any} */ (v)), 'one of "index", "timestamp", "supabase", "unix", "none"'],
  'introspect.casing': [(v) => v === 'camel' || v === 'preserve', '"camel" or "preserve"'],
  'entities.roles': [(v) => typeof v === 'boolean' || isObject(v), 'true, false or { provider, include, exclude }'],
  'dbCredentials.url': [isString, 'a connection URL (a string)'],
  'dbCredentials.host': [isString, 'a host name (a string)'],
  'dbCredentials.port': [(v) => (typeof v === 'number' && Number.isInteger(v) && v > 0 && v < 65536) || (isString(v) && /^\d{1,5}$/.test(v)), 'a port number'],
  'dbCredentials.user': [isString, 'a user name (a string)'],
  'dbCredentials.password': [isString, 'a string'],
  'dbCredentials.database': [isString, 'a database name (a string)'],
  'dbCredentials.authToken': [isString, 'a string'],
  'dbCredentials.ssl': [(v) => typeof v === 'boolean' || isString(v) || isObject(v), 'true, false, a mode such as "require", or a TLS options object'],
};

/**
 * drizzle-kit's config fields by type, so a wrong one is reported naming the field rather than failing
 * later inside Node or a driver (`out: 42` gave ERR_INVALID_ARG_TYPE).
 * @param {Record<string, any>} config
 * @param {string} source
 */
function checkFieldTypes(config, source) {
  for (const [field, [ok, expected]] of Object.entries(FIELD_TYPES)) {
    const [head, tail] = field.split('.');
    const value = tail === undefined ? config[head] : isObject(config[head]) ? config[head][tail] : undefined;
    if (value === undefined) continue;
    if (!ok(value)) {
      throw new SleetError('config_validation_error', `${source}: "${field}" must be ${expected}, not ${describeValue(value)}`);
    }
  }
}
