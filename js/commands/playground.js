/**
 * `sleet playground [--port N] [--open]`: serves the schema playground (a static folder built by
 * `npm run build:playground`, shipped in the package as dist/playground) with Node's own http server.
 * The page does all the work in the browser; this server only hands out files.
 *
 * The package's folder holds the page alone. Two things it loads live elsewhere, so the package ships
 * each once: the engine (pkg/web, which Node and the browser entry load too) and PGlite, which is the
 * user's own `@electric-sql/pglite` (15 MB that a user without it never needs). The server hands them
 * out from where they are; `npm run build:playground` copies them in for a static host. A file the
 * package ships only brotli-compressed (`<name>.br`, the engine) goes out with `Content-Encoding: br`,
 * which the browser decodes itself (or decompressed here for a client that does not accept br).
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliDecompressSync } from 'node:zlib';
import { SleetError } from '../errors.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PLAYGROUND_DIR = path.join(root, 'dist', 'playground');
const DEFAULT_PORT = 4400;

/** The package that gives the page its database, as the page names it when it is missing. */
export const PGLITE_PACKAGE = '@electric-sql/pglite';

/**
 * PGlite's browser files (its ES modules, wasm and data), from the project's own install, else from
 * where sleet itself is installed; undefined when neither has it.
 * @param {string} [cwd] the project
 * @returns {string | undefined} its dist/ folder
 */
export function pgliteDir(cwd = process.cwd()) {
  for (const from of [path.join(cwd, 'package.json'), fileURLToPath(import.meta.url)]) {
    try {
      const dir = path.dirname(createRequire(from).resolve(PGLITE_PACKAGE));
      if (existsSync(path.join(dir, 'index.js'))) return dir;
    } catch {
      // not installed there
    }
  }
  return undefined;
}

/**
 * What the page loads from outside its folder: a file name to the file, a folder name (ending in `/`)
 * to a folder. The static build copies these in; the server falls back to them.
 * @param {{ pglite?: string }} [options] PGlite's dist/ folder (none: the page works without a database)
 * @returns {Record<string, string>}
 */
export function linkedFiles({ pglite } = {}) {
  return {
    'sleet_bg.wasm': path.join(root, 'pkg', 'web', 'sleet_bg.wasm'),
    ...(pglite ? { 'pglite/': pglite } : {}),
  };
}

/**
 * The file behind a request path, inside `dir` or a linked file or folder, else its brotli-compressed
 * `<file>.br`; undefined when none is.
 */
function resolveFile(dir, linked, pathname) {
  const file = resolvePlain(dir, linked, pathname);
  if (file) return { file };
  const compressed = resolvePlain(dir, linked, `${pathname}.br`);
  return compressed ? { file: compressed, brotli: true } : undefined;
}

