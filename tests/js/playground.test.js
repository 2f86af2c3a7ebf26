// The schema playground in headless Chromium: `sleet playground` serves the built folder, and the page
// must show what the CLI prints and writes for the same schemas — export SQL for each example, two saved
// versions whose migrations equal `sleet generate`'s (a rename answered with the page's buttons, passed
// to the CLI as --hints), those migrations applied into the page's PGlite, the zip of the folder, and the
// whole state back from the URL hash. No request may leave 127.0.0.1.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

import { chromium } from 'playwright-core';
import { main } from '../../js/cli.js';
import { linkedFiles, PLAYGROUND_DIR, servePlayground } from '../../js/commands/playground.js';
import { buildPlayground } from '../../scripts/build-playground.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const executablePath = process.env.SLEET_CHROMIUM ?? '/usr/bin/chromium';
const artefacts = path.join(root, 'tests', '.tmp', 'playground');
const examples = path.join(root, 'playground', 'examples');

/** @type {import('node:child_process').ChildProcess} */
let server;
let base;
/** @type {import('playwright-core').Browser} */
let browser;
const external = [];

/** The CLI in-process, in `cwd`; returns its exit code and what it printed. */
async function cli(argv, cwd) {
  const out = [];
  const err = [];
  const code = await main(argv, { cwd, io: { out: (t) => out.push(t), err: (t) => err.push(t), isTTY: false } });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function cliExport(schemaFile) {
  const r = await cli(['export', '--dialect', 'postgresql', '--schema', schemaFile], root);
  assert.equal(r.code, 0, r.err);
  return r.out;
}

before(async () => {
  assert.ok(existsSync(executablePath), `no Chromium at ${executablePath}: scripts/test.sh installs Debian's chromium package (or set SLEET_CHROMIUM)`);
  rmSync(artefacts, { recursive: true, force: true });
  mkdirSync(artefacts, { recursive: true });
  // `sleet playground` builds dist/playground when it is missing or stale, then serves it.
  server = spawn(path.join(root, 'js', 'cli.js'), ['playground', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  base = await new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    server.stdout.on('data', (d) => {
      out += d;
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (m) resolve(m[0]);
    });
    server.stderr.on('data', (d) => { err += d; });
    server.on('exit', (code) => reject(new Error(`sleet playground exited ${code}: ${err}`)));
  });
  browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
});

/** A fresh page of the playground; any request that would leave the local server is recorded and refused. */
async function openPage(url = base, origin = base) {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
  await context.route('**/*', (route) => {
    if (route.request().url().startsWith(origin) || route.request().url().startsWith('blob:')) return route.continue();
    external.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err));
  await page.goto(url);
  return { page, errors };
}

const exportSql = (page) => page.evaluate(() => window.sleet.exportSql());
const migrationSql = (page) => page.evaluate(() => window.sleet.migrationSql());

/** Waits until the page's export SQL is `expected` (and says what it showed instead when it never is). */
async function waitForExport(page, expected) {
  await page.waitForFunction((sql) => window.sleet?.exportSql() === sql, expected, { timeout: 30_000 })
    .catch(async () => assert.equal(await exportSql(page), expected));
}

/** Replaces the schema editor's text the way a person would: select all, then type. */
async function typeSchema(page, text) {
  await page.locator('#editor .cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

/** A store-only zip read back, with every entry's CRC-32 checked by Node's own zlib. */
function unzip(bytes) {
  const files = {};
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'no end of central directory');
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    assert.equal(bytes.readUInt32LE(at), 0x02014b50, 'central directory entry');
    const crc = bytes.readUInt32LE(at + 16);
    const size = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    assert.equal(bytes.readUInt32LE(local), 0x04034b50, `local header of ${name}`);
    assert.equal(bytes.readUInt16LE(local + 8), 0, `${name} is stored`);
    const data = bytes.subarray(local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28)).subarray(0, size);
    assert.equal(zlib.crc32(data), crc, `CRC-32 of ${name}`);
    files[name] = data.toString('utf8');
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return files;
}

/** A snapshot without what differs between any two runs (its own id and its parents'). */
const comparable = (text) => ({ ...JSON.parse(text), id: undefined, prevIds: undefined });

test('npm run build:playground writes a self-contained static folder', async () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'sleet-playground-'));
  try {
    await buildPlayground(out);
    const files = readdirSync(out).sort();
    assert.deepEqual(files, ['app.js', 'db-worker.js', 'index.html', 'pglite', 'playground.css', 'sleet_bg.wasm', 'worker.js']);
    assert.deepEqual(readFileSync(path.join(out, 'sleet_bg.wasm')), readFileSync(path.join(root, 'pkg', 'web', 'sleet_bg.wasm')));
    // PGlite's browser files, as its package has them, and none of its Node-only ones.
    const pglite = readdirSync(path.join(out, 'pglite'));
    for (const f of ['index.js', 'pglite.wasm', 'pglite.data', 'initdb.wasm']) assert.ok(pglite.includes(f), f);
    assert.deepEqual(pglite.filter((f) => !/\.(js|wasm|data)$/.test(f)), []);
    // The folder the package ships and `sleet playground` serves is the page alone: the engine and PGlite
    // are served from where they are installed (each shipped once, PGlite not at all), and its two large
    // bundles are stored brotli-compressed only, the same bundles as the static folder's.
    const linked = ['app.js.br', 'db-worker.js', 'index.html', 'playground.css', 'worker.js.br'];
    assert.deepEqual(readdirSync(PLAYGROUND_DIR).sort(), linked);
    for (const bundle of ['app.js', 'worker.js']) {
      assert.deepEqual(zlib.brotliDecompressSync(readFileSync(path.join(PLAYGROUND_DIR, `${bundle}.br`))), readFileSync(path.join(out, bundle)), bundle);
    }
    // PGlite is not bundled into the database worker: it loads pglite/index.js at run time.
    assert.ok(statSync(path.join(out, 'db-worker.js')).size < 20_000, 'db-worker.js bundles PGlite');
    assert.match(readFileSync(path.join(out, 'db-worker.js'), 'utf8'), /pglite\/index\.js/);
    for (const bundle of ['app.js', 'worker.js', 'db-worker.js']) {
      const text = readFileSync(path.join(out, bundle), 'utf8');
      assert.doesNotMatch(text, /https?:\/\/(?!www\.w3\.org|github\.com|codemirror\.net|developer\.mozilla)[a-z0-9.-]+\.(com|net|org|io|dev)\/[^\s"'`]*\.(m?js|wasm|css)\b/i, `${bundle} loads code from a URL`);
    }
    const sizes = Object.fromEntries(files.filter((f) => f !== 'pglite').map((f) => [f, statSync(path.join(out, f)).size]));
    console.log(`playground files (bytes): ${JSON.stringify(sizes)}`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('sleet playground refuses a port that is not one', async () => {
  const r = await cli(['playground', '--port', 'eighty'], root);
  assert.equal(r.code, 1);
  assert.match(r.err, /--port must be a port number \(0-65535\), not "eighty"/);
});

test('the playground shows what the CLI prints and writes, applies it into PGlite, zips it and comes back from its URL', { timeout: 240_000 }, async (t) => {
  const { page, errors } = await openPage();

  // First load: the blog example, its export SQL as `sleet export` prints it.
  const blog = readFileSync(path.join(examples, 'blog.ts'), 'utf8');
  await waitForExport(page, await cliExport(path.join(examples, 'blog.ts')));
  const firstSqlMs = await page.evaluate(() => window.sleet.firstSqlMs);
  assert.equal(typeof firstSqlMs, 'number');
  t.diagnostic(`first SQL on screen ${firstSqlMs} ms after navigation start`);
  console.log(`playground: first SQL on screen ${firstSqlMs} ms after navigation start`);

  // Every example, chosen from the list, exports as the CLI does; saved, it applies into PGlite with
  // every table and view its SQL creates.
  for (const name of ['saas', 'shop', 'blog']) {
    await page.selectOption('#example', name);
    const exported = await cliExport(path.join(examples, `${name}.ts`));
    await waitForExport(page, exported);
    assert.equal(await page.evaluate(() => window.sleet.schema()), readFileSync(path.join(examples, `${name}.ts`), 'utf8'));
    if (name === 'blog') break;
    await page.keyboard.press('Alt+2');
    await page.waitForSelector('#migration-sql[data-status="ok"]');
    await page.click('#save');
    await page.waitForFunction(() => window.sleet.state.versions.length === 1);
    await page.keyboard.press('Control+Shift+Enter');
    await page.waitForFunction(() => document.getElementById('db-status').textContent !== 'applying 1…' && document.getElementById('db-status').textContent !== 'empty', null, { timeout: 60_000 });
    assert.equal(await page.textContent('#db-status'), '1 applied');
    const created = [...exported.matchAll(/^CREATE (?:TABLE|VIEW) (?:"(\w+)"\.)?"(\w+)"/gm)].map((m) => `${m[1] ?? 'public'}.${m[2]}`);
    assert.ok(created.length >= 3, exported);
    assert.deepEqual(await page.$$eval('#tables table', (ts) => ts.map((t) => t.dataset.table).sort()), created.sort());
  }
  assert.match(await exportSql(page), /CREATE TABLE "post_tags"/);

  // An edit typed at the end of the file changes the export SQL.
  await page.locator('#editor .cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText("\nexport const likes = pgTable('likes', { postId: integer('post_id').notNull().references(() => posts.id) });\n");
  await page.waitForFunction(() => window.sleet.exportSql().includes('CREATE TABLE "likes"'));

  // Errors are shown with their line: a typo evaluated at run time, and a syntax error.
  const lines = blog.split('\n').length;
  await typeSchema(page, `${blog}export const broken = pgTable('broken', { id: intger('id') });\n`);
  await page.waitForSelector('#error:not([hidden])');
  assert.match(await page.textContent('#error'), new RegExp(`^schema\\.ts:${lines}:\\d+\\s+intger is not defined`));
  await page.waitForSelector('.cm-lint-marker-error');
  await typeSchema(page, `${blog}export const broken = pgTable('broken', { id: integer('id') ) });\nexport const after = 1;\n`);
  await page.waitForFunction(() => !document.getElementById('error').textContent.includes('intger'));
  assert.match(await page.textContent('#error'), new RegExp(`^schema\\.ts:${lines}:61\\s+Unexpected token, expected ","$`));

  // Version 1: the blog as it is.
  await typeSchema(page, blog);
  await page.waitForSelector('#error[hidden]', { state: 'attached' });
  await page.keyboard.press('Alt+2');
  await page.waitForSelector('#migration-sql[data-status="ok"]');
  await page.fill('#version-name', 'init');
  await page.click('#save');
  await page.waitForFunction(() => window.sleet.state.versions.length === 1);
  await page.waitForSelector('#migration-sql[data-status="no_changes"]');

  // Version 2: a table added and a column renamed; the rename question is answered with its button.
  const second = `${blog.replace("displayName: text('display_name')", "fullName: text('full_name')")}
export const likes = pgTable('likes', {
  postId: integer('post_id').notNull().references(() => posts.id, { onDelete: 'cascade' }),
  userId: integer('user_id').notNull().references(() => users.id),
}, (t) => [primaryKey({ columns: [t.postId, t.userId] })]);
`;
  await typeSchema(page, second);
  const rename = page.getByRole('button', { name: 'Renamed from public.users.display_name' });
  await rename.waitFor();
  await rename.click();
  await page.waitForSelector('#migration-sql[data-status="ok"]');
  assert.match(await page.textContent('#hints'), /rename column public\.users\.display_name → public\.users\.full_name/);
  assert.match(await migrationSql(page), /RENAME COLUMN "display_name" TO "full_name"/);
  // The plan's hazards beside its SQL: the rename breaks the application version still running.
  await page.waitForSelector('#hazards:not([hidden])');
  const pageHazards = await page.$$eval('#hazard-list li', (lis) => lis.map((li) => ({ code: li.dataset.code, severity: li.dataset.severity, entity: li.dataset.entity, text: li.textContent })));
  assert.ok(pageHazards.some((h) => h.code === 'rename-column'), JSON.stringify(pageHazards));

  // Screenshots in both themes, of the answered question and its migration (the light one is the README's).
  await page.locator('#editor .cm-content').click();
  await page.keyboard.press('Control+Home');
  await page.screenshot({ path: path.join(artefacts, 'playground-light.png') });
  await page.keyboard.press('Alt+T');
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  await page.screenshot({ path: path.join(artefacts, 'playground-dark.png') });
  await page.keyboard.press('Alt+T');
  await page.fill('#version-name', 'likes');
  await page.locator('#editor .cm-content').click();
  await page.keyboard.press('Control+S');
  await page.waitForFunction(() => window.sleet.state.versions.length === 2);
  const versions = await page.evaluate(() => window.sleet.state.versions);
  assert.deepEqual(versions.map((v) => v.folder.replace(/^\d{14}_/, '')), ['init', 'likes']);

  // The CLI's generate on the same two schemas, with the page's answer as --hints, writes the same.
  const project = mkdtempSync(path.join(root, 'tests', '.tmp', 'playground-cli-'));
  const cliHazards = [];
  try {
    const written = [];
    for (const [i, [source, name]] of [[blog, 'init'], [second, 'likes']].entries()) {
      writeFileSync(path.join(project, 'schema.ts'), source);
      const hints = versions[i].hints.length ? ['--hints', JSON.stringify(versions[i].hints)] : [];
      const r = await cli(['generate', '--dialect', 'postgresql', '--schema', 'schema.ts', '--out', 'drizzle', '--name', name, '--output', 'json', ...hints], project);
      assert.equal(r.code, 0, r.err + r.out);
      cliHazards.push(JSON.parse(r.out.trim().split('\n').pop()).hazards ?? []);
      const folder = readdirSync(path.join(project, 'drizzle')).sort().find((f) => f.endsWith(`_${name}`));
      written.push({
        sql: readFileSync(path.join(project, 'drizzle', folder, 'migration.sql'), 'utf8'),
        snapshot: readFileSync(path.join(project, 'drizzle', folder, 'snapshot.json'), 'utf8'),
      });
    }
    for (const [i, v] of versions.entries()) {
      assert.equal(v.migrationSql, written[i].sql, `migration ${i + 1}`);
      assert.deepEqual(comparable(v.snapshotJson), comparable(written[i].snapshot), `snapshot ${i + 1}`);
    }
    assert.deepEqual(JSON.parse(versions[1].snapshotJson).prevIds, [JSON.parse(versions[0].snapshotJson).id]);
    // The hazards the page showed for the second migration are the ones the CLI reports for it.
    assert.deepEqual(pageHazards.map(({ code, severity, entity }) => ({ code, severity, entity })), cliHazards[1].map(({ code, severity, entity }) => ({ code, severity, entity })));
    for (const [i, h] of cliHazards[1].entries()) assert.ok(pageHazards[i].text.includes(h.why) && pageHazards[i].text.includes(h.safer), h.code);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }

  // Apply both into the page's PGlite (keyboard), then read the tables back.
  await page.keyboard.press('Control+Shift+Enter');
  await page.waitForFunction(() => document.getElementById('db-status').textContent === '2 applied', null, { timeout: 60_000 })
    .catch(async () => assert.fail(`db status: ${await page.textContent('#db-status')}`));
  const tables = await page.$$eval('#tables table', (ts) => Object.fromEntries(ts.map((t) => [
    t.dataset.table, [...t.querySelectorAll('tr')].slice(1).map((r) => r.cells[0].textContent),
  ])));
  assert.deepEqual(Object.keys(tables).sort(), ['public.comments', 'public.likes', 'public.post_tags', 'public.posts', 'public.tags', 'public.users']);
  assert.deepEqual(tables['public.users'], ['id', 'email', 'full_name', 'created_at']);
  assert.deepEqual(tables['public.likes'], ['post_id', 'user_id']);

  // The SQL console runs against the same database.
  await page.locator('#console .cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText("insert into tags (name) values ('sql'), ('wasm');\nselect name from tags order by name;");
  await page.keyboard.press('Control+Enter');
  await page.waitForSelector('#results table');
  assert.deepEqual(await page.$$eval('#results table td', (tds) => tds.map((td) => td.textContent)), ['sql', 'wasm']);

  // The folder as a zip: drizzle/<folder>/{migration.sql,snapshot.json}, byte for byte what the page holds.
  await page.keyboard.press('Alt+3');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  const zipPath = path.join(artefacts, 'drizzle.zip');
  await download.saveAs(zipPath);
  const files = unzip(readFileSync(zipPath));
  assert.deepEqual(files, Object.fromEntries(versions.flatMap((v) => [
    [`drizzle/${v.folder}/migration.sql`, v.migrationSql],
    [`drizzle/${v.folder}/snapshot.json`, v.snapshotJson],
  ])));

  // The URL hash holds everything: a new page rebuilds both versions exactly.
  await page.click('#share');
  await page.waitForFunction(() => document.getElementById('share').textContent === 'Link copied');
  const shared = page.url();
  assert.match(shared, /#s=/);
  const reopened = await openPage(shared);
  await reopened.page.waitForFunction(() => window.sleet.state.versions.length === 2, null, { timeout: 30_000 });
  await reopened.page.waitForSelector('#migration-sql[data-status="no_changes"]', { state: 'attached' });
  assert.equal(await reopened.page.evaluate(() => window.sleet.schema()), second);
  assert.deepEqual(await reopened.page.evaluate(() => window.sleet.state.versions), versions);
  assert.equal(await exportSql(reopened.page), await exportSql(page));

  assert.deepEqual(errors.concat(reopened.errors).map(String), []);
  assert.deepEqual(external, [], 'the page asked for something beyond its own server');
});

test('without PGlite installed the page does everything else, and its database panel names the package to install', { timeout: 120_000 }, async () => {
  // The package's folder served as `sleet playground` serves it where no @electric-sql/pglite resolves.
  const server = await servePlayground({ dir: PLAYGROUND_DIR, port: 0, linked: linkedFiles({}) });
  const origin = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}/`;
  try {
    const { page, errors } = await openPage(origin, origin);
    await waitForExport(page, await cliExport(path.join(examples, 'blog.ts')));
    await page.keyboard.press('Alt+2');
    await page.waitForSelector('#migration-sql[data-status="ok"]');
    await page.click('#save');
    await page.waitForFunction(() => window.sleet.state.versions.length === 1);
    await page.waitForFunction(() => document.getElementById('db-status').textContent.includes('@electric-sql/pglite'));
    assert.match(await page.textContent('#db-status'), /npm i -D @electric-sql\/pglite/);
    // Applying says the same, and nothing was applied.
    await page.keyboard.press('Control+Shift+Enter');
    await page.waitForFunction(() => document.getElementById('db-status').textContent.startsWith('No database'));
    assert.match(await page.textContent('#db-status'), /@electric-sql\/pglite/);
    assert.equal(await page.evaluate(() => window.sleet.state.applied), 0);
    assert.deepEqual(errors.map(String), []);
  } finally {
    server.close();
  }
});

test('the static folder of npm run build:playground works on its own: engine and PGlite from inside it', { timeout: 180_000 }, async () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'sleet-playground-static-'));
  // Nothing linked: a static host serves the folder and nothing else.
  let server;
  try {
    await buildPlayground(out);
    server = await servePlayground({ dir: out, port: 0, linked: {} });
    const origin = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}/`;
    const { page, errors } = await openPage(origin, origin);
    await waitForExport(page, await cliExport(path.join(examples, 'blog.ts')));
    await page.keyboard.press('Alt+2');
    await page.waitForSelector('#migration-sql[data-status="ok"]');
    await page.click('#save');
    await page.waitForFunction(() => window.sleet.state.versions.length === 1);
    await page.keyboard.press('Control+Shift+Enter');
    await page.waitForFunction(() => /applied|No database|:/.test(document.getElementById('db-status').textContent), null, { timeout: 60_000 });
    assert.equal(await page.textContent('#db-status'), '1 applied');
    assert.ok((await page.$$eval('#tables table', (ts) => ts.map((t) => t.dataset.table))).includes('public.users'));
    assert.deepEqual(errors.map(String), []);
  } finally {
    server?.close();
    rmSync(out, { recursive: true, force: true });
  }
});
