/**
 * Schema modules → the plain description the core turns into a model.
 */
import { dialectFor } from '../dialect.js';
import { SleetError } from '../errors.js';
import { importFromProject, importUserModule } from '../load.js';
import { resolveSchemaFiles } from './files.js';

/**
 * @param {Record<string, any>} config normalised config (dialect, schema)
 * @param {string} cwd
 * @param {string} [command] the command that needs the description, named when its wing cannot serve it
 * @returns {Promise<{ dialect: string, schema: unknown, files: string[] }>}
 */
export async function describeSchema(config, cwd, command = 'generate') {
  const wing = await dialectFor(config.dialect, command);
  if (!config.schema || config.schema.length === 0) {
    throw new SleetError('config_validation_error', `${config.source}: "schema" is required: the file(s) that export your drizzle tables`);
  }
  if (!wing.describe) {
    throw new SleetError('unsupported_command_dialect_error', `dialect ${JSON.stringify(config.dialect)}: schema files cannot be read yet`);
  }
  const files = resolveSchemaFiles(config.schema, cwd);
  const modules = [];
  for (const file of files) modules.push(await importUserModule(file, 'schema file'));
  return { dialect: wing.name, schema: await wing.describe(modules, files, importFromProject), files };
}
