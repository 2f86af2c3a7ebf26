/**
 * Printing hazards (found by the engine, see src/hazards) for people, and the `sleet.lint` config key.
 */
import { SleetError } from './errors.js';

/**
 * @typedef {object} Hazard
 * @property {string} code stable rule code, e.g. `drop-column`
 * @property {'error' | 'warning' | 'info'} severity
 * @property {string} class data-loss | rewrite | lock | failure | compatibility
 * @property {number} statement index of the statement in the plan or file
 * @property {string} sql
 * @property {string} entity
 * @property {string} why
 * @property {string} safer
 * @property {number} [line] first line of the statement in its file (lint)
 * @property {string} [allowed] reason of the `-- sleet:allow` line that acknowledged it
 */

export const LEVELS = /** @type {const} */ (['info', 'warning', 'error']);

/**
 * Text lines for a list of hazards; `where` says where each statement is (a file and line for lint).
 * @param {Hazard[]} hazards
 * @param {(h: Hazard) => string} [where]
 * @returns {string[]}
 */
export function formatHazards(hazards, where = (h) => `statement ${h.statement + 1}`) {
  const lines = [];
  for (const h of hazards) {
    const sql = h.sql.replace(/\s+/g, ' ');
    lines.push(`  ${h.severity.padEnd(7)} ${h.code} · ${h.entity} (${where(h)})${h.allowed ? ` · allowed: ${h.allowed}` : ''}`);
    lines.push(`          ${sql.length > 120 ? `${sql.slice(0, 117)}...` : sql}`);
    lines.push(`          why: ${h.why}`);
    lines.push(`          safer: ${h.safer}`);
  }
  return lines;
}

/**
 * The heading and lines `generate` and `push --explain` print under their statements.
 * @param {Hazard[]} hazards
 */
export function describePlanHazards(hazards) {
  if (!hazards?.length) return [];
  return ['', `--- Hazards (${hazards.length}): what these statements risk on a running database ---`, ...formatHazards(hazards)];
}

/**
 * `sleet.lint.level` (default `warning`): `sleet lint` fails on an unacknowledged hazard at or above it.
 * @param {Record<string, any>} config
 * @param {string} [flag] `--level` overrides the config
 * @returns {'info' | 'warning' | 'error'}
 */
export function lintLevel(config, flag) {
  const value = flag ?? config.sleet?.lint?.level ?? 'warning';
  if (!LEVELS.includes(value)) {
    throw new SleetError('config_validation_error', `${flag !== undefined ? '--level' : 'sleet.lint.level'} must be 'error', 'warning' or 'info', got ${JSON.stringify(value)}`);
  }
  return value;
}
