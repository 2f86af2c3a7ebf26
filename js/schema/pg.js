// Postgres schema modules → the plain-data "interim" description the Rust core turns into entity rows.
//
// This file only *extracts*: it walks the user's drizzle-orm objects and copies what they hold. Every
// decision (defaults per type, names, casts, serial/identity handling, RLS, …) is made in Rust
// (src/model/pg/interim.rs, which documents the format). JS values that JSON cannot carry exactly
// (numbers as JS prints them, bigint, Date, Buffer, nested objects, undefined) are encoded losslessly
// by `encodeValue` so Rust can reproduce JavaScript's `String(v)` and JSON rendering byte for byte.

import { SleetError } from '../errors.js';

class CircularValueError extends Error {
  constructor() {
    super('is circular (an object or array that contains itself)');
  }
}

/**
 * @typedef {{ orm: any, pgCore: any }} Drizzle  the user's own `drizzle-orm` and `drizzle-orm/pg-core`
 */

/**
 * Describe every Postgres entity exported by the given schema modules.
 * @param {Array<Record<string, unknown>>} moduleExportsList  one entry per loaded schema module
 * @param {Drizzle} drizzle
 * @returns {object} the interim description (see src/model/pg/interim.rs)
 */
export function serializePg(moduleExportsList, drizzle) {
  const { orm, pgCore } = drizzle;
  const { is, SQL, entityKind } = orm;
  const dialect = new pgCore.PgDialect();

  // Same classification order as drizzle-kit: every kind collected across all modules, module order
  // kept within a kind. The same object exported twice (re-exports) is described once.
  const found = {
    enums: new Set(),
    tables: new Set(),
    schemas: new Set(),
    views: new Set(),
    matViews: new Set(),
    sequences: new Set(),
    roles: new Set(),
    policies: new Set(),
  };
  for (const exports of moduleExportsList) {
    for (const value of Object.values(exports ?? {})) {
      if (value === null || (typeof value !== 'object' && typeof value !== 'function')) continue;
      if (pgCore.isPgEnum(value)) {
        found.enums.add(value);
        continue;
      }
      if (is(value, pgCore.PgTable)) found.tables.add(value);
      if (is(value, pgCore.PgSchema)) found.schemas.add(value);
      if (pgCore.isPgView(value)) found.views.add(value);
      if (pgCore.isPgMaterializedView(value)) found.matViews.add(value);
      if (pgCore.isPgSequence(value)) found.sequences.add(value);
      if (is(value, pgCore.PgRole)) found.roles.add(value);
      if (is(value, pgCore.PgPolicy)) found.policies.add(value);
    }
  }

  // A column's kinds follow from its class alone: walked once per class, not once per column.
  /** @type {Map<unknown, string[]>} */
  const kindsByClass = new Map();
  /** @param {any} value */
  const kindsOf = (value) => {
    const cls = value?.constructor;
    let kinds = kindsByClass.get(cls);
    if (kinds) return kinds;
    kinds = [];
    for (let ctor = cls; ctor; ctor = Object.getPrototypeOf(ctor)) {
      const kind = ctor[entityKind];
      if (typeof kind === 'string' && kinds[kinds.length - 1] !== kind) kinds.push(kind);
    }
    kindsByClass.set(cls, kinds);
    return kinds;
  };

  /**
   * An `SQL` value rendered three ways; Rust picks the rendering each context needs.
   * @param {any} sqlValue
   */
  const renderSql = (sqlValue) => {
    const plain = dialect.sqlToQuery(sqlValue);
    // Wrapping instead of calling `.inlineParams()` on the user's object, which would mutate it.
    const inlinedUnqualified = dialect.sqlToQuery(new SQL([sqlValue]).inlineParams(), 'indexes').sql;
    return {
      sql: plain.sql,
      params: plain.params.map((v) => encodeValue(v)),
      unqualified: inlinedUnqualified,
    };
  };

  /** A value that may be `SQL`, a function returning `SQL`, or a plain JS value. */
  const sqlOrValue = (value) => {
    if (is(value, SQL)) return { sql: renderSql(value) };
    if (typeof value === 'function') {
      const produced = value();
      if (is(produced, SQL)) return { sql: renderSql(produced) };
      return { value: encodeValue(produced) };
    }
    return { value: encodeValue(value) };
  };

  // The name and schema alone: getTableConfig would run the whole extra-config builder of the
  // referenced table again, once per foreign key (a third of the schema walk at 1,000 tables).
  const tableRef = orm.getTableSchema
    ? (table) => ({ schema: orm.getTableSchema(table) ?? null, name: orm.getTableName(table) })
    : (table) => {
        const config = pgCore.getTableConfig(table);
        return { schema: config.schema ?? null, name: config.name };
      };

  const roleNames = (to) => {
    if (to === undefined || to === null) return null;
    const one = (it) => (typeof it === 'string' ? it : is(it, pgCore.PgRole) ? it.name : null);
    if (Array.isArray(to)) return to.map(one);
    return [one(to)];
  };

  const policy = (p) => ({
    name: p.name,
    as: p.as ?? null,
    for: p.for ?? null,
    to: roleNames(p.to),
    using: is(p.using, SQL) ? renderSql(p.using) : null,
    withCheck: is(p.withCheck, SQL) ? renderSql(p.withCheck) : null,
  });

  // Only what differs from the core's defaults (0, false, null, JS undefined for mode and srid, which
  // the core reads like null): at 1,000 tables the description's size (5.4 → 2.4 MB) is what the
  // engine spends parsing it.
  const column = (c) => {
    /** @type {Record<string, unknown>} */
    const out = { name: c.name, kinds: kindsOf(c), sqlType: c.getSQLType() };
    if (c.dimensions) out.dimensions = c.dimensions;
    if (c.notNull) out.notNull = true;
    if (c.primary) out.primary = true;
    if (c.default !== undefined) out.default = sqlOrValue(c.default);
    if (c.generated) out.generated = sqlOrValue(c.generated.as);
    if (c.generatedIdentity) {
      out.identity = {
        type: c.generatedIdentity.type,
        sequenceName: c.generatedIdentity.sequenceName ?? null,
        options: encodeOptions(c.generatedIdentity.sequenceOptions),
      };
    }
    if (c.isUnique) out.unique = true;
    if (c.uniqueName != null) out.uniqueName = c.uniqueName;
    if (c.uniqueType != null) out.uniqueNulls = c.uniqueType;
    if (c.enum) out.enum = { name: c.enum.enumName, schema: c.enum.schema ?? null };
    if (c.mode !== undefined) out.mode = encodeValue(c.mode);
    if (c.srid !== undefined) out.srid = encodeValue(c.srid);
    return out;
  };

  const index = (idx) => {
    const config = idx.config;
    return {
      name: config.name ?? null,
      nameExplicit: !!idx.isNameExplicit,
      columns: config.columns.map((it) =>
        is(it, SQL)
          ? { expression: renderSql(it) }
          : {
              name: it.name,
              columnType: it.type ?? null,
              order: it.indexConfig?.order ?? null,
              nulls: it.indexConfig?.nulls ?? null,
              opClass: it.indexConfig?.opClass ?? null,
            },
      ),
      unique: !!config.unique,
      where: config.where ? renderSql(config.where) : null,
      concurrently: config.concurrently ?? false,
      method: config.method ?? null,
      with: encodeOptions(config.with),
    };
  };

  const table = (t) => {
    const config = pgCore.getTableConfig(t);
    return {
      name: config.name,
      schema: config.schema ?? null,
      enableRLS: !!config.enableRLS,
      columns: config.columns.map((c) => {
        try {
          return column(c);
        } catch (err) {
          if (!(err instanceof CircularValueError)) throw err;
          throw new SleetError('schema_error', `${config.schema ?? 'public'}.${config.name}.${c.name}: its default ${err.message}; a default must be plain data (no object that contains itself)`);
        }
      }),
      indexes: config.indexes.map(index),
      foreignKeys: config.foreignKeys.map((fk) => {
        const reference = fk.reference();
        return {
          name: fk.isNameExplicit() ? fk.getName() : null,
          columns: reference.columns.map((c) => c.name),
          to: tableRef(reference.foreignTable),
          columnsTo: reference.foreignColumns.map((c) => c.name),
          onUpdate: fk.onUpdate ?? null,
          onDelete: fk.onDelete ?? null,
        };
      }),
      primaryKeys: config.primaryKeys.map((pk) => ({
        name: pk.name ?? null,
        nameExplicit: !!pk.isNameExplicit,
        columns: pk.columns.map((c) => c.name),
      })),
      uniqueConstraints: config.uniqueConstraints.map((u) => ({
        name: u.isNameExplicit ? u.name : null,
        columns: u.columns.map((c) => c.name),
        nullsNotDistinct: !!u.nullsNotDistinct,
      })),
      checks: config.checks.map((ch) => ({ name: ch.name, value: renderSql(ch.value) })),
      policies: config.policies.map(policy),
    };
  };

  /** `[schema, name]` of a view or materialized view object, or null for anything else. */
  const viewIdentity = (value) => {
    const config = pgCore.isPgView(value)
      ? pgCore.getViewConfig(value)
      : pgCore.isPgMaterializedView(value)
        ? pgCore.getMaterializedViewConfig(value)
        : null;
    return config ? [config.schema ?? 'public', config.originalName ?? config.name] : null;
  };

  /**
   * The views a view's query references as drizzle objects (query builder or `${view}` inside sql``),
   * which is what rc.5's CLI orders `CREATE VIEW`s by. Views named only inside raw SQL text are not
   * seen, exactly as in rc.5. Tables end the walk: their columns cannot lead to a view.
   * @param {any} query
   */
  const viewDependencies = (query) => {
    const found = new Map();
    const seen = new Set();
    const pending = [query];
    while (pending.length > 0) {
      const chunk = pending.pop();
      if (typeof chunk !== 'object' || chunk === null || seen.has(chunk)) continue;
      seen.add(chunk);
      const identity = viewIdentity(chunk);
      if (identity) {
        found.set(JSON.stringify(identity), identity);
        continue;
      }
      // Children are pushed in reverse so they are visited first-to-last (the order rc.5 follows).
      let children = [];
      if (is(chunk, orm.Table)) continue;
      else if (is(chunk, SQL)) children = chunk.queryChunks;
      else if (is(chunk, SQL.Aliased)) children = [chunk.sql];
      else if (is(chunk, orm.Subquery)) children = [chunk._.sql];
      else if (is(chunk, orm.Param)) children = [chunk.value];
      else if (Array.isArray(chunk)) children = chunk;
      else if (typeof chunk.getSQL === 'function') children = [chunk.getSQL()];
      for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]);
    }
    return [...found.values()];
  };

  const view = (v, materialized) => {
    const config = materialized ? pgCore.getMaterializedViewConfig(v) : pgCore.getViewConfig(v);
    return {
      dependsOn: config.isExisting || !config.query ? [] : viewDependencies(config.query),
      name: config.name,
      schema: config.schema ?? null,
      materialized,
      existing: !!config.isExisting,
      query: config.isExisting || !config.query ? null : renderSql(config.query),
      with: encodeOptions(config.with),
      using: materialized ? (config.using ?? null) : null,
      tablespace: materialized ? (config.tablespace ?? null) : null,
      withNoData: materialized ? (config.withNoData ?? null) : null,
    };
  };

  return {
    schemas: [...found.schemas].map((s) => ({ name: s.schemaName, existing: !!s.isExisting })),
    enums: [...found.enums].map((e) => ({ name: e.enumName, schema: e.schema ?? null, values: [...e.enumValues] })),
    tables: [...found.tables].map(table),
    sequences: [...found.sequences].map((s) => ({
      name: s.seqName,
      schema: s.schema ?? null,
      options: encodeOptions(s.seqOptions),
    })),
    roles: [...found.roles].map((r) => ({
      name: r.name,
      existing: !!r._existing,
      superuser: r.superuser ?? null,
      createDb: r.createDb ?? null,
      createRole: r.createRole ?? null,
      inherit: r.inherit ?? null,
      canLogin: r.canLogin ?? null,
      replication: r.replication ?? null,
      bypassRls: r.bypassRls ?? null,
      connLimit: r.connLimit ?? null,
      password: r.password ?? null,
      validUntil: r.validUntil ?? null,
    })),
    policies: [...found.policies].map((p) => ({
      ...policy(p),
      table: p._linkedTable ? tableRef(p._linkedTable) : null,
    })),
    views: [
      ...[...found.views].map((v) => view(v, false)),
      ...[...found.matViews].map((v) => view(v, true)),
    ],
  };
}

