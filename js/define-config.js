/**
 * `defineConfig` for drizzle.config.ts: `import { defineConfig } from 'sleet'` (or 'sleet/config').
 * It only gives the config its type (js/define-config.d.ts); the object is returned as it is.
 *
 * This module is also what a config file loaded by sleet receives for `drizzle-kit`, `sleet` and
 * `sleet/config` (js/load.js): drizzle-kit's root module exports nothing but an identical
 * `defineConfig`, so a config written for drizzle-kit keeps working once drizzle-kit is uninstalled.
 */

/**
 * @param {import('./define-config.d.ts').SleetConfig} config
 * @returns {import('./define-config.d.ts').SleetConfig}
 */
export function defineConfig(config) {
  return config;
}
