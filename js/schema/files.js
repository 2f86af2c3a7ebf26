/**
 * Which files the `schema` setting names: paths, directories (their direct files) and globs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SleetError } from '../errors.js';

export const SCHEMA_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.tsx', '.jsx']);

/**
 * @param {string} glob
 * @returns {RegExp}
 */
export function globToRegExp(glob) {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches any number of whole directories, including none.
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else {
        re += '[^/]*';
      }
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) re += '\\{';
      else {
        re += '(?:' + glob.slice(i + 1, end).split(',').map(escapeRe).join('|') + ')';
        i = end;
      }
    } else re += escapeRe(c);
  }
  return new RegExp('^' + re + '$');
}

/** @param {string} s */
function escapeRe(s) {
  return s.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}

/** @param {string} dir */
function* walk(dir) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile()) yield p;
  }
}

/**
 * @param {string[]} patterns from config `schema`
 * @param {string} cwd
 * @returns {string[]} absolute paths, sorted, de-duplicated
 */
export function resolveSchemaFiles(patterns, cwd) {
  const out = new Set();
  for (const pattern of patterns) {
    const abs = path.resolve(cwd, pattern);
    if (!/[*?{]/.test(pattern)) {
      let stat;
      try {
        stat = fs.statSync(abs);
      } catch {
        continue;
      }
      if (stat.isDirectory()) {
        for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
          if (e.isFile() && SCHEMA_EXTENSIONS.has(path.extname(e.name))) out.add(path.join(abs, e.name));
        }
      } else out.add(abs);
      continue;
    }
    const firstMagic = abs.search(/[*?{]/);
    const base = abs.slice(0, abs.lastIndexOf('/', firstMagic)) || '/';
    const re = globToRegExp(abs.split(path.sep).join('/'));
    for (const file of walk(base)) {
      if (SCHEMA_EXTENSIONS.has(path.extname(file)) && re.test(file.split(path.sep).join('/'))) out.add(file);
    }
  }
  const files = [...out].sort();
  if (files.length === 0) {
    throw new SleetError(
      'schema_files_not_found_error',
      `no schema files matched ${patterns.map((p) => JSON.stringify(p)).join(', ')} (from ${cwd}): check "schema" in your config`,
    );
  }
  return files;
}
