#!/usr/bin/env node
// Builds the schema playground into a static folder (default dist/playground) that any static host can
// serve: the page, its three bundles (page, engine worker, database worker), the engine's wasm (named
// by its content) and PGlite's wasm and data files. Nothing is fetched from anywhere else at run time.
//
//   node scripts/build-playground.mjs [--out <dir>]
import { copyFileSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const defaultOut = path.join(root, 'dist', 'playground');
const source = path.join(root, 'playground');

/** Files copied as they are, from where they live to the folder's top level. */
function assets() {
  const require = createRequire(import.meta.url);
  const pglite = path.dirname(require.resolve('@electric-sql/pglite'));
  return [
    path.join(source, 'index.html'),
    path.join(source, 'playground.css'),
    ...['pglite.wasm', 'pglite.data', 'initdb.wasm'].map((f) => path.join(pglite, f)),
  ];
}

/**
 * PGlite's Node file systems import Node's built-ins; bundled, those imports would sit at the top of the
 * worker and fail to resolve in a browser, which never runs that code. They resolve to an empty module.
 */
const nodeBuiltinsStubbed = {
  name: 'node-builtins-stubbed',
  setup(build) {
    build.onResolve({ filter: /^(node:)?(fs|fs\/promises|path|url|crypto|module|os|child_process|zlib|stream|stream\/promises|worker_threads|util)$/ }, (args) => ({ path: args.path, namespace: 'node-builtin-stub' }));
    build.onLoad({ filter: /.*/, namespace: 'node-builtin-stub' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

/** @param {string} [out] */
export async function buildPlayground(out = defaultOut) {
  const esbuild = await import('esbuild');
  // Built beside the target and swapped in whole: a server reading the folder never sees half a build.
  const staging = `${out}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    await esbuild.build({
      entryPoints: ['app.js', 'worker.js', 'db-worker.js'].map((f) => path.join(source, f)),
      outdir: staging,
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      // The examples are TypeScript text for the editor, not code for the page; the engine's wasm is a file
      // beside the bundles (playground/engine.js imports its path).
      loader: { '.ts': 'text', '.wasm': 'file' },
      assetNames: '[name]-[hash]',
      plugins: [nodeBuiltinsStubbed],
      logLevel: 'warning',
    });
    for (const file of assets()) copyFileSync(file, path.join(staging, path.basename(file)));
    rmSync(out, { recursive: true, force: true });
    mkdirSync(path.dirname(out), { recursive: true });
    renameSync(staging, out);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  return out;
}

/** Newest modification time of the playground's inputs (its sources, the shim, the engine builds). */
export function sourcesChangedAt() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const dir of ['playground', 'js', 'pkg']) walk(path.join(root, dir));
  return newest;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--out');
  const out = i > 0 ? path.resolve(process.argv[i + 1]) : defaultOut;
  const started = performance.now();
  await buildPlayground(out);
  let bytes = 0;
  for (const f of readdirSync(out)) bytes += statSync(path.join(out, f)).size;
  console.log(`playground built into ${path.relative(process.cwd(), out) || '.'} (${(bytes / 1e6).toFixed(1)} MB) in ${Math.round(performance.now() - started)} ms`);
}
