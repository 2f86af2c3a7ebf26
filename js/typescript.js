/**
 * TypeScript modules under Node (Bun imports them itself): each local `.ts` file is transpiled by
 * oxc-transform to an ES module, its import specifiers are pointed at the transpiled copies of the
 * local files it imports (and at the packages its own folder resolves), and the result is imported
 * from `node_modules/.cache/sleet/ts/`. Node then evaluates real ES modules: live bindings, cycles,
 * top-level await and "does not provide an export named" errors all behave as they do under Bun.
 *
 * Why oxc-transform: on a 0.9 MB, 1,000-table schema it transpiles in 30-55 ms and loads in 7 ms
 * (esbuild 105-170 ms plus a service process, amaro/swc-wasm 270-360 ms strip-only, sucrase 400-600 ms
 * at 200 MiB RSS, jiti's babel about 6 s); it handles enums, `as const`, `satisfies` and type-only
 * imports, reports syntax errors with offsets, and gives a source map. It is a native binary
 * (4 MiB, one package per platform); a browser uses its wasm32-wasi build or another transform.
 *
 * What is paid when: a file is transpiled once per content (the transpiled code and its import list
 * are cached under the hash of its text), so after an edit only the edited file pays;
 * the small per-run work is hashing, resolving imports and, when any file of the graph changed,
 * writing the graph's modules again. Nothing here loads oxc-transform or the lexer on a cache hit.
 */
import fs from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SleetError } from './errors.js';
import { TS_EXTENSIONS } from './load.js';
import { addLocationMapper, codeFrame, lineColumnAt, originalPosition, userNames } from './source-location.js';

/** Bumped when what is cached or written changes; oxc-transform's version is part of every key too. */
const CACHE_FORMAT = 1;
const RESOLVE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.jsx', '.json'];

const requireFromSleet = createRequire(import.meta.url);

/**
 * @typedef {{ n?: string, s: number, e: number, d: number }} ImportRecord es-module-lexer's record
 * @typedef {{ code: string, imports: ImportRecord[] }} Transpiled
 * @typedef {{ file: string, source: string, hash: string, code: string, imports: ImportRecord[],
 *   deps: Array<{ record: ImportRecord, local?: string, url?: string }> }} ModuleNode
 */

/** Emitted module path → its source file, for mapping stack frames back. */
const emitted = new Map();
addLocationMapper((runFile, line, column) => {
  const file = emitted.get(runFile);
  if (!file) return null;
  return mapToSource(file, line, column) ?? { file, line, column };
});

/**
 * A position in a file's transpiled code → the position in the file. The source map is made only
 * here, on the way to reporting an error, so no successful load pays for it.
 * @param {string} file @param {number} line @param {number} column 1-based
 * @returns {import('./source-location.js').SourceLocation | null}
 */
function mapToSource(file, line, column) {
  try {
    const source = fs.readFileSync(file, 'utf8');
    const { map } = requireFromSleet('oxc-transform').transformSync(file, source, { sourcemap: true, sourceType: 'module' });
    const pos = map && originalPosition(map.mappings, line, column);
    return pos ? { file, ...pos } : null;
  } catch {
    return null;
  }
}

/**
 * Import a TypeScript module (and the local TypeScript modules it imports).
 * @param {string} file absolute path
 * @param {Record<string, string>} [provided] package specifiers answered with these URLs instead of
 *   being resolved (a config gets sleet's `defineConfig` for `drizzle-kit`: js/load.js)
 * @returns {Promise<Record<string, unknown>>}
 */
export async function importTypeScript(file, provided = {}) {
  const cacheDir = writableCacheDir(file);
  // Node reports the real path of a module it ran; the mapping back must use the same one.
  const outDir = path.join(fs.realpathSync(cacheDir), 'modules');
  /** @type {Map<string, ModuleNode>} */
  const graph = new Map();
  await visit(file, graph, cacheDir, provided);
  // One key for the whole graph: a module's output names its dependencies' outputs, so an edit to
  // any file gives every module of the graph a new URL (Node never re-evaluates a URL it has seen).
  const key = digest([...graph.values()].map((m) => `${m.file}\0${m.hash}\0${m.deps.map((d) => d.local ?? d.url ?? '').join('\0')}`).sort().join('\n')).slice(0, 20);
  const outFile = (/** @type {string} */ f) => path.join(outDir, `${path.basename(f).replace(/[^\w.-]/g, '_')}.${digest(f).slice(0, 10)}.${key}.mjs`);
  for (const m of graph.values()) {
    const target = outFile(m.file);
    emitted.set(target, m.file);
    userNames.set(pathToFileURL(target).href, m.file);
    for (const dep of m.deps) if (dep.url && dep.record.n) userNames.set(dep.url, dep.record.n);
    if (fs.existsSync(target)) continue;
    writeAtomic(target, rewrite(m, (dep) => pathToFileURL(outFile(dep)).href));
    pruneSiblings(target, key);
  }
  return import(pathToFileURL(outFile(file)).href);
}

