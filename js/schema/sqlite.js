// SQLite schema modules → the plain description the Rust core turns into entity rows.
//
// Like js/schema/pg.js this file only *extracts*: it copies what the user's drizzle-orm `sqlite-core`
// objects hold, with SQL rendered by drizzle's own SQLiteDialect. Default literals, generated names,
// conflicts and every other decision are made in Rust (src/model/sqlite/interim.rs documents the
// format). JS default values travel losslessly through `encodeValue`.
import { SleetError } from '../errors.js';
import { encodeValue } from './pg.js';

/**
 * @typedef {{ orm: any, sqliteCore: any }} Drizzle  the user's own `drizzle-orm` and `drizzle-orm/sqlite-core`
 */

/**
 * Describe every SQLite table and view exported by the given schema modules.
 * @param {Array<Record<string, unknown>>} moduleExportsList  one entry per loaded schema module
 * @param {Drizzle} drizzle
 * @returns {object} the description (see src/model/sqlite/interim.rs)
 */
export function serializeSqlite(moduleExportsList, drizzle) {
  const { orm, sqliteCore } = drizzle;
  const { is, SQL } = orm;
  const dialect = new sqliteCore.SQLiteDialect();

  // Same discovery as rc.5: every table (once, even when re-exported) and every view, module order.
  const tables = new Set();
  const views = [];
  for (const exports of moduleExportsList) {
    for (const value of Object.values(exports ?? {})) {
      if (value === null || (typeof value !== 'object' && typeof value !== 'function')) continue;
      if (is(value, sqliteCore.SQLiteTable)) tables.add(value);
      if (is(value, sqliteCore.SQLiteView)) views.push(value);
    }
  }

  /** SQL text as drizzle renders it inside DDL (`indexes` mode: unqualified, params inlined). */
  const ddlSql = (value) => dialect.sqlToQuery(value, 'indexes').sql;

  /** A default written as `sql\`…\``: its text; params cannot be part of a default. */
  const defaultSql = (value, where) => {
    const refuse = () => {
      throw new SleetError('schema_error', `${where}: a sql\`\` default cannot hold parameters; write the value into the SQL text`);
    };
    return value.toQuery({ escapeName: refuse, escapeParam: refuse, escapeString: refuse }).sql;
  };

  const column = (table, c, indexes) => {
    const where = `column ${table}.${c.name}`;
    const generated = c.generated
      ? {
          as: is(c.generated.as, SQL)
            ? `(${ddlSql(c.generated.as)})`
            : typeof c.generated.as === 'function'
              ? `(${ddlSql(c.generated.as())})`
              : `(${c.generated.as})`,
          mode: c.generated.mode === 'stored' ? 'stored' : 'virtual',
        }
      : null;
    // Only what differs from the core's defaults (false, null): at 14,000 columns the description's
    // size is what the engine spends parsing it.
    /** @type {Record<string, unknown>} */
    const out = { name: c.name, sqlType: c.getSQLType() };
    if (c.notNull) out.notNull = true;
    if (c.primary) out.primary = true;
    if (is(c, sqliteCore.SQLiteBaseInteger) && c.autoIncrement) out.autoincrement = true;
    if (is(c, sqliteCore.SQLiteTimestamp) && c.mode != null) out.timestampMode = c.mode;
    if (c.default !== undefined) out.default = is(c.default, SQL) ? { sql: defaultSql(c.default, where) } : { value: encodeValue(c.default) };
    if (generated) out.generated = generated;
    if (c.isUnique) out.isUnique = true;
    if (c.uniqueName != null) out.uniqueName = c.uniqueName;
    // A one-column unique index already makes the column unique (rc.5 then adds no constraint).
    if (indexes.some((i) => i.config.unique && i.config.columns.length === 1 && !is(i.config.columns[0], SQL) && i.config.columns[0].name === c.name)) out.hasUniqueIndex = true;
    return out;
  };

  const table = (t) => {
    const config = sqliteCore.getTableConfig(t);
    return {
      name: config.name,
      columns: config.columns.map((c) => column(config.name, c, config.indexes)),
      indexes: config.indexes.map((idx) => ({
        name: idx.config.name,
        columns: idx.config.columns.map((it) => (is(it, SQL) ? { value: ddlSql(it), isExpression: true } : { value: it.name, isExpression: false })),
        unique: !!idx.config.unique,
        where: is(idx.config.where, SQL) ? dialect.sqlToQuery(idx.config.where).sql : null,
      })),
      foreignKeys: config.foreignKeys.map((fk) => {
        const reference = fk.reference();
        return {
          name: fk.isNameExplicit() ? fk.getName() : null,
          columns: reference.columns.map((c) => c.name),
          tableTo: orm.getTableName(reference.foreignTable),
          columnsTo: reference.foreignColumns.map((c) => c.name),
          onUpdate: fk.onUpdate ?? null,
          onDelete: fk.onDelete ?? null,
        };
      }),
      primaryKeys: config.primaryKeys.map((pk) => ({
        name: pk.name ?? null,
        nameExplicit: !!pk.isNameExplicit,
        columns: pk.columns.map((c) => c.name),
        // The name alone: getTableConfig would run the table's whole extra-config builder again.
        tableOfKey: orm.getTableName(pk.table),
      })),
      uniqueConstraints: config.uniqueConstraints.map((u) => ({
        name: u.isNameExplicit ? u.name : null,
        columns: u.columns.map((c) => c.name),
      })),
      checks: config.checks.map((ch) => ({ name: ch.name, value: ddlSql(ch.value) })),
    };
  };

  const viewKey = (chunk) => (is(chunk, sqliteCore.SQLiteView) ? sqliteCore.getViewConfig(chunk).originalName ?? sqliteCore.getViewConfig(chunk).name : null);

  /** The views a view's query references as drizzle objects (what `CREATE VIEW`s are ordered by). */
  const viewDependencies = (query) => {
    const found = new Set();
    const seen = new Set();
    const walk = (chunk) => {
      if (typeof chunk !== 'object' || chunk === null || seen.has(chunk)) return;
      seen.add(chunk);
      const key = viewKey(chunk);
      if (key !== null) {
        found.add(key);
        return;
      }
      if (is(chunk, orm.Table)) return;
      if (is(chunk, SQL)) return chunk.queryChunks.forEach(walk);
      if (is(chunk, SQL.Aliased)) return walk(chunk.sql);
      if (is(chunk, orm.Subquery)) return walk(chunk._.sql);
      if (is(chunk, orm.Param)) return walk(chunk.value);
      if (Array.isArray(chunk)) return chunk.forEach(walk);
      if (typeof chunk.getSQL === 'function') return walk(chunk.getSQL());
    };
    walk(query);
    return [...found];
  };

  return {
    tables: [...tables].map(table),
    views: views.map((v) => {
      const config = sqliteCore.getViewConfig(v);
      return {
        name: config.name,
        existing: !!config.isExisting,
        definition: config.isExisting || !config.query ? null : dialect.sqlToQuery(config.query).sql,
        dependsOn: config.isExisting || !config.query ? [] : viewDependencies(config.query),
      };
    }),
  };
}