function resolvePlain(dir, linked, pathname) {
  const relative = (pathname.endsWith('/') ? `${pathname}index.html` : pathname).replace(/^\/+/, '');
  const candidates = [[dir, relative]];
  for (const [name, target] of Object.entries(linked)) {
    if (name.endsWith('/') && relative.startsWith(name)) candidates.push([target, relative.slice(name.length)]);
    else if (relative === name || relative === `${name}.br`) candidates.push([path.dirname(target), path.basename(target) + relative.slice(name.length)]);
  }
  for (const [base, rest] of candidates) {
    const file = path.join(base, rest);
    if (file.startsWith(base + path.sep) && existsSync(file) && statSync(file).isFile()) return file;
  }
  return undefined;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.data': 'application/octet-stream',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * In a source checkout the folder is (re)built when it is missing or older than the page's sources; an
 * installed package ships it built.
 */
export async function ensurePlaygroundBuilt(dir = PLAYGROUND_DIR) {
  const builder = path.join(root, 'scripts', 'build-playground.mjs');
  const index = path.join(dir, 'index.html');
  if (existsSync(builder) && existsSync(path.join(root, 'playground'))) {
    const { buildPlayground, sourcesChangedAt } = await import(pathToFileURL(builder).href);
    if (!existsSync(index) || statSync(index).mtimeMs < sourcesChangedAt()) {
      try {
        await buildPlayground(dir, { linked: true });
      } catch (err) {
        throw new SleetError('internal_error', `the playground could not be built into ${dir}: ${/** @type {Error} */ (err).message}. Run \`npm install\` (esbuild is a devDependency), then \`npm run build:playground\``);
      }
    }
  }
  if (!existsSync(index)) {
    throw new SleetError('internal_error', `the playground is not built (${index} is missing): run \`npm run build:playground\``);
  }
  return dir;
}

/**
 * Serves `dir` read-only: GET and HEAD of files inside it (else of the linked files), `/` as index.html,
 * nothing else.
 * @param {{ dir?: string, port?: number, host?: string, linked?: Record<string, string> }} [options]
 * @returns {Promise<http.Server>}
 */
export function servePlayground({ dir = PLAYGROUND_DIR, port = 0, host = '127.0.0.1', linked = linkedFiles({ pglite: pgliteDir() }) } = {}) {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return res.writeHead(405, { allow: 'GET, HEAD' }).end();
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      return res.writeHead(400).end();
    }
    const found = resolveFile(dir, linked, pathname);
    if (!found) return res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    const { file, brotli } = found;
    const headers = { 'content-type': TYPES[path.extname(brotli ? file.slice(0, -3) : file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' };
    if (brotli && !acceptsBrotli(req)) {
      const body = decompressed(file);
      res.writeHead(200, { ...headers, 'content-length': body.length });
      return res.end(req.method === 'HEAD' ? undefined : body);
    }
    res.writeHead(200, { ...headers, 'content-length': statSync(file).size, ...(brotli ? { 'content-encoding': 'br', vary: 'accept-encoding' } : {}) });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** @param {http.IncomingMessage} req */
function acceptsBrotli(req) {
  return String(req.headers['accept-encoding'] ?? '').split(',').some((e) => {
    const [coding, ...params] = e.trim().split(';');
    return coding.trim().toLowerCase() === 'br' && !params.some((p) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(p));
  });
}

/** @type {Map<string, Buffer>} */
const decompressedFiles = new Map();

/** A `.br` file's content, decompressed once per file. */
function decompressed(file) {
  let body = decompressedFiles.get(file);
  if (!body) decompressedFiles.set(file, (body = brotliDecompressSync(readFileSync(file))));
  return body;
}

function openBrowser(url) {
  const [command, args] = process.platform === 'darwin' ? ['open', [url]]
    : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]]
      : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => {});
  child.unref();
}

/**
 * @param {{ flags: Record<string, any>, io: import('../cli.js').IO, json: boolean }} ctx
 * @returns {Promise<number>} once the server stops (SIGINT / SIGTERM)
 */
export async function playgroundCommand({ flags, io, json }) {
  const port = flags.port === undefined ? DEFAULT_PORT : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new SleetError('invalid_argument', `--port must be a port number (0-65535), not ${JSON.stringify(flags.port)}`);
  }
  const dir = await ensurePlaygroundBuilt();
  const pglite = pgliteDir();
  let server;
  try {
    server = await servePlayground({ dir, port, linked: linkedFiles({ pglite }) });
  } catch (err) {
    const code = /** @type {NodeJS.ErrnoException} */ (err).code;
    if (code === 'EADDRINUSE') throw new SleetError('invalid_argument', `port ${port} is in use: choose another with --port <n> (0 picks a free one)`);
    throw err;
  }
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const url = `http://127.0.0.1:${address.port}/`;
  if (json) io.out(JSON.stringify({ status: 'ok', url, database: pglite ? 'pglite' : null }));
  else {
    io.out(`sleet playground: ${url}  (Ctrl+C stops it)`);
    if (!pglite) io.out(`  no database in the page: \`npm i -D ${PGLITE_PACKAGE}\` in this project gives it PGlite`);
  }
  if (flags.open) openBrowser(url);
  return new Promise((resolve) => {
    const stop = () => server.close(() => resolve(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