/**
 * @param {string} file
 * @param {Map<string, ModuleNode>} graph
 * @param {string} cacheDir
 * @param {Record<string, string>} provided
 */
async function visit(file, graph, cacheDir, provided) {
  if (graph.has(file)) return;
  let source;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new SleetError('module_load_error', `cannot read ${file}: ${/** @type {Error} */ (err).message}`);
  }
  const { hash, transpiled } = transpiledOf(file, source, cacheDir);
  /** @type {ModuleNode} */
  const node = { file, source, hash, code: transpiled.code, imports: transpiled.imports, deps: [] };
  graph.set(file, node);
  for (const record of node.imports) {
    if (record.d === -2 || record.n === undefined) continue; // import.meta, or a computed import()
    const spec = record.n;
    let local = resolveLocal(spec, file);
    if (local === undefined && Object.hasOwn(provided, spec)) {
      node.deps.push({ record, url: provided[spec] });
      continue;
    }
    if (local === undefined) {
      const url = resolvePackage(spec, node, record);
      // A workspace package whose entry is TypeScript source is transpiled like a local file.
      if (url.startsWith('file:') && TS_EXTENSIONS.has(path.extname(url))) local = fileURLToPath(url);
      else node.deps.push({ record, url });
    }
    if (local === undefined) continue;
    if (local === null) {
      throw locatedAt(node, record, `Cannot find module '${spec}' imported from ${file}`);
    } else if (TS_EXTENSIONS.has(path.extname(local))) {
      node.deps.push({ record, local });
      await visit(local, graph, cacheDir, provided);
    } else {
      node.deps.push({ record, url: pathToFileURL(local).href });
    }
  }
}

/**
 * A file's transpiled code and its cache key: from the cache, or transpiled now and cached.
 * @param {string} file @param {string} source @param {string} cacheDir
 * @returns {{ hash: string, transpiled: Transpiled }}
 */
function transpiledOf(file, source, cacheDir) {
  const hash = digest(`${CACHE_FORMAT}\0${transformVersion()}\0${path.extname(file)}\0${source}`);
  return { hash, transpiled: readCached(cacheDir, hash) ?? transpile(file, source, cacheDir, hash) };
}

/** @returns {Transpiled | null} */
function readCached(/** @type {string} */ cacheDir, /** @type {string} */ hash) {
  try {
    const meta = JSON.parse(fs.readFileSync(path.join(cacheDir, `${hash}.json`), 'utf8'));
    const code = fs.readFileSync(path.join(cacheDir, `${hash}.js`), 'utf8');
    return Array.isArray(meta.imports) ? { code, imports: meta.imports } : null;
  } catch {
    return null;
  }
}

/**
 * @param {string} file @param {string} source @param {string} cacheDir @param {string} hash
 * @returns {Transpiled}
 */
function transpile(file, source, cacheDir, hash) {
  const { transformSync } = requireFromSleet('oxc-transform');
  const result = transformSync(file, source, { sourceType: 'module' });
  const error = result.errors.find((e) => e.severity === 'Error') ?? (result.code ? null : result.errors[0]);
  if (error) {
    const at = lineColumnAt(source, error.labels[0]?.start ?? 0);
    const loc = { file, ...at };
    throw new SleetError('module_load_error', `${file}:${at.line}:${at.column}: SyntaxError: ${error.message}`, {
      meta: { file, line: at.line, column: at.column, frame: codeFrame(loc, source) },
      cause: Object.assign(new SyntaxError(error.message), { sleetLocation: loc }),
    });
  }
  // The lexer's CommonJS build compiles its wasm on its first parse: no await, so `pretranspile` can
  // run whole between two messages of the command's thread.
  const [records] = requireFromSleet('es-module-lexer/minimal').parse(result.code);
  const imports = records.map((r) => ({ n: r.n, s: r.s, e: r.e, d: r.d }));
  writeAtomic(path.join(cacheDir, `${hash}.js`), result.code);
  writeAtomic(path.join(cacheDir, `${hash}.json`), JSON.stringify({ imports }));
  return { code: result.code, imports };
}

