/**
 * The live database for push, pull and drift: one session through the migrate drivers, the catalog read with
 * progress, and driver failures turned into messages a person can act on (credentials masked).
 */
import { dialectFor } from './dialect.js';
import { connectFromConfig, maskSecrets, openSession } from './drivers/index.js';
import { SleetError } from './errors.js';
import { plural } from './style.js';

/**
 * @typedef {object} Database
 * @property {import('./drivers/session.js').Session} session
 * @property {string} dialect the wing's canonical name
 * @property {any} catalog the wing's catalog reader (readCatalog, describeDriverError)
 * @property {string} description
 * @property {string[]} secrets
 * @property {() => Promise<void>} close
 */

/**
 * @param {Record<string, any>} config
 * @param {string} cwd
 * @param {'push' | 'pull' | 'drift'} command
 * @param {any} [client] a driver client the caller holds (used as is, never closed here)
 * @returns {Promise<Database>}
 */
export async function openDatabase(config, cwd, command, client) {
  const wing = await dialectFor(config.dialect, command);
  if (!wing.catalog) {
    throw new SleetError('unsupported_command_dialect_error', `\`sleet ${command}\` cannot read a ${wing.name} database yet`);
  }
  const catalog = await wing.catalog();
  if (client) {
    const session = await openSession(client);
    return { session, dialect: wing.name, catalog, description: session.driver, secrets: [], close: () => session.release().catch(() => {}) };
  }
  if (!config.dbCredentials && config.driver !== 'pglite') {
    throw new SleetError('missing_required_params_error', 'no database to connect to: set dbCredentials (url, or host/port/user/password/database) in the config, or pass --url');
  }
  let connection;
  try {
    connection = await connectFromConfig(config, cwd);
  } catch (err) {
    throw classifyConnectError(err);
  }
  const session = await connection.session();
  const secrets = connection.secrets;
  return {
    session,
    dialect: wing.name,
    catalog,
    description: connection.description,
    secrets,
    close: async () => {
      await session.release().catch(() => {});
      await Promise.resolve(connection.close()).catch(() => {});
    },
  };
}

/**
 * connectFromConfig already masks the message; give it the code and advice of what went wrong.
 * @param {any} err
 */
function classifyConnectError(err) {
  const message = String(err?.message ?? err);
  if (err?.code === 'driver_missing' || err?.code === 'unsupported_driver') {
    return new SleetError('required_packages_error', message, { cause: err });
  }
  if (/password authentication failed|authentication failed|role "[^"]*" does not exist|no pg_hba\.conf entry|SASL/i.test(message)) {
    return new SleetError('authentication_error', `${message}. Check user and password in dbCredentials (or the url).`, { cause: err });
  }
  if (/database "[^"]*" does not exist/i.test(message)) {
    return new SleetError('connection_error', `${message}. Create the database or fix its name in dbCredentials.`, { cause: err });
  }
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|EAI_AGAIN|timeout|Connection terminated|connect/i.test(message)) {
    return new SleetError('connection_error', `${message}. Check host and port, and that PostgreSQL is running and accepts TCP connections.`, { cause: err });
  }
  return new SleetError('database_driver_error', message, { cause: err });
}

/**
 * Read the catalog with the config's scope; progress goes to `progress` (stage by stage).
 * @param {Database} db
 * @param {Record<string, any>} config
 * @param {(line: string) => void} [progress]
 */
export async function readDatabase(db, config, progress) {
  const started = Date.now();
  const catalog = await db.catalog.readCatalog((/** @type {string} */ sql) => db.session.query(sql), {
    schemaFilter: config.schemaFilter,
    tablesFilter: config.tablesFilter,
    extensionsFilters: config.extensionsFilters,
    entities: config.entities,
    migrations: config.migrations,
    target: db.description,
    // Stage by stage only where a person watches; otherwise the one summary line below.
    onProgress: /** @type {any} */ (progress)?.stages
      ? ({ stage, rows, done, total }) => progress(`  [${done}/${total}] ${stage}: ${plural(rows, 'row')}`)
      : undefined,
  }).catch((err) => {
    throw maskedError(db.catalog.describeDriverError(err, db.description, 'reading the catalog'), db.secrets);
  });
  const { tables, views, columns } = catalog.summary;
  progress?.(`  read ${plural(tables, 'table')}, ${plural(views, 'view')} and ${plural(columns, 'column')} in ${Date.now() - started} ms`);
  return catalog;
}

/**
 * @param {SleetError} err
 * @param {string[]} secrets
 */
export function maskedError(err, secrets) {
  err.message = maskSecrets(err.message, secrets);
  return err;
}
