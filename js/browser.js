/**
 * Browser entry: the same engine, loaded with `--target web` bindings. Pass plain schema descriptions
 * and snapshot texts in; nothing here touches a file system.
 */
import init, * as core from '../pkg/web/sleet.js';

let ready;

/** @param {RequestInfo | URL | BufferSource} [wasm] where to load sleet_bg.wasm from (default: next to this module) */
export function initSleet(wasm) {
  ready ??= init(wasm ? { module_or_path: wasm } : undefined);
  return ready;
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
