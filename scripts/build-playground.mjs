#!/usr/bin/env node
// Builds the schema playground into a static folder (default dist/playground-static) that any static host can
// serve: the page, its three bundles (page, engine worker, database worker), the engine's wasm and
// PGlite's browser files (pglite/). Nothing is fetched from anywhere else at run time.
//
// With --linked, the folder (default dist/playground) holds the page alone: what the package ships, where `sleet playground`
// serves the engine from pkg/web and PGlite from the user's own install (js/commands/playground.js). Its two
// large bundles are stored brotli-compressed only (`app.js.br`, `worker.js.br`: 43 kB less in the tarball
// than gzip makes them), which the server sends with `Content-Encoding: br`.
//
//   node scripts/build-playground.mjs [--out <dir>] [--linked]
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import { linkedFiles, PGLITE_PACKAGE, pgliteDir } from '../js/commands/playground.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The page alone (what the package ships and `sleet playground` serves), and the self-contained folder:
// apart, so that building one never leaves the other where the server or `npm pack` expects its twin.
export const defaultOut = path.join(root, 'dist', 'playground');
export const staticOut = path.join(root, 'dist', 'playground-static');
const source = path.join(root, 'playground');

/** PGlite's files that a browser loads: its ES modules (not the Node-only file systems), wasm and data. */
const pgliteBrowserFile = (name) => /\.(js|wasm|data)$/.test(name);

/** Copies the linked files (the engine, PGlite) into a static folder. */
function copyLinked(out) {
  const pglite = pgliteDir(root);
  if (!pglite) throw new Error(`${PGLITE_PACKAGE} is not installed: the static playground ships it (npm i -D ${PGLITE_PACKAGE})`);
  for (const [name, from] of Object.entries(linkedFiles({ pglite }))) {
    if (!name.endsWith('/')) copyFileSync(from, path.join(out, name));
    else {
      mkdirSync(path.join(out, name));
      for (const f of readdirSync(from).filter(pgliteBrowserFile)) cpSync(path.join(from, f), path.join(out, name, f));
    }
  }
}

/**
 * @param {string} [out]
 * @param {{ linked?: boolean }} [options] linked: leave the engine and PGlite out (served from where they are)
 */
export async function buildPlayground(out = defaultOut, { linked = false } = {}) {
  const esbuild = await import('esbuild');
  // Built beside the target and swapped in whole: a server reading the folder never sees half a build.
  const staging = `${out}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  // Asked for by its content hash, so that a cached engine never meets newer bindings.
  const hash = createHash('sha256').update(readFileSync(linkedFiles()['sleet_bg.wasm'])).digest('hex').slice(0, 16);
  const engineUrl = `sleet_bg.wasm?v=${hash}`;
  try {
    await esbuild.build({
      entryPoints: ['app.js', 'worker.js', 'db-worker.js'].map((f) => path.join(source, f)),
      outdir: staging,
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      // The examples are TypeScript text for the editor, not code for the page.
      loader: { '.ts': 'text' },
      define: { SLEET_ENGINE_URL: JSON.stringify(engineUrl) },
      logLevel: 'warning',
    });
    // The page starts compiling the engine before the worker's bundle has loaded (index.html).
    writeFileSync(path.join(staging, 'index.html'), readFileSync(path.join(source, 'index.html'), 'utf8').replaceAll('%SLEET_ENGINE_URL%', engineUrl));
    copyFileSync(path.join(source, 'playground.css'), path.join(staging, 'playground.css'));
    if (!linked) copyLinked(staging);
    else {
      for (const bundle of ['app.js', 'worker.js']) {
        const file = path.join(staging, bundle);
        const bytes = readFileSync(file);
        const params = { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length };
        writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params }));
        rmSync(file);
      }
    }
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
  const linked = process.argv.includes('--linked');
  const out = i > 0 ? path.resolve(process.argv[i + 1]) : linked ? defaultOut : staticOut;
  const started = performance.now();
  await buildPlayground(out, { linked });
  let bytes = 0;
  const walk = (dir) => {
    for (const f of readdirSync(dir, { withFileTypes: true })) {
      if (f.isDirectory()) walk(path.join(dir, f.name));
      else bytes += statSync(path.join(dir, f.name)).size;
    }
  };
  walk(out);
  console.log(`playground built into ${path.relative(process.cwd(), out) || '.'} (${(bytes / 1e6).toFixed(1)} MB) in ${Math.round(performance.now() - started)} ms`);
}
