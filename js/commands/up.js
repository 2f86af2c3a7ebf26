/**
 * `sleet up`: upgrade a migrations folder (drizzle-kit 0.31 journal layout, or older snapshot formats)
 * to the drizzle-kit 1.0 layout. The core plans every file operation; this applies them to a copy of
 * the folder and swaps the copy in, so a crash leaves the old folder or the new one, never a mix.
 */
import fs from 'node:fs';
import path from 'node:path';
import { call } from '../engine.js';
import { SleetError } from '../errors.js';
import { readText } from '../folder.js';

const NEW_SUFFIX = '.sleet-up-new';
const OLD_SUFFIX = '.sleet-up-old';

/**
 * @param {{ flags: Record<string, any>, config: Record<string, any>, cwd: string, io: import('../cli.js').IO, json: boolean }} ctx
 * @returns {Promise<number>} exit code
 */
export async function upCommand({ config, cwd, io, json }) {
  const outDir = path.resolve(cwd, config.out);
  finishInterruptedSwap(outDir);
  const files = fs.existsSync(outDir) ? listFolder(outDir) : [];
  /** @type {{ upgraded: string[], ops: FileOp[] }} */
  const plan = await call('up', { dialect: config.dialect, files, nowMs: Date.now() });
  if (plan.ops.length) applyPlan(outDir, plan.ops);
  const upgraded = plan.upgraded.map((p) => path.join(config.out, p));
  if (json) io.out(JSON.stringify({ status: 'ok', dialect: config.dialect, upgraded }));
  else {
    for (const p of upgraded) io.out(`[✓] ${p}`);
    io.out("Everything's fine 🐶🔥");
  }
  return 0;
}

/**
 * @typedef {{ op: 'mkdir', path: string } | { op: 'write', path: string, text: string } |
 *   { op: 'move', from: string, to: string } | { op: 'deleteDir', path: string }} FileOp
 */

/**
 * Every file the core may need: texts of `meta/*` and `<dir>/snapshot.json`, names of the rest.
 * @param {string} outDir
 * @returns {{ path: string, text?: string }[]}
 */
function listFolder(outDir) {
  const out = [];
  for (const entry of fs.readdirSync(outDir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(outDir, entry.name);
    if (entry.isFile()) {
      out.push({ path: entry.name });
      continue;
    }
    if (!entry.isDirectory()) continue;
    for (const inner of fs.readdirSync(full, { withFileTypes: true })) {
      if (!inner.isFile()) continue;
      const rel = `${entry.name}/${inner.name}`;
      const needsText = entry.name === 'meta' ? inner.name.endsWith('.json') : inner.name === 'snapshot.json';
      out.push(needsText ? { path: rel, text: readText(path.join(full, inner.name), 'snapshot_error') } : { path: rel });
    }
  }
  return out;
}

/**
 * Build the upgraded folder beside the old one, then swap: `out` → `out.sleet-up-old`,
 * `out.sleet-up-new` → `out`, delete the old one.
 * @param {string} outDir
 * @param {FileOp[]} ops
 */
function applyPlan(outDir, ops) {
  const staged = outDir + NEW_SUFFIX;
  const old = outDir + OLD_SUFFIX;
  fs.rmSync(staged, { recursive: true, force: true });
  try {
    fs.cpSync(outDir, staged, { recursive: true, preserveTimestamps: true });
    for (const op of ops) {
      if (op.op === 'mkdir') fs.mkdirSync(path.join(staged, op.path));
      else if (op.op === 'write') writeDurably(path.join(staged, op.path), op.text);
      else if (op.op === 'move') fs.renameSync(path.join(staged, op.from), path.join(staged, op.to));
      else if (op.op === 'deleteDir') fs.rmSync(path.join(staged, op.path), { recursive: true, force: true });
      else throw new Error(`unknown file operation ${JSON.stringify(op)}`);
    }
  } catch (err) {
    fs.rmSync(staged, { recursive: true, force: true });
    throw new SleetError('write_error', `could not prepare the upgraded ${outDir}: ${/** @type {Error} */ (err).message}. No file was changed`, { cause: err });
  }
  fs.rmSync(old, { recursive: true, force: true });
  fs.renameSync(outDir, old);
  fs.renameSync(staged, outDir);
  fs.rmSync(old, { recursive: true, force: true });
}

/**
 * A crash between the two renames of the swap leaves only `out.sleet-up-new` (complete) and
 * `out.sleet-up-old`: finish the swap. A leftover `.sleet-up-new` beside an intact folder is an
 * unfinished build: drop it.
 * @param {string} outDir
 */
function finishInterruptedSwap(outDir) {
  const staged = outDir + NEW_SUFFIX;
  const old = outDir + OLD_SUFFIX;
  if (!fs.existsSync(outDir) && fs.existsSync(staged)) fs.renameSync(staged, outDir);
  if (fs.existsSync(outDir)) {
    fs.rmSync(old, { recursive: true, force: true });
    fs.rmSync(staged, { recursive: true, force: true });
  }
}

/** @param {string} file @param {string} text */
function writeDurably(file, text) {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