/**
 * Transpile TypeScript schema files into the cache now (a file already there costs a hash): the
 * command's thread does this while the schema's thread loads drizzle-orm, which the schema imports,
 * so that after an edit the transform is off the thread that evaluates the schema (at 1,000 tables
 * 60-110 ms of that thread's time). Best effort: what fails here fails again, reported with its
 * location, when the schema's thread imports the file. Only the listed files: the local files they
 * import are transpiled there.
 * @param {string[]} files absolute paths
 */
export function pretranspile(files) {
  for (const file of files) {
    if (!TS_EXTENSIONS.has(path.extname(file))) continue;
    try {
      transpiledOf(file, fs.readFileSync(file, 'utf8'), writableCacheDir(file));
    } catch {
      // reported by the import
    }
  }
}

let oxcVersion = '';
function transformVersion() {
  if (!oxcVersion) {
    const main = requireFromSleet.resolve('oxc-transform');
    oxcVersion = JSON.parse(fs.readFileSync(path.join(path.dirname(main), 'package.json'), 'utf8')).version;
  }
  return oxcVersion;
}

/**
 * The transpiled code with its specifiers pointing at what they resolved to, and `import.meta`
 * describing the source file rather than its transpiled copy.
 * @param {ModuleNode} m
 * @param {(localFile: string) => string} urlOf
 */
function rewrite(m, urlOf) {
  const edits = [];
  for (const dep of m.deps) {
    const url = dep.local ? urlOf(dep.local) : dep.url;
    if (!url || url === dep.record.n) continue;
    // A static specifier's range excludes its quotes; a literal import()'s includes them.
    edits.push({ s: dep.record.s, e: dep.record.e, text: dep.record.d >= 0 ? JSON.stringify(url) : url });
  }
  let usesMeta = false;
  for (const r of m.imports) {
    if (r.d === -2) {
      usesMeta = true;
      edits.push({ s: r.s, e: r.e, text: '__sleet_import_meta()' });
    }
  }
  edits.sort((a, b) => a.s - b.s);
  let out = '';
  let at = 0;
  for (const edit of edits) {
    out += m.code.slice(at, edit.s) + edit.text;
    at = edit.e;
  }
  out += m.code.slice(at);
  if (usesMeta) {
    const meta = { url: pathToFileURL(m.file).href, filename: m.file, dirname: path.dirname(m.file) };
    // A hoisted function, appended so that no line moves (stack positions map through the source map).
    out += `\nvar __sleet_meta;\nfunction __sleet_import_meta() { return __sleet_meta ??= { ...${JSON.stringify(meta)}, resolve: (s) => import.meta.resolve(s) }; }\n`;
  }
  return out;
}

let tsconfigPaths;

/**
 * A relative, absolute or tsconfig-`paths` specifier → the file it names (null: none exists);
 * undefined for a package or built-in.
 * @param {string} spec @param {string} fromFile
 * @returns {string | null | undefined}
 */
