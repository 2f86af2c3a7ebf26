/**
 * `sleet lint [folder or files…]`: the hazards of existing migrations (generated or hand-written), a CI
 * gate that exits 1 when one at or above `sleet.lint.level` is not acknowledged by a
 * `-- sleet:allow <code> <reason>` line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { call } from '../engine.js';
import { SleetError } from '../errors.js';
import { readSnapshots } from '../folder.js';
import { formatHazards, lintLevel } from '../hazards.js';

/**
 * Which files to lint, grouped by the migrations folder whose snapshots give their previous schema.
 * A target is a migrations folder, one migration folder, or a .sql file.
 * @param {string[]} targets absolute paths
 * @returns {Map<string | null, { path: string, folder?: string }[]>} migrations folder → files
 */
function collect(targets) {
  /** @type {Map<string | null, { path: string, folder?: string }[]>} */
  const groups = new Map();
  const add = (/** @type {string | null} */ root, /** @type {{ path: string, folder?: string }} */ file) => {
    if (!groups.has(root)) groups.set(root, []);
    groups.get(root)?.push(file);
  };
  for (const target of targets) {
    let stat;
    try {
      stat = fs.statSync(target);
    } catch {
      throw new SleetError('lint_input_error', `${target} does not exist: pass a migrations folder, a migration folder or .sql files`);
    }
    if (stat.isDirectory()) {
      if (fs.existsSync(path.join(target, 'migration.sql'))) {
        add(path.dirname(target), { path: path.join(target, 'migration.sql'), folder: path.basename(target) });
        continue;
      }
      const entries = fs.readdirSync(target, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
      const migrations = entries.filter((e) => e.isDirectory() && fs.existsSync(path.join(target, e.name, 'migration.sql')));
      // drizzle-kit 0.31's layout keeps <NNNN>_<name>.sql files in the folder itself.
      const loose = entries.filter((e) => e.isFile() && e.name.endsWith('.sql'));
      for (const e of migrations) add(target, { path: path.join(target, e.name, 'migration.sql'), folder: e.name });
      for (const e of loose) add(null, { path: path.join(target, e.name) });
      if (migrations.length === 0 && loose.length === 0) {
        throw new SleetError('lint_input_error', `${target} holds no migrations (no <folder>/migration.sql and no .sql files)`);
      }
    } else {
      const dir = path.dirname(target);
      const inFolder = path.basename(target) === 'migration.sql' && fs.existsSync(path.join(dir, 'snapshot.json'));
      if (inFolder) add(path.dirname(dir), { path: target, folder: path.basename(dir) });
      else add(null, { path: target });
    }
  }
  return groups;
}

/**
 * The library form: never prints.
 * @param {{ config: Record<string, any>, cwd: string, targets?: string[], level?: string }} opts
 * @returns {Promise<{ status: 'ok' | 'failed', level: string, files: { path: string, hazards: import('../hazards.js').Hazard[], unusedAllows: any[] }[], warnings: string[] }>}
 */
export async function runLint({ config, cwd, targets, level }) {
  const gate = lintLevel(config, level);
  const absolute = (targets?.length ? targets : [config.out]).map((t) => path.resolve(cwd, t));
  const out = { status: /** @type {'ok' | 'failed'} */ ('ok'), level: gate, files: /** @type {any[]} */ ([]), warnings: /** @type {string[]} */ ([]) };
  for (const [root, files] of collect(absolute)) {
    let snapshots = [];
    if (root) {
      try {
        snapshots = readSnapshots(root);
      } catch (err) {
        out.warnings.push(`${/** @type {Error} */ (err).message}; its migrations are linted without their previous schema`);
      }
    }
    const input = {
      dialect: config.dialect,
      level: gate,
      snapshots,
      files: files.map((f) => ({ path: path.relative(cwd, f.path) || f.path, text: fs.readFileSync(f.path, 'utf8'), folder: f.folder })),
    };
    const result = await call('lint', input);
    out.files.push(...result.files);
    out.warnings.push(...result.warnings);
    if (result.status === 'failed') out.status = 'failed';
  }
  return out;
}

/**
 * @param {{ flags: Record<string, any>, positional?: string[], config: Record<string, any>, cwd: string, io: import('../cli.js').IO, json: boolean }} ctx
 * @returns {Promise<number>} exit code: 1 when the gate fails
 */
export async function lintCommand({ flags, positional, config, cwd, io, json }) {
  const result = await runLint({ config, cwd, targets: positional, level: flags.level });
  if (json) {
    io.out(JSON.stringify(result));
    return result.status === 'failed' ? 1 : 0;
  }
  for (const w of result.warnings) io.err(`Warning: ${w}`);
  let open = 0;
  let acknowledged = 0;
  for (const file of result.files) {
    if (file.hazards.length === 0 && file.unusedAllows.length === 0) continue;
    io.out(file.path);
    for (const line of formatHazards(file.hazards, (h) => `line ${h.line}`)) io.out(line);
    for (const a of file.unusedAllows) io.out(`  unused  sleet:allow ${a.code} (line ${a.line}): no such hazard to acknowledge`);
    for (const h of file.hazards) {
      if (h.allowed) acknowledged += 1;
      else open += 1;
    }
  }
  const files = `${result.files.length} file${result.files.length === 1 ? '' : 's'}`;
  const summary = `${files} linted: ${open} hazard${open === 1 ? '' : 's'}${acknowledged ? `, ${acknowledged} acknowledged` : ''} (gate: ${result.level} and above)`;
  if (result.status === 'failed') {
    io.err(`[x] ${summary}. Fix them, or acknowledge each with a line \`-- sleet:allow <code> <reason>\` above its statement.`);
    return 1;
  }
  io.out(`[✓] ${summary}`);
  return 0;
}
