#!/usr/bin/env -S node --no-concurrent-recompilation
/**
 * `sleet <command> [flags]`. Exit codes as drizzle-kit 1.0: 0 ok / no changes, 1 error, 2 missing hints.
 * Nothing here ever waits on a prompt unless stdin is a terminal and the output is text.
 */
import { readFileSync, realpathSync } from 'node:fs';
import nodeModule from 'node:module';
import { fileURLToPath } from 'node:url';
import { asSleetError, maskCredentials, SleetError } from './errors.js';
import { PLAIN, styleFor } from './style.js';

const BOOLEAN_FLAGS = new Set([
  'custom', 'explain', 'force', 'verbose', 'strict', 'status', 'dryRun', 'allowEdited', 'ignoreConflicts',
  'fixConflicts', 'init', 'sql', 'help', 'version', 'resume', 'open', 'safe', 'down', 'breakpoints',
]);

const USAGE = `sleet — schema migrations for Drizzle ORM (drizzle-kit 1.0 compatible)

Usage: sleet <command> [flags]

Commands:
  generate   write the next migration folder from your schema (drizzle/<timestamp>_<name>/)
  export     print the SQL that creates your whole schema
  migrate    apply pending migrations to the database
  check      validate the migrations folder and report conflicting branches
  up         convert a drizzle-kit 0.31 (or rc.1–rc.4) folder to the 1.0 layout
  push       change the database to match your schema, without migration files
  pull       write schema.ts and relations.ts from an existing database (alias: introspect)
  lint       report what migrations risk on a running database (data loss, locks, rewrites)
  drift      compare the live database with the migrations (or the schema); exit 1 on a difference
  playground serve the schema playground: write a schema, watch its migrations, all in the browser

Common flags:
  --config <path>        config file (default: drizzle.config.ts|js|json in the current directory)
  --output text|json     machine-readable one-line JSON envelope with --output json
  --help, --version

generate:  --name <name>  --custom  --explain  --hints '<json>'  --hints-file <path>  --fix-conflicts  --safe
           (flags-only mode: --dialect --schema --out --breakpoints, without --config)
export:    --sql (default)  --output json
push:      --explain  --force  --verbose  --hints '<json>'  --hints-file <path>
pull:      --init (baseline: write the first migration and record it as applied)
           (flags-only mode: --url | --host --port --user --password --database, --schema-filter,
            --tables-filter, --extensions-filters, --introspect-casing camel|preserve)
migrate:   --status  --dry-run  --to <name>  --mark-applied <name>  --allow-edited  --resume
           --down [--to <name>] [--force]  (revert the last migration, or every one after <name>, by down.sql)
lint:      [migrations folder | migration folders | .sql files]  --level error|warning|info
           (config: sleet: { lint: { level } }; a line \`-- sleet:allow <code> <reason>\` acknowledges one hazard)
drift:     --schema (compare with the schema instead of the last migration)  --hints '<json>'  --hints-file <path>
           (prints the SQL that brings the database back; exit 1 when it differs)
playground: --port <n> (default 4400; 0 picks a free one)  --open

Exit codes: 0 ok or no changes, 1 error (lint: a hazard at or above the level; drift: a difference), 2 unanswered rename/data-loss questions (see --hints).`;

/**
 * @param {string[]} argv
 * @returns {{ command: string | undefined, flags: Record<string, any>, positional: string[] }}
 */
export function parseArgs(argv) {
  /** @type {Record<string, any>} */
  const flags = {};
  const positional = [];
  // `drift --schema` is a switch; every other command's --schema names the schema files.
  const isSwitch = (/** @type {string} */ name) => BOOLEAN_FLAGS.has(name) || (name === 'schema' && positional[0] === 'drift');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const rawName = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    const name = rawName.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    let value;
    if (eq >= 0) value = arg.slice(eq + 1);
    else if (name.startsWith('no') && name.length > 2 && /[A-Z]/.test(name[2])) {
      flags[name[2].toLowerCase() + name.slice(3)] = false;
      continue;
    } else if (isSwitch(name)) {
      const next = argv[i + 1];
      if (next === 'true' || next === 'false') {
        value = next === 'true';
        i++;
      } else value = true;
    } else {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) {
        throw new SleetError('missing_required_params_error', `--${rawName} needs a value`);
      }
      i++;
    }
    if (isSwitch(name) && typeof value === 'string') value = value !== 'false';
    if (flags[name] !== undefined && !BOOLEAN_FLAGS.has(name)) {
      flags[name] = [].concat(flags[name], value);
    } else flags[name] = value;
  }
  return { command: positional[0], flags, positional: positional.slice(1) };
}