/**
 * An options object (`with`, sequence options) as `[key, value]` pairs: keeps key order and never
 * confuses a user key with an encoding tag.
 * @param {Record<string, unknown> | undefined | null} options
 */
function encodeOptions(options) {
  if (options === undefined || options === null) return null;
  return Object.entries(options).map(([k, v]) => [k, encodeValue(v)]);
}

/**
 * Lossless JSON encoding of a JS value (see "JS values" in src/model/pg/interim.rs):
 * null / booleans / strings as themselves, arrays as arrays, everything else as a one-key tag object.
 * @param {unknown} value
 * @returns {unknown}
 */
export function encodeValue(value, ancestors = []) {
  if (value === null) return null;
  switch (typeof value) {
    case 'undefined':
    case 'function':
    case 'symbol':
      return { undefined: true };
    case 'boolean':
    case 'string':
      return value;
    case 'number':
      return { number: String(value) };
    case 'bigint':
      return { bigint: value.toString() };
    default:
      break;
  }
  // An object that contains itself has no JSON (rc.5 overflows the stack with no column named).
  if (ancestors.includes(value)) throw new CircularValueError();
  const inner = [...ancestors, value];
  if (Array.isArray(value)) return value.map((v) => encodeValue(v, inner));
  if (value instanceof Date) {
    const valid = !Number.isNaN(value.getTime());
    return { date: valid ? value.toISOString() : null, string: String(value) };
  }
  if (ArrayBuffer.isView(value)) {
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    return {
      bytes: Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(''),
      string: String(value),
      json: typeof value.toJSON === 'function' ? encodeValue(value.toJSON(), inner) : encodeValue({ ...value }, inner),
    };
  }
  const object = /** @type {Record<string, unknown>} */ (value);
  if (typeof object.toJSON === 'function') {
    return { json: encodeValue(object.toJSON(), inner), string: String(object) };
  }
  return {
    object: Object.keys(object).map((k) => [k, encodeValue(object[k], inner)]),
    string: String(object),
  };
}
