/**
 * Brotli decompression where no `node:zlib` exists (the browser entry): the package ships the engine
 * as `pkg/web/sleet_bg.wasm.br` only, and browsers decompress brotli only as an HTTP content encoding,
 * not from script (`DecompressionStream` has no 'brotli' in Chromium 156). The decoder is a small wasm
 * module of its own (`unbrotli/`, 180 kB, most of it brotli's dictionary), fetched only when needed.
 */

const DECODER = new URL('../pkg/unbrotli/unbrotli.wasm', import.meta.url);

/** @param {Uint8Array} bytes @returns {boolean} whether the bytes are a wasm module already */
export function isWasm(bytes) {
  return bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
}

/**
 * @param {Uint8Array} compressed
 * @param {URL | string} [decoder] where unbrotli.wasm is (default: in this package)
 * @returns {Promise<Uint8Array>}
 */
export async function unbrotli(compressed, decoder = DECODER) {
  const response = await fetch(decoder);
  if (!response.ok) throw new Error(`the brotli decoder could not be fetched: ${response.status} ${response.statusText} (${response.url})`);
  const { instance } = await WebAssembly.instantiate(await response.arrayBuffer(), {});
  const { memory, input, decode, output } = /** @type {any} */ (instance.exports);
  // Each call may grow the decoder's memory, which detaches the earlier `memory.buffer`: read it after.
  const at = input(compressed.length);
  new Uint8Array(memory.buffer, at, compressed.length).set(compressed);
  const length = decode();
  if (length < 0) throw new Error('not valid brotli');
  const from = output();
  // A copy: the decoder's memory goes with its instance.
  return new Uint8Array(memory.buffer, from, length).slice();
}
