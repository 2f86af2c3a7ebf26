/**
 * One error type for the shim. `code` follows drizzle-kit 1.0's envelope codes where one exists, so
 * `--output json` consumers written for rc.5 keep working.
 */
export class SleetError extends Error {
  /**
   * @param {string} code stable machine-readable code, e.g. `config_file_not_found_error`
   * @param {string} message what went wrong, naming the file or entity, and how to fix it
   * @param {{ exitCode?: number, details?: unknown, meta?: Record<string, unknown>, cause?: unknown }} [extra]
   */
  constructor(code, message, extra = {}) {
    super(message, extra.cause ? { cause: extra.cause } : undefined);
    this.name = 'SleetError';
    this.code = code;
    this.exitCode = extra.exitCode ?? 1;
    this.details = extra.details;
    /** Fields rc.5 puts next to `code` in its JSON envelope (e.g. a check error's kind and details). */
    this.meta = extra.meta;
  }
}

/**
 * Errors thrown by the wasm core are plain `Error`s carrying a `code`; give them the shim's type.
 * @param {unknown} err
 * @returns {SleetError}
 */
export function asSleetError(err) {
  if (err instanceof SleetError) return err;
  if (err instanceof Error && typeof (/** @type {any} */ (err).code) === 'string') {
    return new SleetError(/** @type {any} */ (err).code, err.message, { cause: err, meta: /** @type {any} */ (err).meta });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new SleetError('internal_error', message, { cause: err });
}

/**
 * Hide passwords in anything that may echo a connection string.
 * @param {string} text
 */
export function maskCredentials(text) {
  return String(text)
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)[^@/\s]*@/gi, '$1****@')
    .replace(/(password["']?\s*[:=]\s*["']?)[^"',\s}]+/gi, '$1****');
}
