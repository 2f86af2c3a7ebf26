// MySQL schema modules → the plain description the Rust core turns into entity rows.
//
// Like js/schema/pg.js and js/schema/sqlite.js this file only *extracts*: it copies what the user's
// drizzle-orm `mysql-core` objects hold, with SQL rendered by drizzle's own MySqlDialect. Default
// literals, generated names, conflicts and every other decision are made in Rust
// (src/model/mysql/interim.rs documents the format). JS default values travel through `encodeValue`.
import { SleetError } from '../errors.js';
import { encodeValue } from './pg.js';

/**
 * @typedef {{ orm: any, mysqlCore: any }} Drizzle  the user's own `drizzle-orm` and `drizzle-orm/mysql-core`
 */

/**
 * Describe every MySQL table and view exported by the given schema modules.
 * @param {Array<Record<string, unknown>>} moduleExportsList  one entry per loaded schema module
 * @param {Drizzle} drizzle
 * @returns {object} the description (see src/model/mysql/interim.rs)
 */
export function serializeMysql(moduleExportsList, drizzle) {
  const { orm, mysqlCore } = drizzle;
  const { is, SQL } = orm;
  const dialect = new mysqlCore.MySqlDialect();

  // Every table (once, even when re-exported) and every view, in module order.
  const tables = new Set();
  const views = new Set();
  for (const exports of moduleExportsList) {
    for (const value of Object.values(exports ?? {})) {
      if (value === null || (typeof value !== 'object' && typeof value !== 'function')) continue;
      if (is(value, mysqlCore.MySqlTable)) tables.add(value);
      if (is(value, mysqlCore.MySqlView)) views.add(value);
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

  const column = (table, c) => {
    const where = `column ${table}.${c.name}`;
    const generated = c.generated
      ? {
          // Rendered as rc.5 renders it: columns qualified by their table (MySQL accepts that).
          as: is(c.generated.as, SQL) ? dialect.sqlToQuery(c.generated.as).sql : typeof c.generated.as === 'function' ? dialect.sqlToQuery(c.generated.as()).sql : String(c.generated.as),
          mode: c.generated.mode === 'stored' ? 'stored' : 'virtual',
        }
      : null;
    return {
      name: c.name,
      sqlType: c.getSQLType(),
      notNull: !!c.notNull,
      primary: !!c.primary,
      autoincrement: !!c.autoIncrement,
      onUpdateNow: !!c.hasOnUpdateNow,
      onUpdateNowFsp: c.hasOnUpdateNow ? (c.onUpdateNowFsp ?? null) : null,
      default: c.default === undefined ? null : is(c.default, SQL) ? { sql: defaultSql(c.default, where) } : { value: encodeValue(c.default) },
      generated,
      isUnique: !!c.isUnique,
      uniqueName: c.uniqueName ?? null,
      // Set by `.charSet()` / `.collate()` of char, varchar, the text types and mysqlEnum.
      charSet: c.charSet ?? null,
      collation: c.collation ?? null,
    };
  };

  const table = (t) => {
    const config = mysqlCore.getTableConfig(t);
    return {
      name: config.name,
      columns: config.columns.map((c) => column(config.name, c)),
      indexes: config.indexes.map((idx) => ({
        name: idx.config.name,
        columns: idx.config.columns.map((it) => (is(it, SQL) ? { value: ddlSql(it), isExpression: true } : { value: it.name, isExpression: false })),
        unique: !!idx.config.unique,
        using: idx.config.using ?? null,
        algorithm: idx.config.algorithm ?? null,
        lock: idx.config.lock ?? null,
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
      primaryKeys: config.primaryKeys.map((pk) => ({ columns: pk.columns.map((c) => c.name) })),
      uniqueConstraints: config.uniqueConstraints.map((u) => ({
        name: u.isNameExplicit ? u.name : null,
        columns: u.columns.map((c) => c.name),
      })),
      checks: config.checks.map((ch) => ({ name: ch.name, value: dialect.sqlToQuery(ch.value).sql })),
    };
  };

  return {
    tables: [...tables].map(table),
    views: [...views].map((v) => {
      const config = mysqlCore.getViewConfig(v);
      return {
        name: config.name,
        existing: !!config.isExisting,
        definition: config.isExisting || !config.query ? null : dialect.sqlToQuery(config.query).sql,
        algorithm: config.algorithm ?? null,
        sqlSecurity: config.sqlSecurity ?? null,
        withCheckOption: config.withCheckOption ?? null,
      };
    }),
  };
}
