// The shim's engine inputs (js/engine.js): JSON made elsewhere — the schema's description, sent by its
// thread as UTF-8, and Postgres's catalog, written by the server — crosses into the core in parts
// (strings and UTF-8 pieces), never joined into one more JS copy first. The real engine, and a real
// drizzle-orm schema module described by the real schema thread.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { call, JsonText, jsonParts } from '../../js/engine.js';
import { describeFiles, describeSchema } from '../../js/schema/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TABLE = 'prénom_€_😀';

function project() {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sleet-input-')));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(path.join(root, 'node_modules', 'drizzle-orm'), path.join(dir, 'node_modules', 'drizzle-orm'));
  fs.writeFileSync(
    path.join(dir, 'schema.mjs'),
    `import { pgTable, integer, text } from 'drizzle-orm/pg-core';\nexport const t = pgTable(${JSON.stringify(TABLE)}, { id: integer('id').primaryKey(), note: text('note_ü').default('naïve') });\n`,
  );
  return dir;
}

test('a description in parts, cut inside characters, is the description: same SQL, same value', async () => {
  const dir = project();
  try {
    const described = await describeSchema({ dialect: 'postgresql', schema: ['schema.mjs'], source: 'test' }, dir, 'export');
    assert.ok(described.schema instanceof JsonText);
    const [bytes] = described.schema.parts;
    assert.ok(bytes instanceof Uint8Array, 'the thread hands over UTF-8');
    const text = new TextDecoder().decode(bytes);
    const at = (/** @type {string} */ s) => Buffer.from(text.slice(0, text.indexOf(s))).length;
    // Inside '€' (3 bytes), inside '😀' (4 bytes), then the rest as a string from a character boundary.
    const cuts = [at('€') + 1, at('😀') + 2, at('😀') + 4];
    const parts = [bytes.subarray(0, cuts[0]), bytes.subarray(cuts[0], cuts[1]), bytes.subarray(cuts[1], cuts[2]), new TextDecoder().decode(bytes.subarray(cuts[2]))];
    assert.equal(parts.length, 4);

    const whole = await call('exportSql', { dialect: 'postgresql', schema: JSON.parse(text) });
    const fromParts = await call('exportSql', { dialect: 'postgresql', schema: new JsonText(parts) });
    assert.deepEqual(fromParts, whole);
    assert.ok(whole.statements[0].startsWith(`CREATE TABLE "${TABLE}" (`), whole.statements[0]);
    assert.match(whole.statements[0], /"note_ü" text DEFAULT 'naïve'/);
    assert.deepEqual(new JsonText(parts).toJSON(), JSON.parse(text), 'toJSON decodes pieces cut inside characters');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a part that is neither text nor bytes is an input error, not a crash', async () => {
  await assert.rejects(call('exportSql', { dialect: 'postgresql', schema: new JsonText([/** @type {any} */ (42)]) }), (err) => {
    assert.equal(/** @type {any} */ (err).code, 'invalid_input');
    assert.match(String(/** @type {any} */ (err).message), /jsonParts must be a string or a Uint8Array/);
    return true;
  });
});

test('the schema thread hands a large description over in UTF-8 parts that are JSON.stringify’s text', async () => {
  const dir = project();
  try {
    // 300 tables (about 1.5 MB of description): many parts, one table's name not ASCII.
    const schema = execFileSync(process.execPath, [path.join(root, 'bench/gen-schema.mjs'), '300'], { encoding: 'utf8', maxBuffer: 1 << 26 }).replace("pgTable('table_7'", `pgTable(${JSON.stringify(TABLE)}`);
    fs.writeFileSync(path.join(dir, 'schema.ts'), schema);
    const described = await describeSchema({ dialect: 'postgresql', schema: ['schema.ts'], source: 'test' }, dir, 'export');
    const { parts } = described.schema;
    assert.ok(parts.length > 10, `${parts.length} parts`);
    assert.ok(parts.every((part) => part instanceof Uint8Array));
    const sent = Buffer.concat(parts).toString('utf8');
    const inThread = JSON.stringify(await describeFiles({ wing: 'postgresql', files: [path.join(dir, 'schema.ts')] }));
    assert.equal(sent, inThread);
    assert.ok(sent.includes(JSON.stringify(TABLE)));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('jsonParts writes JSON.stringify’s text, as strings or as UTF-8, at every depth', () => {
  const big = 'x'.repeat(70_000);
  const value = {
    a: [1, undefined, () => 1, Symbol('s'), null, 'é😀', { b: undefined, c: [[], {}], d: new Date(0) }],
    skipped: undefined,
    fn: () => 1,
    withToJSON: { toJSON: () => ({ replaced: true }) },
    nested: { deeper: { deepest: [big, '€'.repeat(30_000), big, '😀'.repeat(40_000)] } },
    text: new JsonText(['{"spliced":', new TextEncoder().encode('"ü"'), '}']),
  };
  const expected = JSON.stringify({ ...value, text: { spliced: 'ü' } });
  for (const depth of [0, 1, 2, 3, Infinity]) {
    const asText = jsonParts(value, { depth });
    assert.equal(asText.map((part) => (typeof part === 'string' ? part : new TextDecoder().decode(part))).join(''), expected, `depth ${depth}`);
    const asUtf8 = jsonParts(value, { depth, utf8: true });
    assert.ok(asUtf8.every((part) => part instanceof Uint8Array), `depth ${depth}: all UTF-8`);
    assert.equal(Buffer.concat(asUtf8).toString('utf8'), expected, `depth ${depth}, UTF-8`);
    if (depth >= 3) assert.ok(asUtf8.length > 3, `depth ${depth}: the long strings are parts of their own (${asUtf8.length})`);
  }
});
