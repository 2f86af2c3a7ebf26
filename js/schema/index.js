/**
 * Schema modules → the plain description the core turns into a model.
 */
import { SleetError } from '../errors.js';
import { importFromProject, importUserModule } from '../load.js';
import { resolveSchemaFiles } from './files.js';

/**
 * @param {Record<string, any>} config normalised config (dialect, schema)
 * @param {string} cwd
 * @param {string} [command] the command asking, named when its dialect is not supported
 * @returns {Promise<{ dialect: string, schema: unknown, files: string[] }>}
 */
export async function describeSchema(config, cwd, command = 'this command') {
  if (!config.schema || config.schema.length === 0) {
    throw new SleetError('config_validation_error', `${config.source}: "schema" is required: the file(s) that export your drizzle tables`);
  }
  const files = resolveSchemaFiles(config.schema, cwd);
  const modules = [];
  for (const file of files) modules.push(await importUserModule(file, 'schema file'));
  switch (config.dialect) {
    case 'postgresql': {
      const { serializePg } = await import('./pg.js');
      const drizzle = {
        orm: await importFromProject('drizzle-orm', files[0]),
        pgCore: await importFromProject('drizzle-orm/pg-core', files[0]),
      };
      return { dialect: 'postgresql', schema: serializePg(modules, drizzle), files };
    }
    default:
      throw new SleetError(
        'unsupported_command_dialect_error',
        `dialect ${JSON.stringify(config.dialect)} is not supported by ${command} yet (postgresql is)`,
      );
  }
}
