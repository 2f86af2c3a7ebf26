#!/usr/bin/env node
// First SQL on screen in the playground: headless Chromium (Debian's, through playwright-core) opens the
// built page N times, each in a fresh context (nothing cached), and reads `window.sleet.firstSqlMs`
// (from navigation start to the first export SQL drawn). Prints each run and the median.
//
// With --packed the engine is served as the installed package serves it: from pkg/web/sleet_bg.wasm.br
// alone, with `Content-Encoding: br` (a checkout has the plain module, which is served as it is).
//
//   node bench/playground.mjs [--runs 7] [--packed]
import { copyFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ensurePlaygroundBuilt, linkedFiles, pgliteDir, servePlayground } from '../js/commands/playground.js';

const i = process.argv.indexOf('--runs');
const runs = i > 0 ? Number(process.argv[i + 1]) : 7;
const linked = linkedFiles({ pglite: pgliteDir() });
if (process.argv.includes('--packed')) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sleet-packed-'));
  copyFileSync(`${linked['sleet_bg.wasm']}.br`, path.join(dir, 'sleet_bg.wasm.br'));
  linked['sleet_bg.wasm'] = path.join(dir, 'sleet_bg.wasm');
}
const server = await servePlayground({ dir: await ensurePlaygroundBuilt(), linked });
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.SLEET_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
});
const times = [];
try {
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    let engineEncoding;
    page.on('response', (r) => {
      if (new URL(r.url()).pathname === '/sleet_bg.wasm') engineEncoding = r.headers()['content-encoding'] ?? 'none';
    });
    await page.goto(url);
    await page.waitForFunction(() => window.sleet?.firstSqlMs !== undefined, null, { timeout: 60_000 });
    const { firstSqlMs, scriptStartMs, firstRunMs, workerMs } = await page.evaluate(() => window.sleet);
    console.log(`run ${run + 1}: first SQL ${firstSqlMs} ms (page script started at ${scriptStartMs} ms; engine worker started ${workerMs.workerStart} ms, `
      + `engine ready ${workerMs.engineReady} ms, first schema described ${workerMs.firstDescribed} ms; its first run ${firstRunMs} ms; engine content-encoding ${engineEncoding})`);
    times.push(firstSqlMs);
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
times.sort((a, b) => a - b);
console.log(`median first SQL on screen: ${times[Math.floor(times.length / 2)]} ms over ${runs} loads (min ${times[0]}, max ${times.at(-1)})`);
