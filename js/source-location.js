/**
 * Where in the user's source a load error happened: `file:line:column` and a short code frame, found
 * in an error's stack (mapped back through the TypeScript loader's source maps where the frame points at
 * transpiled code) or given by the transform itself for a syntax error.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** @typedef {{ file: string, line: number, column: number }} SourceLocation 1-based line and column */

/**
 * Maps a position in a file that was run (transpiled output) back to the user's source, or returns
 * null when `runFile` is not such a file. Set by the TypeScript loader.
 * @type {Array<(runFile: string, line: number, column: number) => SourceLocation | null>}
 */
const mappers = [];

/** @param {(runFile: string, line: number, column: number) => SourceLocation | null} mapper */
export function addLocationMapper(mapper) {
  mappers.push(mapper);
}

/**
 * What the user wrote in place of URLs only the loader knows (a transpiled copy, a resolved package
 * file), so that messages such as Node's "does not provide an export named" name their imports.
 * @type {Map<string, string>}
 */
export const userNames = new Map();

/** @param {string} text */
export function inUserTerms(text) {
  return text.replace(/file:\/\/[^\s'"]+/g, (url) => userNames.get(url) ?? url);
}

const sleetDir = path.dirname(fileURLToPath(import.meta.url));

/**
 * The user-code position an error points at: the first stack frame (or V8's "file:line" header of a
 * syntax or link error) inside a file of the user's project, not in node_modules or sleet itself.
 * @param {unknown} err
 * @param {string} loading the module being loaded, searched for what Bun reports without a position
 * @returns {SourceLocation | null}
 */
export function locateError(err, loading) {
  if (!err || typeof err !== 'object') return null;
  const e = /** @type {any} */ (err);
  // Bun: a failed parse carries its position (1-based line and column).
  const pos = e.position;
  if (pos && typeof pos.file === 'string' && pos.line > 0) return { file: pos.file, line: pos.line, column: Math.max(1, pos.column) };
  // Bun: a failed resolution names the specifier and the file that imports it.
  if (typeof e.specifier === 'string' && typeof e.referrer === 'string' && fs.existsSync(e.referrer)) {
    return findInFile(e.referrer, new RegExp(`(["'])${escapeRegExp(e.specifier)}\\1`), (m) => m.index);
  }
  // Bun: a missing export says only which name and module.
  const missing = /^Export named '([^']+)' not found/.exec(String(e.message ?? ''));
  if (missing) {
    const name = missing[1];
    return findInFile(loading, new RegExp(`\\bimport\\s[^;]*?\\{[^}]*?\\b${escapeRegExp(name)}\\b`), (m) => m.index + m[0].length - name.length);
  }
  const stack = typeof e.stack === 'string' ? e.stack : '';
  // Node decorates a syntax or link error of an ES module with "url:line", the line and a caret.
  const header = /^(file:\/\/\S+?|\/\S+?):(\d+)\n(.*)\n( *)\^/.exec(stack);
  if (header) {
    const found = userLocation(header[1], Number(header[2]), header[4].length + 1);
    if (found) return found;
  }
  for (const m of stack.matchAll(/(?:\(|at )((?:file:\/\/)?\/[^()\s]*?):(\d+):(\d+)\)?$/gm)) {
    const found = userLocation(m[1], Number(m[2]), Number(m[3]));
    if (found) return found;
  }
  return null;
}

/**
 * @param {string} file @param {RegExp} re @param {(m: RegExpExecArray) => number} offsetOf
 * @returns {SourceLocation | null}
 */
function findInFile(file, re, offsetOf) {
  let source;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const m = re.exec(source);
  if (!m) return null;
  return { file, ...lineColumnAt(source, offsetOf(m)) };
}

/** @param {string} s */
function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** @param {string} where a path or file URL @param {number} line @param {number} column */
function userLocation(where, line, column) {
  let file = where;
  if (where.startsWith('file://')) {
    try {
      file = fileURLToPath(where);
    } catch {
      return null;
    }
  }
  for (const map of mappers) {
    const mapped = map(file, line, column);
    if (mapped) return mapped;
  }
  if (file.split(path.sep).includes('node_modules') || file.startsWith(sleetDir + path.sep)) return null;
  return fs.existsSync(file) ? { file, line, column } : null;
}

/**
 * A line-based location from a character offset.
 * @param {string} source
 * @param {number} offset UTF-16 index
 * @returns {{ line: number, column: number }} 1-based
 */
export function lineColumnAt(source, offset) {
  let line = 1;
  let lineStart = 0;
  for (let i = source.indexOf('\n'); i !== -1 && i < offset; i = source.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

const FRAME_WIDTH = 100;

/**
 * The offending line (and the one before it) with a caret under the column, as compilers print it.
 * Long lines are cut to a window around the column.
 * @param {SourceLocation} loc
 * @param {string} [source] the file's text (read from disk when not given)
 * @returns {string | null}
 */
export function codeFrame(loc, source) {
  let text = source;
  if (text === undefined) {
    try {
      text = fs.readFileSync(loc.file, 'utf8');
    } catch {
      return null;
    }
  }
  const lines = text.split(/\r?\n/);
  if (loc.line < 1 || loc.line > lines.length) return null;
  const gutter = String(loc.line).length;
  const start = lines[loc.line - 1].length <= FRAME_WIDTH ? 0 : Math.max(0, loc.column - 1 - Math.floor(FRAME_WIDTH / 2));
  const cut = (/** @type {string} */ s) => (start > 0 || s.length > FRAME_WIDTH ? s.slice(start, start + FRAME_WIDTH) : s);
  const out = [];
  if (loc.line > 1 && lines[loc.line - 2].trim() !== '') out.push(`  ${String(loc.line - 1).padStart(gutter)} | ${cut(lines[loc.line - 2])}`.trimEnd());
  out.push(`> ${String(loc.line).padStart(gutter)} | ${cut(lines[loc.line - 1])}`.trimEnd());
  out.push(`  ${' '.repeat(gutter)} | ${' '.repeat(Math.max(0, loc.column - 1 - start))}^`);
  return out.join('\n');
}

const VLQ = new Map([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c, i) => [c, i]));

/**
 * The original position of a generated one, from a source map's `mappings` (one source): the last
 * segment on the generated line that starts at or before the column.
 * @param {string} mappings
 * @param {number} line 1-based generated line
 * @param {number} column 1-based generated column
 * @returns {{ line: number, column: number } | null} 1-based
 */
export function originalPosition(mappings, line, column) {
  let srcLine = 0;
  let srcCol = 0;
  let genLine = 1;
  let best = null;
  for (const group of mappings.split(';')) {
    let genCol = 0;
    if (group) {
      for (const segment of group.split(',')) {
        const fields = decodeVlq(segment);
        genCol += fields[0];
        if (fields.length >= 4) {
          srcLine += fields[2];
          srcCol += fields[3];
          if (genLine === line && genCol <= column - 1) best = { line: srcLine + 1, column: srcCol + 1 };
        }
      }
    }
    if (genLine === line) return best;
    genLine++;
  }
  return best;
}

/** @param {string} segment */
function decodeVlq(segment) {
  const out = [];
  let value = 0;
  let shift = 0;
  for (const c of segment) {
    const digit = VLQ.get(c) ?? 0;
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}