/**
 * @typedef {{ out: (text: string) => void, err: (text: string) => void, isTTY: boolean, errTTY?: boolean,
 *   style?: { out: import('./style.js').Style, err: import('./style.js').Style } }} IO
 * `errTTY`: stderr is a terminal, so progress lines may go there. `style`: colour and symbols per stream.
 */

/**
 * Each command's module and entry point.
 * @type {Record<string, [() => Promise<any>, string]>}
 */
const COMMANDS = {
  generate: [() => import('./commands/generate.js'), 'generateCommand'],
  export: [() => import('./commands/export.js'), 'exportCommand'],
  migrate: [() => import('./commands/migrate.js'), 'migrateCommand'],
  up: [() => import('./commands/up.js'), 'upCommand'],
  check: [() => import('./commands/check.js'), 'checkCommand'],
  push: [() => import('./commands/push.js'), 'pushCommand'],
  pull: [() => import('./commands/pull.js'), 'pullCommand'],
  introspect: [() => import('./commands/pull.js'), 'pullCommand'],
  lint: [() => import('./commands/lint.js'), 'lintCommand'],
  drift: [() => import('./commands/drift.js'), 'driftCommand'],
  playground: [() => import('./commands/playground.js'), 'playgroundCommand'],
};

/**
 * Run the CLI. Returns the exit code instead of exiting, so tests can call it in-process.
 * @param {string[]} argv arguments after the program name
 * @param {{ cwd?: string, io?: IO }} [env]
 */
