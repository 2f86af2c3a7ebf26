// Rows for MySQL/MariaDB test databases: one row into every table whatever its columns (parents first),
// and row counts, read from information_schema independently of sleet's introspection; the migrators'
// bookkeeping tables (`__drizzle_*`) are not the schema's and are left alone.

export const q = (name) => `\`${name.replaceAll('`', '``')}\``;

/** A value every column of its type accepts, distinct per insert (`n`); null when the column needs none. */
function valueFor(col, n) {
  const type = col.DATA_TYPE.toLowerCase();
  if (/auto_increment|generated|virtual|stored|persistent/i.test(col.EXTRA)) return null;
  if (['tinyint', 'smallint', 'mediumint', 'int', 'bigint', 'decimal', 'float', 'double'].includes(type)) return String(n);
  // MariaDB's json is a longtext with a json_valid check: '{}' suits both.
  if (type === 'json' || type === 'longtext') return "'{}'";
  if (['char', 'varchar', 'tinytext', 'text', 'mediumtext'].includes(type)) return `'${`v${n}`.slice(0, Number(col.CHARACTER_MAXIMUM_LENGTH) || 10)}'`;
  if (type === 'enum') return col.COLUMN_TYPE.match(/^enum\(('(?:[^']|'')*')/)[1];
  if (type === 'date') return "'2024-01-01'";
  if (type === 'datetime' || type === 'timestamp') return "'2024-01-01 00:00:00'";
  if (type === 'time') return "'01:02:03'";
  if (type === 'year') return '2024';
  if (['binary', 'varbinary', 'tinyblob', 'blob', 'mediumblob', 'longblob'].includes(type)) return "'b'";
  if (type === 'point') return "ST_GeomFromText('POINT(1 1)')";
  return null;
}

/** Inserts one row into every table (parents first, foreign keys pointing at a parent row). */
export async function insertRows(c, counter) {
  const [cols] = await c.query('SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, EXTRA, CHARACTER_MAXIMUM_LENGTH FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION');
  const [refs] = await c.query('SELECT TABLE_NAME, COLUMN_NAME, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL');
  const [base] = await c.query("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME NOT LIKE '\\_\\_drizzle%'");
  const pending = base.map((t) => t.TABLE_NAME).sort();
  const done = new Set();
  while (pending.length) {
    const i = pending.findIndex((t) => refs.every((r) => r.TABLE_NAME !== t || r.REFERENCED_TABLE_NAME === t || done.has(r.REFERENCED_TABLE_NAME)));
    const table = pending.splice(i === -1 ? 0 : i, 1)[0];
    const names = [];
    const values = [];
    for (const col of cols.filter((x) => x.TABLE_NAME === table)) {
      const ref = refs.find((r) => r.TABLE_NAME === table && r.COLUMN_NAME === col.COLUMN_NAME);
      const value = ref ? `(SELECT x.${q(ref.REFERENCED_COLUMN_NAME)} FROM (SELECT ${q(ref.REFERENCED_COLUMN_NAME)} FROM ${q(ref.REFERENCED_TABLE_NAME)} LIMIT 1) x)` : valueFor(col, counter.n++);
      if (value === null) continue;
      names.push(q(col.COLUMN_NAME));
      values.push(value);
    }
    await c.query(`INSERT INTO ${q(table)} (${names.join(', ')}) VALUES (${values.join(', ')})`);
    done.add(table);
  }
}

export async function rowCounts(c) {
  const [tables] = await c.query("SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME NOT LIKE '\\_\\_drizzle%'");
  const out = {};
  for (const { t } of tables) out[t] = Number((await c.query(`SELECT count(*) AS n FROM ${q(t)}`))[0][0].n);
  return out;
}
