// The browser entry in a real browser: headless Chromium loads js/browser.js, the engine as the package
// ships it (pkg/web/sleet_bg.wasm.br, decompressed in the page by pkg/unbrotli) and drizzle-orm's
// own ESM build over HTTP, describes a schema, exports it, generates two migrations and checks the
// folder. Every result must equal what the same engine gives under Node for the same input.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import http from 'node:http';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import * as orm from 'drizzle-orm';
import * as pgCore from 'drizzle-orm/pg-core';
import * as sleet from './support/engine.js';
import { serializePg } from '../../js/schema/pg.js';
import * as schema from '../fixtures/browser/schema.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const chromium = process.env.SLEET_CHROMIUM ?? '/usr/bin/chromium';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

/** Serves the checkout read-only; extension-less module paths (drizzle-orm's `./*` export) get `.js`. */
function serve() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root + path.sep)) return res.writeHead(403).end();
    if (!(existsSync(file) && statSync(file).isFile()) && existsSync(`${file}.js`)) file = `${file}.js`;
    if (!existsSync(file) || !statSync(file).isFile()) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The page's DOM after its script ran, as Chromium prints it. */
function dumpDom(url) {
  // A fresh profile each run: nothing cached from an earlier build can be served.
  const profile = mkdtempSync(path.join(os.tmpdir(), 'sleet-chromium-'));
  return new Promise((resolve, reject) => {
    const child = spawn(chromium, [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
      `--user-data-dir=${profile}`,
      '--virtual-time-budget=60000', '--dump-dom', url,
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    // A guard against a hung browser, not a speed assertion.
    const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      rmSync(profile, { recursive: true, force: true });
      if (code !== 0) reject(new Error(`chromium exited ${code}: ${err.slice(-2000)}`));
      else resolve(out);
    });
  });
}

const unescapeHtml = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&nbsp;/g, '\u00a0').replace(/&amp;/g, '&');

test('headless Chromium runs describe, export, generate and check exactly as Node does', { timeout: 180_000 }, async () => {
  assert.ok(existsSync(chromium), `no Chromium at ${chromium}: scripts/setup.sh installs Debian's chromium package (or set SLEET_CHROMIUM)`);
  const input = {
    generate: { dialect: 'postgresql', nowMs: Date.UTC(2026, 10, 26, 12, 0, 0), newId: 'b7a4c1c0-7c1e-4d3a-9a51-6a1c2d3e4f50', seed: 7, name: 'init', out: 'drizzle' },
    secondId: '0f9e8d7c-6b5a-4938-8271-605f4e3d2c1b',
  };
  const server = await serve();
  let page;
  try {
    const url = `http://127.0.0.1:${server.address().port}/tests/fixtures/browser/page.html#${encodeURIComponent(JSON.stringify(input))}`;
    // Chromium may print the DOM before the page's script ends when the machine is loaded (the full
    // suite's two shards): the result still reads "pending". That is its timing, not an outcome, so
    // the page is loaded again (a failure or an error shows on the first load).
    let result = 'pending';
    for (let attempt = 0; attempt < 3 && result === 'pending'; attempt++) {
      const dom = await dumpDom(url);
      const m = /<pre id="result">([\s\S]*?)<\/pre>/.exec(dom);
      assert.ok(m, `no result element in the page:\n${dom.slice(0, 2000)}`);
      result = m[1];
    }
    assert.notEqual(result, 'pending', 'the page never finished in three loads');
    page = JSON.parse(unescapeHtml(result));
  } finally {
    server.close();
  }
  assert.equal(page.ok, true, page.error);
  assert.match(page.userAgent, /HeadlessChrome/);
  // This server sends files as they are (no Content-Encoding), so the page unpacked the engine itself.
  assert.deepEqual(page.fetched.filter((p) => p.endsWith('.wasm') || p.endsWith('.br')).sort(), ['/pkg/unbrotli/unbrotli.wasm', '/pkg/web/sleet_bg.wasm.br']);

  // The same steps under Node, with the same drizzle-orm and engine build.
  const description = serializePg([schema], { orm, pgCore });
  assert.deepEqual(page.description, JSON.parse(JSON.stringify(description)));
  assert.deepEqual(page.exported, sleet.exportSql({ dialect: 'postgresql', schema: description }));
  const first = sleet.generate({ ...input.generate, schema: description, snapshots: [] });
  assert.deepEqual(page.first, first);
  const second = sleet.generate({ ...input.generate, schema: description, newId: input.secondId, snapshots: [{ folder: first.folder, text: first.snapshotJson }] });
  assert.deepEqual(page.second, second);
  assert.deepEqual(page.checked, sleet.check({ dialect: 'postgresql', out: 'drizzle', snapshots: [{ folder: first.folder, text: first.snapshotJson }] }));

  // And the results are the real thing, not two equal failures.
  assert.equal(page.first.status, 'ok');
  assert.equal(page.first.folder, '20261126120000_init');
  for (const part of ['CREATE TYPE "post_status"', 'CREATE SCHEMA "analytics"', 'CREATE SEQUENCE "analytics"."view_ids"', 'CREATE TABLE "post_tags"', 'CREATE VIEW "published_posts"']) {
    assert.ok(page.first.migrationSql.includes(part), `${part} missing from:\n${page.first.migrationSql}`);
  }
  assert.equal(page.exported.statements.join('\n'), page.first.statements.join('\n'));
  assert.equal(page.second.status, 'no_changes');
  assert.equal(page.checked.status, 'ok');
});
