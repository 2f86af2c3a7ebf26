/**
 * Colour and symbols for one output stream, by the usual conventions: FORCE_COLOR (not "0"/"false")
 * forces colour, else NO_COLOR turns it off, else colour only on a terminal that is not TERM=dumb.
 * Symbols fall back to plain ASCII on a terminal that cannot show them (TERM=dumb, or a locale that is
 * set and not UTF-8); piped output keeps the symbols drizzle-kit prints.
 */

/**
 * @typedef {{ green: (t: string) => string, yellow: (t: string) => string, red: (t: string) => string,
 *   check: string, arrow: string, dot: string, ellipsis: string }} Style
 */

/**
 * @param {{ isTTY?: boolean } | undefined} stream
 * @param {Record<string, string | undefined>} [env]
 * @returns {Style}
 */
export function styleFor(stream, env = process.env) {
  const tty = !!stream?.isTTY;
  // `node --test` on a terminal sets FORCE_COLOR=1 for its test files (its own colours): inside them
  // (NODE_TEST_CONTEXT) it is not a request for ours, and tests compare our plain text.
  const forceColor = env.NODE_TEST_CONTEXT ? undefined : env.FORCE_COLOR;
  const forced = forceColor !== undefined && forceColor !== '' ? !['0', 'false'].includes(forceColor) : undefined;
  const color = forced ?? (!env.NO_COLOR && tty && env.TERM !== 'dumb');
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  const ascii = tty && (env.TERM === 'dumb' || (locale !== '' && !/utf-?8/i.test(locale)));
  const paint = (/** @type {number} */ code) => (/** @type {string} */ text) => (color ? `\x1b[${code}m${text}\x1b[39m` : text);
  return {
    green: paint(32),
    yellow: paint(33),
    red: paint(31),
    check: ascii ? 'v' : '✓',
    arrow: ascii ? '->' : '➜',
    dot: ascii ? '-' : '·',
    ellipsis: ascii ? '...' : '…',
  };
}

/** No colour, drizzle-kit's symbols: for callers that pass their own io without a style. */
export const PLAIN = styleFor(undefined, {});

/**
 * `1 column`, `2 columns`: counts in progress and summary lines.
 * @param {number} n @param {string} word
 */
export const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
