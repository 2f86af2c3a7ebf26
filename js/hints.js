/**
 * Hints from `--hints '<json>'` / `--hints-file <path>`, and the report of unanswered questions.
 */
import fs from 'node:fs';
import path from 'node:path';
import { call } from './engine.js';
import { SleetError } from './errors.js';

/**
 * @param {{ hints?: string | unknown[], hintsFile?: string }} opts
 * @param {string} cwd
 * @returns {Promise<unknown[]>}
 */
export async function readHints(opts, cwd) {
  const out = [];
  if (Array.isArray(opts.hints)) out.push(...(await call('parseHints', JSON.stringify(opts.hints), 'hints')));
  else if (typeof opts.hints === 'string') out.push(...(await call('parseHints', opts.hints, '--hints')));
  if (opts.hintsFile) {
    const file = path.resolve(cwd, opts.hintsFile);
    let text;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new SleetError('invalid_hints', `--hints-file ${file} cannot be read: ${/** @type {Error} */ (err).message}`);
    }
    out.push(...(await call('parseHints', text, file)));
    // Each source was checked on its own; answers that contradict across the two are refused too.
    if (opts.hints) await call('parseHints', JSON.stringify(out), `--hints with --hints-file ${file}`);
  }
  return out;
}

/** @param {string[]} tuple */
function dotted(tuple) {
  return tuple.join('.');
}

/**
 * The text report rc.5 prints for missing hints, so people and agents see the same instructions.
 * @param {any[]} unresolved
 */
export function formatMissingHints(unresolved) {
  const lines = [`missing_hints: ${unresolved.length} unresolved decision${unresolved.length === 1 ? '' : 's'}`, ''];
  unresolved.forEach((u, i) => {
    const entity = JSON.stringify(u.entity).slice(1, -1).replace(/","/g, '", "');
    if (u.type === 'rename_or_create') {
      const placeholder = u.entity.length === 1 ? '"<old_name>"' : u.entity.length === 2 ? '"<schema>", "<old_name>"' : '"<schema>", "<table>", "<old_name>"';
      lines.push(`${i + 1}. Rename or create  —  ${u.kind}  ${dotted(u.entity)}`);
      lines.push('   Add to --hints:');
      lines.push(`     { "type": "rename", "kind": "${u.kind}", "from": [${placeholder}], "to": [${entity}] }`);
      lines.push('     OR');
      lines.push(`     { "type": "create", "kind": "${u.kind}", "entity": [${entity}] }`);
      if (u.candidates?.length) lines.push(`   Could be a rename of: ${u.candidates.map(dotted).join(', ')}`);
    } else {
      lines.push(`${i + 1}. Confirm data loss  —  ${u.kind}  ${dotted(u.entity)}${u.reason ? `  (${u.reason})` : ''}`);
      lines.push('   Add to --hints:');
      lines.push(`     { "type": "confirm_data_loss", "kind": "${u.kind}", "entity": [${entity}] }`);
    }
    lines.push('');
  });
  lines.push("Re-run with --hints '<json-array>'. Exit code 2.");
  return lines.join('\n');
}
