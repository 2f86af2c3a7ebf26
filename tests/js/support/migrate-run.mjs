// `sleet migrate` as a process for tests: argv[2] = JSON { config, flags, cwd }. Prints a line
// "start <name>" when a migration starts so tests can interrupt it.
import { migrateCommand } from '../../../js/commands/migrate.js';

const { config, flags, cwd } = JSON.parse(process.argv[2]);
const code = await migrateCommand({
  flags,
  config,
  cwd,
  io: { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`), isTTY: true },
});
process.exit(code);