export async function main(argv, env = {}) {
  const cwd = env.cwd ?? process.cwd();
  const io = env.io ?? {
    out: (t) => process.stdout.write(t + '\n'),
    err: (t) => process.stderr.write(t + '\n'),
    isTTY: !!process.stdin.isTTY && !!process.stdout.isTTY,
    errTTY: !!process.stderr.isTTY,
    style: { out: styleFor(process.stdout), err: styleFor(process.stderr) },
  };
  let json = argv.includes('json') && argv.some((a) => a === '--output' || a === '--output=json');
  try {
    const { command, flags, positional } = parseArgs(argv);
    json = flags.output === 'json';
    if (flags.output !== undefined && flags.output !== 'json' && flags.output !== 'text') {
      throw new SleetError('command_output_error', `--output must be "text" or "json", not ${JSON.stringify(flags.output)}`);
    }
    if (flags.version) {
      // The package's version (the engine is built from the same release): compiling the engine only
      // to ask it would triple the cost of `--version`.
      const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
      io.out(`sleet: v${pkg.version}`);
      return 0;
    }
    if (!command || flags.help) {
      io.out(USAGE);
      return command || flags.help ? 0 : 1;
    }
    if (!Object.hasOwn(COMMANDS, command)) {
      throw new SleetError('unknown_command_error', `unknown command ${JSON.stringify(command)}: run \`sleet --help\` for the list`);
    }
    const [load, entry] = COMMANDS[command];
    // The playground's engine runs in the browser: no config, no engine here.
    if (command === 'playground') return await (await load())[entry]({ flags, cwd, io, json });
    // Loaded here, not at the top: `--help`, `--version` and usage errors need none of it. The config's
    // and the command's modules load together (Node reads each module file asynchronously, and one
    // module's wait is another's turn); a failure is reported where each is awaited.
    const configModule = import('./config.js');
    const commandModule = load();
    for (const loading of [configModule, commandModule]) loading.catch(() => {});
    // A CLI run calls the engine once or twice: V8's tier-up to optimised wasm compiles, on threads that
    // compete for the machine's other cores, code that will barely run again. Kept in the baseline
    // tier, 1,000-table runs took a quarter to a third less CPU, 10-15 % less wall time and 25-30 MiB
    // less peak memory (generate, push, pull; migrate's calls stalled 5-15 ms at 500 migrations); at
    // 4,000 tables the two tiers tie. The same holds for JavaScript: the schema's thread runs
    // drizzle-orm's constructors tens of thousands of times and then never again, and TurboFan's compiles
    // of them cost more than they saved. Without it (the schema's thread, started below, inherits the
    // flag), 1,000-table `generate`, `push` and `pull` took 5-15 % less CPU and 3-8 MiB less peak memory
    // under Node 20, 6-12 MiB under Node 22; at 4,000 tables `generate` was no slower. This process is
    // sleet's own; an application calling the API keeps V8's defaults.
    (await import('node:v8')).setFlagsFromString('--wasm-tiering-budget=1000000000 --no-turbofan');
    // The commands that evaluate the schema start its thread now, to boot while the config loads.
    if (['generate', 'push', 'export'].includes(command) && !flags.custom) (await import('./schema/index.js')).prestartSchemaThread();
    // Every command needs an engine: its compile runs on a background thread while the config loads.
    // (No module above calls the engine when it loads: the flag is set before the compile starts.)
    // `push`, and `generate` with no history, compile it once the schema's thread has ended (runPush,
    // runGenerate): compiled now, it would stand on top of the thread's heap, the command's highest
    // point (≈ 6 MiB more at 1,000 tables, for ≈ 20 ms of wall time saved).
    if (command !== 'push' && command !== 'generate') (await import('./engine.js')).preloadEngine(command === 'migrate' ? 'migrate' : 'schema');
    const { resolveConfig } = await configModule;
    const { config } = await resolveConfig({ command: command === 'introspect' ? 'pull' : command, flags, cwd });
    // Only interactive when a person can answer: text output on a terminal.
    const interactive = !json && io.isTTY;
    return await (await commandModule)[entry]({ flags, positional, config, cwd, io, json, interactive });
  } catch (err) {
    const e = asSleetError(err);
    const message = maskCredentials(e.message);
    if (json) io.out(JSON.stringify({ status: 'error', error: { code: e.code, ...(e.meta ?? {}), message, ...(e.details ? { details: e.details } : {}) } }));
    else io.err(`${(io.style?.err ?? PLAIN).red('Error:')} ${message}${typeof e.meta?.frame === 'string' ? `\n${e.meta.frame}` : ''}`);
    return e.exitCode;
  }
}

const invokedDirectly = (() => {
  try {
    return realpathSync(process.argv[1] ?? '') === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (invokedDirectly) {
  // Node >= 22.1 keeps V8's code for the modules a run compiles (sleet's, the driver's, the config's
  // transpiled copy) in its compile cache (the OS temp folder, or NODE_COMPILE_CACHE), so the next
  // run skips compiling them. Only the CLI turns it on: the process is sleet's own.
  nodeModule.enableCompileCache?.();
  main(process.argv.slice(2)).then(async (code) => {
    // Node 20 can deadlock at exit while V8 still optimises JS on a background thread: the job waits
    // for a garbage collection only the main thread runs, and the exiting main thread waits for the
    // job (gdb: LocalHeap::PerformCollectionAndAllocateAgain against NodePlatform::DrainTasks, or
    // WorkerThreadsTaskRunner::Shutdown under process.exit; seen on finished `generate` runs that then
    // slept for minutes). The bin's shebang turns that compiler thread off (the flag only works on
    // node's command line: set from here it has no effect). When the file is run some other way, the
    // loop turns a few more times first, running any collection a job asked for, so the jobs finish
    // before exit. With the shebang's flag there is no such thread, and no reason to wait (15 ms).
    if (!process.execArgv.includes('--no-concurrent-recompilation')) {
      for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // What is still buffered for a pipe (asynchronous on macOS) is written before the exit.
    const flushed = (/** @type {NodeJS.WriteStream} */ stream) => new Promise((resolve) => stream.write('', () => resolve(undefined)));
    await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
    process.exit(code);
  });
}
