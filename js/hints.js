/**
 * Hints from `--hints '<json>'` / `--hints-file <path>`, and the report of unanswered questions.
 */
import fs from 'node:fs';
import path from 'node:path';
import { call } from './engine.js';
import { SleetError } from './errors.js';
import { plural } from './style.js';

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

/** A JSON array as rc.5's report spells it: `"a", "b"`. */
const spaced = (/** @type {string[]} */ tuple) => JSON.stringify(tuple).slice(1, -1).replace(/","/g, '", "');

/** @param {string} text */
const shellQuote = (text) => `'${text.replaceAll("'", "'\\''")}'`;

/**
 * The most likely answer to each question, in order: a rename from the first candidate no earlier
 * answer took, else a create; data loss confirmed (the command was run to make that change).
 * @param {any[]} unresolved
 */
export function likelyAnswers(unresolved) {
  const taken = new Set();
  return unresolved.map((u) => {
    if (u.type !== 'rename_or_create') return { type: 'confirm_data_loss', kind: u.kind, entity: u.entity };
    const from = (u.candidates ?? []).find((c) => !taken.has(JSON.stringify([u.kind, c])));
    if (!from) return { type: 'create', kind: u.kind, entity: u.entity };
    taken.add(JSON.stringify([u.kind, from]));
    return { type: 'rename', kind: u.kind, from, to: u.entity };
  });
}

/**
 * The text report of unanswered questions: each answer ready to paste (a rename names its real
 * `from` when the candidates are known), then one command answering every question with the most
 * likely choice, after the hints already given.
 * @param {any[]} unresolved
 * @param {{ command?: string, given?: unknown[] }} [context]
 */
export function formatMissingHints(unresolved, { command = 'generate', given = [] } = {}) {
  const lines = [`missing_hints: ${plural(unresolved.length, 'unresolved decision')}`, ''];
  unresolved.forEach((u, i) => {
    const entity = spaced(u.entity);
    if (u.type === 'rename_or_create') {
      lines.push(`${i + 1}. Rename or create  —  ${u.kind}  ${dotted(u.entity)}`);
      const candidates = u.candidates ?? [];
      if (candidates.length === 0) {
        const placeholder = u.entity.length === 1 ? '"<old_name>"' : u.entity.length === 2 ? '"<schema>", "<old_name>"' : '"<schema>", "<table>", "<old_name>"';
        lines.push('   Add to --hints:');
        lines.push(`     { "type": "rename", "kind": "${u.kind}", "from": [${placeholder}], "to": [${entity}] }`);
      }
      candidates.forEach((c, k) => {
        lines.push(`   ${k === 0 ? '' : 'OR '}Rename from ${dotted(c)}:`);
        lines.push(`     { "type": "rename", "kind": "${u.kind}", "from": [${spaced(c)}], "to": [${entity}] }`);
      });
      lines.push('   OR create:');
      lines.push(`     { "type": "create", "kind": "${u.kind}", "entity": [${entity}] }`);
    } else {
      lines.push(`${i + 1}. Confirm data loss  —  ${u.kind}  ${dotted(u.entity)}${u.reason ? `  (${u.reason})` : ''}`);
      lines.push('   Add to --hints:');
      lines.push(`     { "type": "confirm_data_loss", "kind": "${u.kind}", "entity": [${entity}] }`);
    }
    lines.push('');
  });
  const answers = likelyAnswers(unresolved);
  const choices = answers.map((a, i) => `${i + 1}: ${a.type === 'rename' ? `rename from ${dotted(a.from)}` : a.type === 'create' ? 'create' : 'confirm the data loss'}`);
  lines.push(`Most likely answers (${choices.join('; ')}), as one command:`);
  lines.push(`  sleet ${command} --hints ${shellQuote(JSON.stringify([...given, ...answers]))}`);
  lines.push("Or put other answers from above in --hints '<json-array>' (or --hints-file). Exit code 2.");
  return lines.join('\n');
}
