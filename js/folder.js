/**
 * The migrations folder on disk: reading snapshots, writing a new migration atomically (it appears
 * whole or not at all), deleting migrations.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SleetError } from './errors.js';

/**
 * Every `<folder>/snapshot.json` of a drizzle-kit 1.0 migrations folder.
 * @template {boolean} [B=false]
 * @param {string} outDir absolute path
 * @param {{ bytes?: B }} [opts] the files' bytes instead of their texts, for the engine, which reads
 *   UTF-8 itself: decoding megabytes into a string only to encode them back costs time
 * @returns {{ folder: string, text: B extends true ? Uint8Array : string }[]}
 */
export function readSnapshots(outDir, opts) {
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
    if (!occupied(snapshot)) {
      if (occupied(path.join(dir, 'migration.sql'))) {
        throw new SleetError(
          'snapshot_error',
          `${snapshot} is missing: every migration folder needs its snapshot.json (restore it from version control)`,
        );
      }
      continue;
    }
    out.push({ folder: entry.name, text: /** @type {any} */ (opts?.bytes ? readBytes(snapshot, 'snapshot_error') : readText(snapshot, 'snapshot_error')) });
  }
  return out;
}

/**
 * A file's text, or an error naming the path and what is wrong with it (Node's own EISDIR or ELOOP
 * messages name no path).
 * @param {string} file
 * @param {string} code the error code to throw with
 * @returns {string}
 */
export function readText(file, code) {
  return readOrExplain(file, code, () => fs.readFileSync(file, 'utf8'));
}

/**
 * A file's bytes, with `readText`'s errors.
 * @param {string} file
 * @param {string} code
 * @returns {Buffer}
 */
export function readBytes(file, code) {
  return readOrExplain(file, code, () => fs.readFileSync(file));
}

/**
 * @template T
 * @param {string} file @param {string} code @param {() => T} read
 * @returns {T}
 */
function readOrExplain(file, code, read) {
  try {
    return read();
  } catch (err) {
    throw new SleetError(code, `${file} cannot be read: ${readProblem(err)}. Restore it from version control`, { cause: err });
  }
}

/**
 * What is wrong with a path that exists (see `occupied`) but cannot be read, for a person.
 * @param {unknown} err the read's error
 */
export function readProblem(err) {
  const code = /** @type {any} */ (err)?.code;
  const known = /** @type {Record<string, string>} */ ({
    EISDIR: 'it is a directory, not a file',
    ELOOP: 'it is a symlink loop',
    ENOENT: 'it is a symlink to a file that does not exist',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
  })[code];
  return known ?? /** @type {any} */ (err)?.message ?? String(err);
}

/** @param {string} file whether anything, a dangling symlink included, is at this path */
export function occupied(file) {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * A file's content as the engine hands it back: its text, or its UTF-8 in pieces (`files: 'bytes'`,
 * see `FilesAs` in src/schema_surface.rs), written as they are.
 * @typedef {string | Uint8Array[]} FileContent
 */

/** @param {number} fd @param {FileContent} content */
function writeContent(fd, content) {
  for (const piece of typeof content === 'string' ? [Buffer.from(content)] : content) {
    for (let at = 0; at < piece.length; ) at += fs.writeSync(fd, piece, at, piece.length - at);
  }
}

/**
 * Write `files` into `<outDir>/<folder>/` so that the folder appears complete or not at all: files are
 * written into a hidden sibling directory first, then renamed into place.
 * @param {string} outDir
 * @param {string} folder
 * @param {Record<string, FileContent>} files name → content
 * @returns {string} the folder's path
 */
export function writeMigrationFolder(outDir, folder, files) {
  fs.mkdirSync(outDir, { recursive: true });
  const finalDir = path.join(outDir, folder);
  if (fs.existsSync(finalDir)) {
    throw new SleetError('write_error', `${finalDir} already exists: choose another --name or wait a second`);
  }
  removeStaleTemporaryFolders(outDir);
  const tmpDir = path.join(outDir, `.${folder}.tmp-${process.pid}-${Date.now()}`);
  try {
    fs.mkdirSync(tmpDir);
    for (const [name, content] of Object.entries(files)) {
      const fd = fs.openSync(path.join(tmpDir, name), 'w');
      try {
        writeContent(fd, content);
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

const TEMPORARY_FOLDER = /^\..+\.tmp-(\d+)-\d+$/;

/**
 * Delete the temporary folders that a killed `writeMigrationFolder` left behind. Only those of
 * processes that no longer exist: a live pid may be another generate writing right now.
 * @param {string} outDir
 */
export function removeStaleTemporaryFolders(outDir) {
  let names;
  try {
    names = fs.readdirSync(outDir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = TEMPORARY_FOLDER.exec(name);
    if (!m || processAlive(Number(m[1]))) continue;
    fs.rmSync(path.join(outDir, name), { recursive: true, force: true });
  }
}

/** @param {number} pid */
function processAlive(pid) {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return /** @type {any} */ (err).code === 'EPERM';
  }
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
  writeFileAtomically(path.join(outDir, 'migrations.js'), content);
}

/**
 * Replace `target` whole or not at all: written beside it under a hidden name, then renamed.
 * @param {string} target
 * @param {FileContent} content
 */
export function writeFileAtomically(target, content) {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.tmp-${process.pid}-${Date.now()}`);
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      writeContent(fd, content);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, target);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw new SleetError('write_error', `could not write ${target}: ${/** @type {Error} */ (err).message}`, { cause: err });
  }
}