function resolveLocal(spec, fromFile) {
  let base;
  if (spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..') base = [path.resolve(path.dirname(fromFile), spec)];
  else if (spec.startsWith('/')) base = [spec];
  else if (spec.startsWith('file:')) base = [new URL(spec).pathname];
  else {
    if (isBuiltin(spec)) return undefined;
    tsconfigPaths ??= new Map();
    const dir = path.dirname(fromFile);
    if (!tsconfigPaths.has(dir)) tsconfigPaths.set(dir, pathsMatcher(dir));
    const matcher = tsconfigPaths.get(dir);
    const candidates = matcher ? matcher(spec) : [];
    if (candidates.length === 0) return undefined;
    base = candidates;
  }
  for (const b of base) {
    const found = resolveFile(b);
    if (found) return found;
  }
  return base.length && !spec.startsWith('.') && !spec.startsWith('/') && !spec.startsWith('file:') ? undefined : null;
}

/** TypeScript's rules for a path: as is, with an extension, `.js` standing for `.ts`, or a folder index. */
function resolveFile(/** @type {string} */ p) {
  const isFile = (/** @type {string} */ f) => {
    try {
      return fs.statSync(f).isFile();
    } catch {
      return false;
    }
  };
  if (isFile(p)) return p;
  const ext = path.extname(p);
  const swap = { '.js': ['.ts', '.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'], '.jsx': ['.tsx'] }[ext];
  for (const e of swap ?? []) if (isFile(p.slice(0, -ext.length) + e)) return p.slice(0, -ext.length) + e;
  for (const e of RESOLVE_EXTENSIONS) if (isFile(p + e)) return p + e;
  for (const e of RESOLVE_EXTENSIONS) if (isFile(path.join(p, 'index' + e))) return path.join(p, 'index' + e);
  return null;
}

/** @param {string} dir */
function pathsMatcher(dir) {
  const { getTsconfig, createPathsMatcher } = requireFromSleet('get-tsconfig');
  let found;
  try {
    found = getTsconfig(dir);
  } catch (err) {
    throw new SleetError('module_load_error', `tsconfig.json near ${dir} cannot be read: ${/** @type {Error} */ (err).message}`);
  }
  return found ? createPathsMatcher(found) : null;
}

/**
 * A package specifier → the file URL the importing file's folder resolves it to (so the schema gets the
 * same drizzle-orm copy the serializer walks it with); left bare when only `import` can resolve it.
 * @param {string} spec @param {ModuleNode} node @param {ImportRecord} record
 */
function resolvePackage(spec, node, record) {
  if (isBuiltin(spec)) return spec;
  try {
    return pathToFileURL(createRequire(node.file).resolve(spec)).href;
  } catch (err) {
    if (/** @type {any} */ (err).code === 'MODULE_NOT_FOUND') {
      throw locatedAt(node, record, `Cannot find package '${spec}' imported from ${node.file}: is it installed?`);
    }
    return spec;
  }
}

/** @param {ModuleNode} node @param {ImportRecord} record @param {string} message */
function locatedAt(node, record, message) {
  const gen = lineColumnAt(node.code, record.s);
  const loc = mapToSource(node.file, gen.line, gen.column) ?? { file: node.file, ...gen };
  return new SleetError('module_load_error', `${loc.file}:${loc.line}:${loc.column}: ${message}`, {
    meta: { ...loc, frame: codeFrame(loc, node.source) },
  });
}

/**
 * `node_modules/.cache/sleet/ts` of the project, or a temporary folder where that cannot be written:
 * the transpiled modules must be files for Node to import them.
 * @param {string} file
 */
function writableCacheDir(file) {
  const preferred = cacheDirFor(file);
  try {
    ownerOnlyDir(preferred);
    fs.accessSync(preferred, fs.constants.W_OK);
    return preferred;
  } catch {
    const fallback = tmpCacheDir();
    ownerOnlyDir(fallback);
    return fallback;
  }
}

/**
 * Transpiled modules hold their sources, a config's literal passwords included: the cache is readable
 * by its owner only (folders 0700, files 0600 from their creation). Folders made earlier with looser
 * modes are tightened here.
 * @param {string} dir
 */
function ownerOnlyDir(dir) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  fs.chmodSync(dir, 0o700);
  if (path.basename(dir) === 'ts' && path.basename(path.dirname(dir)) === 'sleet') fs.chmodSync(path.dirname(dir), 0o700);
}

/** @param {string} file */
function cacheDirFor(file) {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'node_modules'))) return path.join(dir, 'node_modules', '.cache', 'sleet', 'ts');
    if (path.dirname(dir) === dir) return tmpCacheDir();
  }
}

/** The cache outside any project; node:os is loaded only for it (a project's cache never needs it). */
function tmpCacheDir() {
  const os = requireFromSleet('node:os');
  return path.join(os.tmpdir(), `sleet-ts-${os.userInfo().uid}`);
}

/**
 * The cache key of a text. Loading node:crypto costs ~4 ms, on every command that reads a TypeScript
 * config (`migrate` included), so a text under 16 K code units (a config, a small schema file) is keyed
 * by MurmurHash3 x86_128 (seed 0) of its UTF-16 code units, two to a 32-bit word, as 32 hex digits: the
 * keys only tell a project's own files and versions apart, 128 bits make an accidental collision
 * negligible, and the cache is its owner's only (`ownerOnlyDir`). A longer text is hashed by SHA-1 in
 * node:crypto's native code: in a fresh process the JavaScript loop runs unoptimised, ~1.5 ms at 16 K
 * code units and ~10 ms at 64 K. `load.test.js` checks both against reference values.
 * @param {string} text
 */
