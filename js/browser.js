/**
 * Browser entry: Node's engine (pkg/web, the one schema engine the package ships: generate, export and
 * check give the same results as on Node; push and pull need a database and are not exported here),
 * loaded with `--target web` bindings. Nothing here touches a file system: schema modules, snapshot
 * texts and hints are passed in, migration text comes back.
 *
 *   import * as orm from 'drizzle-orm';
 *   import * as pgCore from 'drizzle-orm/pg-core';
 *   import * as schema from './schema.js';
 *   const description = describePgSchema([schema], { orm, pgCore });
 *   const { sql } = await exportSql({ dialect: 'postgresql', schema: description });
 */
import init, * as core from '../pkg/web/sleet.js';
import { serializePg } from './schema/pg.js';
import { isWasm, unbrotli } from './unbrotli.js';

// Shipped brotli-compressed only (README, "Package and engine size").
const ENGINE = new URL('../pkg/web/sleet_bg.wasm.br', import.meta.url);

let ready;

async function engineModule() {
  const response = await fetch(ENGINE);
  if (!response.ok) throw new Error(`the sleet engine could not be fetched: ${response.status} ${response.statusText} (${response.url})`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  // A server that sent the file with `Content-Encoding: br` has decompressed it already.
  if (isWasm(bytes)) return WebAssembly.compile(bytes);
  const wasm = await unbrotli(bytes).catch((err) => {
    throw new Error(`the sleet engine (${ENGINE}) could not be decompressed: ${err.message}`);
  });
  return WebAssembly.compile(wasm);
}

/**
 * @param {RequestInfo | URL | BufferSource | WebAssembly.Module} [wasm] the engine, uncompressed (default:
 *   pkg/web/sleet_bg.wasm.br of this package, decompressed in the page)
 */
export function initSleet(wasm) {
  ready ??= init({ module_or_path: wasm ?? engineModule() });
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
