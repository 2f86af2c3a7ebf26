/**
 * The migrations folder on disk: reading snapshots, writing a new migration atomically (it appears
 * whole or not at all), deleting migrations.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SleetError } from './errors.js';

/**
 * Every `<folder>/snapshot.json` of a drizzle-kit 1.0 migrations folder.
 * @param {string} outDir absolute path
 * @returns {{ folder: string, text: string }[]}
 */
export function readSnapshots(outDir) {
  if (!fs.existsSync(outDir)) return [];
  if (fs.existsSync(path.join(outDir, 'meta', '_journal.json'))) {
    throw new SleetError(
      'migrations_outdated_error',
      `${outDir} uses drizzle-kit 0.31's layout (meta/_journal.json): run \`sleet up\` to convert it to the 1.0 folder layout first`,
    );
  }
  const out = [];
  for (const entry of fs.readdirSync(outDir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name === 'meta') continue;
    const dir = path.join(outDir, entry.name);
    const snapshot = path.join(dir, 'snapshot.json');
    if (!fs.existsSync(snapshot)) {
      if (fs.existsSync(path.join(dir, 'migration.sql'))) {
        throw new SleetError(
          'snapshot_error',
          `${snapshot} is missing: every migration folder needs its snapshot.json (restore it from version control)`,
        );
      }
      continue;
    }
    out.push({ folder: entry.name, text: fs.readFileSync(snapshot, 'utf8') });
  }
  return out;
}

/**
 * Write `files` into `<outDir>/<folder>/` so that the folder appears complete or not at all: files are
 * written into a hidden sibling directory first, then renamed into place.
 * @param {string} outDir
 * @param {string} folder
 * @param {Record<string, string>} files name → content
 * @returns {string} the folder's path
 */
export function writeMigrationFolder(outDir, folder, files) {
  fs.mkdirSync(outDir, { recursive: true });
  const finalDir = path.join(outDir, folder);
  if (fs.existsSync(finalDir)) {
    throw new SleetError('write_error', `${finalDir} already exists: choose another --name or wait a second`);
  }
  const tmpDir = path.join(outDir, `.${folder}.tmp-${process.pid}-${Date.now()}`);
  try {
    fs.mkdirSync(tmpDir);
    for (const [name, content] of Object.entries(files)) {
      const fd = fs.openSync(path.join(tmpDir, name), 'w');
      try {
        fs.writeSync(fd, content);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    }
    fs.renameSync(tmpDir, finalDir);
  } catch (err) {
    fs.rmSync(tmpDir, { recursive: true, force: true });
    if (err instanceof SleetError) throw err;
    throw new SleetError('write_error', `could not write ${finalDir}: ${/** @type {Error} */ (err).message}`, { cause: err });
  }
  return finalDir;
}

/**
 * Delete migration folders of `outDir` (by name).
 * @param {string} outDir
 * @param {string[]} folders
 * @param {string} why what is deleting them: the message starts with it when a folder cannot be deleted
 */
export function removeMigrationFolders(outDir, folders, why) {
  for (const folder of folders) {
    const dir = path.join(outDir, folder);
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch (err) {
      throw new SleetError('write_error', `${why}: could not delete ${dir} (${/** @type {Error} */ (err).message}); delete it by hand`, { cause: err });
    }
  }
}

/**
 * Replace `<outDir>/migrations.js` (the bundle of SQL imports for Expo / Durable Objects) atomically.
 * @param {string} outDir
 * @param {string} content
 */
export function writeMigrationsJs(outDir, content) {
  const target = path.join(outDir, 'migrations.js');
  const tmp = path.join(outDir, `.migrations.js.tmp-${process.pid}-${Date.now()}`);
  try {
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, target);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw new SleetError('write_error', `could not write ${target}: ${/** @type {Error} */ (err).message}`, { cause: err });
  }
}