export function digest(text) {
  const n = text.length;
  if (n >= 16384) return requireFromSleet('node:crypto').createHash('sha1').update(text).digest('hex');
  const C1 = 0x239b961b, C2 = 0xab0e9789, C3 = 0x38b34ae5, C4 = 0xa1e38b93;
  let h1 = 0, h2 = 0, h3 = 0, h4 = 0;
  let i = 0;
  // Rotations written out: a helper call per word doubles the cost before the loop is optimised.
  for (const end = n - (n & 7); i < end; i += 8) {
    let k1 = text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16);
    let k2 = text.charCodeAt(i + 2) | (text.charCodeAt(i + 3) << 16);
    let k3 = text.charCodeAt(i + 4) | (text.charCodeAt(i + 5) << 16);
    let k4 = text.charCodeAt(i + 6) | (text.charCodeAt(i + 7) << 16);
    k1 = Math.imul(k1, C1); k1 = (k1 << 15) | (k1 >>> 17); h1 ^= Math.imul(k1, C2);
    h1 = (h1 << 19) | (h1 >>> 13); h1 = (Math.imul((h1 + h2) | 0, 5) + 0x561ccd1b) | 0;
    k2 = Math.imul(k2, C2); k2 = (k2 << 16) | (k2 >>> 16); h2 ^= Math.imul(k2, C3);
    h2 = (h2 << 17) | (h2 >>> 15); h2 = (Math.imul((h2 + h3) | 0, 5) + 0x0bcaa747) | 0;
    k3 = Math.imul(k3, C3); k3 = (k3 << 17) | (k3 >>> 15); h3 ^= Math.imul(k3, C4);
    h3 = (h3 << 15) | (h3 >>> 17); h3 = (Math.imul((h3 + h4) | 0, 5) + 0x96cd1c35) | 0;
    k4 = Math.imul(k4, C4); k4 = (k4 << 18) | (k4 >>> 14); h4 ^= Math.imul(k4, C1);
    h4 = (h4 << 13) | (h4 >>> 19); h4 = (Math.imul((h4 + h1) | 0, 5) + 0x32ac3b17) | 0;
  }
  // The tail (up to 7 code units) fills the words little-endian, as the reference does with bytes.
  const unit = (/** @type {number} */ j) => (i + j < n ? text.charCodeAt(i + j) : 0);
  const rest = n - i;
  if (rest > 6) h4 ^= Math.imul(rotl(Math.imul(unit(6), C4), 18), C1);
  if (rest > 4) h3 ^= Math.imul(rotl(Math.imul(unit(4) | (unit(5) << 16), C3), 17), C4);
  if (rest > 2) h2 ^= Math.imul(rotl(Math.imul(unit(2) | (unit(3) << 16), C2), 16), C3);
  if (rest > 0) h1 ^= Math.imul(rotl(Math.imul(unit(0) | (unit(1) << 16), C1), 15), C2);
  const bytes = n * 2;
  h1 ^= bytes; h2 ^= bytes; h3 ^= bytes; h4 ^= bytes;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0; h3 = (h3 + h1) | 0; h4 = (h4 + h1) | 0;
  h1 = fmix(h1); h2 = fmix(h2); h3 = fmix(h3); h4 = fmix(h4);
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0; h3 = (h3 + h1) | 0; h4 = (h4 + h1) | 0;
  return hex(h1) + hex(h2) + hex(h3) + hex(h4);
}

const rotl = (/** @type {number} */ x, /** @type {number} */ r) => (x << r) | (x >>> (32 - r));
const hex = (/** @type {number} */ h) => (h >>> 0).toString(16).padStart(8, '0');
/** @param {number} h */
function fmix(h) {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function writeAtomic(/** @type {string} */ file, /** @type {string} */ text) {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** Earlier outputs of the same source (other graph keys) are dead once a new one is written. */
function pruneSiblings(/** @type {string} */ target, /** @type {string} */ key) {
  const dir = path.dirname(target);
  const prefix = path.basename(target).slice(0, -(key.length + '.mjs'.length));
  for (const name of fs.readdirSync(dir)) {
    if (name.startsWith(prefix) && name.endsWith('.mjs') && !name.endsWith(`${key}.mjs`)) {
      try {
        fs.rmSync(path.join(dir, name));
      } catch { /* a concurrent run removed it */ }
    }
  }
}
