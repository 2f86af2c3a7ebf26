// The shape of a pulled SQLite schema.ts that sleet's and rc.5's pulls are compared on: the
// sqlite-core imports and the builder of every column, per table or view binding.

/** `key: builder` of every column line, per `sqliteTable`/`sqliteView` binding. */
export function columnBuilders(schemaTs) {
  const out = {};
  let table = null;
  for (const line of schemaTs.split('\n')) {
    const start = line.match(/^export const (\S+) = sqlite(?:Table|View)\(/);
    if (start) {
      table = start[1];
      out[table] = [];
      continue;
    }
    const col = line.match(/^\t?("[^"]*"|[\w$]+): (\w+)\(/);
    if (table && col) out[table].push(`${col[1]}: ${col[2]}`);
  }
  return out;
}

/** The names imported from drizzle-orm/sqlite-core, in the file's order. */
export function importNames(schemaTs) {
  const m = schemaTs.match(/^import \{ (.*) \} from "drizzle-orm\/sqlite-core"$/m);
  return m ? m[1].split(', ') : [];
}
