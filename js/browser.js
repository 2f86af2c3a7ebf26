/**
 * Browser entry: the engine built without `introspect` (pkg/browser: generate, export and check give
 * the same results as on Node; push and pull need a database and are not in it), loaded with
 * `--target web` bindings. Nothing here touches a file system: schema modules, snapshot texts and
 * hints are passed in, migration text comes back.
 *
 *   import * as orm from 'drizzle-orm';
 *   import * as pgCore from 'drizzle-orm/pg-core';
 *   import * as schema from './schema.js';
 *   const description = describePgSchema([schema], { orm, pgCore });
 *   const { sql } = await exportSql({ dialect: 'postgresql', schema: description });
 */
import init, * as core from '../pkg/browser/sleet.js';
import { serializePg } from './schema/pg.js';

let ready;

/** @param {RequestInfo | URL | BufferSource} [wasm] where to load sleet_bg.wasm from (default: next to this module) */
export function initSleet(wasm) {
  ready ??= init(wasm ? { module_or_path: wasm } : undefined);
  return ready;
}

/**
 * The plain description of every Postgres entity the modules export, as `sleet generate` builds it on
 * Node: pass the same `drizzle-orm` the schema modules were built with.
 * @param {Array<Record<string, unknown>>} modules  the schema modules' namespaces
 * @param {{ orm: any, pgCore: any }} drizzle  `drizzle-orm` and `drizzle-orm/pg-core`
 */
export function describePgSchema(modules, drizzle) {
  return serializePg(modules, drizzle);
}

/** @param {Parameters<typeof core.generate>[0]} input */
export async function generate(input) {
  await initSleet();
  return core.generate(input);
}

/** @param {Parameters<typeof core.exportSql>[0]} input */
export async function exportSql(input) {
  await initSleet();
  return core.exportSql(input);
}

/** @param {Parameters<typeof core.check>[0]} input */
export async function check(input) {
  await initSleet();
  return core.check(input);
}
