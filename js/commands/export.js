/**
 * `sleet export`: the whole schema as SQL on stdout.
 */
import { runExport } from '../generate.js';

/**
 * @param {{ config: Record<string, any>, cwd: string, io: import('../cli.js').IO, json: boolean }} ctx
 * @returns {Promise<number>}
 */
export async function exportCommand({ config, cwd, io, json }) {
  const result = await runExport({ config, cwd });
  if (json) io.out(JSON.stringify({ status: 'ok', dialect: result.dialect, statements: result.statements, warnings: result.warnings }));
  else {
    for (const w of result.warnings) io.err(`Warning: ${w}`);
    io.out(result.statements.join('\n'));
  }
  return 0;
}
